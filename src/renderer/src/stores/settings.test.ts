import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApiClient } from '../api/client'
import { useSettingsStore } from './settings'
import { fakeClient } from './test-client'

beforeEach(() => setActivePinia(createPinia()))

describe('settings store', () => {
  it('loads the settings and keeps main\'s answer to a mirror change, refused or saved', async () => {
    const view = (saved: string | null) => ({ registryMirror: { effective: saved, source: saved ? 'settings' : 'none', saved, env: null, envError: null }, notice: null })
    const f = fakeClient({
      'settings:get': () => view(null),
      'settings:setMirror': (r) => {
        const m = (r as { mirror: string }).mirror
        return m.startsWith('file:') ? { ok: false, reason: 'scheme', message: 'no', settings: view(null) } : { ok: true, settings: view(m) }
      },
    })
    setApiClient(f.client)
    const s = useSettingsStore()
    expect((await s.load())?.registryMirror.source).toBe('none')
    expect(await s.setMirror('file:///x')).toMatchObject({ ok: false, reason: 'scheme' })
    expect(s.view?.registryMirror.saved).toBeNull()
    expect(await s.setMirror('127.0.0.1:5000')).toMatchObject({ ok: true })
    expect(s.view?.registryMirror.effective).toBe('127.0.0.1:5000')
    // a transport failure is an error message, not a crash
    setApiClient(fakeClient({}).client)
    expect(await s.setMirror('a.example.com')).toBeNull()
    expect(s.error).toMatch(/no handler/)
  })
})
