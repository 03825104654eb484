/**
 * The registry mirror setting through the contract, as the settings screen uses it: settings:get,
 * settings:setMirror refusing bad text with a code (nothing changes) and saving good text,
 * kept across a restart on the same data folder; LAYERLAB_REGISTRY_MIRROR wins and is shown;
 * a corrupt settings.json is kept aside with a notice.
 */
import { writeFile, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useServices } from '../helpers/services'

const start = useServices()

describe('registry mirror setting (settings:get / settings:setMirror)', () => {
  it('refuses bad text with a code, saves good text, and keeps it across a restart', async () => {
    const a = await start()
    expect(await a.call('settings:get', undefined)).toEqual({
      registryMirror: { effective: null, source: 'none', saved: null, env: null, envError: null },
      notice: null,
    })
    const bad = await a.call('settings:setMirror', { mirror: 'file:///etc/passwd' })
    expect(bad).toMatchObject({ ok: false, reason: 'scheme', settings: { registryMirror: { effective: null } } })
    const good = await a.call('settings:setMirror', { mirror: ' http://127.0.0.1:5000/ ' })
    expect(good).toMatchObject({ ok: true, settings: { registryMirror: { effective: '127.0.0.1:5000', source: 'settings', saved: '127.0.0.1:5000' } } })
    expect(JSON.parse(await readFile(path.join(a.dataDir, 'settings.json'), 'utf8')).registryMirror).toBe('127.0.0.1:5000')
    await a.stop()
    const b = await start({ dataDir: a.dataDir })
    expect((await b.call('settings:get', undefined)).registryMirror).toMatchObject({ effective: '127.0.0.1:5000', source: 'settings' })
    // cleared with ''
    expect(await b.call('settings:setMirror', { mirror: '' })).toMatchObject({ ok: true, settings: { registryMirror: { effective: null, source: 'none', saved: null } } })
  })

  it('the contract refuses a non-string or oversized mirror before any handler runs', async () => {
    const a = await start()
    await expect(a.call('settings:setMirror', { mirror: 5 })).rejects.toThrow(/invalid payload for settings:setMirror/)
    await expect(a.call('settings:setMirror', { mirror: 'x'.repeat(1001) })).rejects.toThrow(/settings:setMirror/)
    await expect(a.call('settings:setMirror', { mirror: 'a.example.com', extra: 1 })).rejects.toThrow(/settings:setMirror/)
  })

  it('LAYERLAB_REGISTRY_MIRROR wins over the saved value and is shown; an invalid one is not used', async () => {
    const a = await start({ env: { LAYERLAB_REGISTRY_MIRROR: 'http://mirror.example.com:5000' } })
    const r = await a.call('settings:setMirror', { mirror: '127.0.0.1:5000' })
    expect(r).toMatchObject({ ok: true, settings: { registryMirror: { effective: 'mirror.example.com:5000', source: 'env', saved: '127.0.0.1:5000', env: 'http://mirror.example.com:5000', envError: null } } })
    await a.stop()
    const b = await start({ dataDir: a.dataDir, env: { LAYERLAB_REGISTRY_MIRROR: 'javascript:alert(1)' } })
    expect((await b.call('settings:get', undefined)).registryMirror).toEqual({ effective: '127.0.0.1:5000', source: 'settings', saved: '127.0.0.1:5000', env: 'javascript:alert(1)', envError: 'scheme' })
  })

  it('a corrupt settings.json is kept aside with a notice; the defaults apply and saving works', async () => {
    const a = await start()
    await a.stop()
    await writeFile(path.join(a.dataDir, 'settings.json'), '{"version":1,"registryMirror":"127.0.0.1:5000"')
    const b = await start({ dataDir: a.dataDir })
    const view = await b.call('settings:get', undefined)
    expect(view.registryMirror.effective).toBeNull()
    expect(view.notice).toMatchObject({ code: 'corrupt' })
    expect(await readFile(view.notice!.aside!, 'utf8')).toBe('{"version":1,"registryMirror":"127.0.0.1:5000"')
    expect(await b.call('settings:setMirror', { mirror: '127.0.0.1:5000' })).toMatchObject({ ok: true })
  })
})
