import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApiClient } from '../api/client'
import { useLessonStore } from './lesson'
import { useUiStore } from './ui'
import { fakeClient } from './test-client'

beforeEach(() => setActivePinia(createPinia()))

describe('ui store', () => {
  it('switches locale (saved best effort), theme and restores the saved locale', async () => {
    const f = fakeClient({ 'progress:get': () => ({ version: 1, locale: 'zh-CN', activeLesson: null, lessons: {} }) })
    setApiClient(f.client)
    const u = useUiStore()
    await u.restore()
    expect(u.locale).toBe('zh-CN')
    await u.setLocale('en') // no handler: must not throw
    expect(u.locale).toBe('en')
    u.toggleTheme()
    expect(u.isDark).toBe(true)
  })

  it('takes the saved locale from a progress file it is given, without asking again (boot.ts renders once, in that language)', async () => {
    const f = fakeClient({
      'lessons:list': () => [],
      'progress:get': () => ({ version: 1, locale: 'zh-CN', activeLesson: null, lessons: {} }),
    })
    setApiClient(f.client)
    const lessons = useLessonStore()
    const u = useUiStore()
    const file = await lessons.init()
    await u.restore(file)
    expect(u.locale).toBe('zh-CN')
    // init answers once: a second caller (App.vue after boot.ts) gets the same file, no new round trip
    expect(await lessons.init()).toBe(file)
    expect(f.calls.map(([c]) => c).sort()).toEqual(['lessons:list', 'progress:get'])
    // no progress could be read: the defaults stay and nothing is asked
    const v = useUiStore()
    v.locale = 'en'
    await v.restore(null)
    expect(v.locale).toBe('en')
    expect(f.calls).toHaveLength(2)
  })
})
