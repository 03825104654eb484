import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useNow } from './useNow'

describe('useNow (the inspect panel’s ticking clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.UTC(2026, 10, 29, 8, 0, 0))
  })
  afterEach(() => vi.useRealTimers())

  it('moves once a second while active, stops when inactive and when its owner goes away', async () => {
    const active = ref(true)
    const scope = effectScope()
    const now = scope.run(() => useNow(active))!
    const t0 = now.value
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(999)
    expect(now.value).toBe(t0)
    vi.advanceTimersByTime(1)
    expect(now.value).toBe(t0 + 1000)
    vi.advanceTimersByTime(3000)
    expect(now.value).toBe(t0 + 4000)
    // nothing that moves is shown: no timer
    active.value = false
    await nextTick()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(5000)
    expect(now.value).toBe(t0 + 4000)
    active.value = true
    await nextTick()
    expect(now.value).toBe(t0 + 9000) // catches up at once
    expect(vi.getTimerCount()).toBe(1)
    // the panel closes (its component scope is disposed): the timer goes with it
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(5000)
    expect(now.value).toBe(t0 + 9000)
  })

  it('starts no timer when nothing ticks', () => {
    const scope = effectScope()
    scope.run(() => useNow(() => false))
    expect(vi.getTimerCount()).toBe(0)
    scope.stop()
  })
})
