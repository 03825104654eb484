import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApiClient } from '../api/client'
import { useSnapshotStore } from './snapshot'
import { fakeClient, flush } from './test-client'

beforeEach(() => setActivePinia(createPinia()))

describe('snapshot store', () => {
  it('refetches on engine:changed, coalescing bursts', async () => {
    let n = 0
    const f = fakeClient({ 'engine:snapshot': async () => ({ revision: ++n, images: [], containers: [] }) })
    setApiClient(f.client)
    const s = useSnapshotStore()
    await s.init()
    expect(s.snapshot?.revision).toBe(1)
    f.emit('engine:changed', { event: null, revision: 2 })
    f.emit('engine:changed', { event: null, revision: 3 })
    f.emit('engine:changed', { event: null, revision: 4 })
    await flush()
    await s.refresh()
    // one in flight + one coalesced re-run for the burst, then the explicit refresh
    expect(n).toBeLessThanOrEqual(4)
    expect(s.snapshot?.revision).toBe(n)
    expect(f.calls.every(([c]) => c === 'engine:snapshot')).toBe(true)
  })
})
