/**
 * The snapshot's per-container daemon calls, against a fake daemon client (the engine's daemon methods
 * replaced), no daemon needed: they run at most SNAPSHOT_CONCURRENCY at a time (calls in flight
 * counted), the snapshot the same as with no bound, errors included; and a daemon whose clock is
 * seconds off this machine's does not get every container inspected again on every snapshot, and
 * has its clock read again once a minute (or after a resync), not on every snapshot.
 */
import { describe, expect, it, vi } from 'vitest'
import { EngineError } from '../../domain/errors'
import { statusAt, type StatusTimes } from '../../domain/status'
import type { ChangeEntry, ContainerInspect, DockerEvent, ContainerSummary, HistoryEntry, ImageInspect, ImageSummary } from '../../domain/types'
import { CLOCK_READ_EVERY_MS, connectLive, SNAPSHOT_CONCURRENCY, type LiveEngine } from './live-engine'

const V = { Version: '27.0.0', ApiVersion: '1.46', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', KernelVersion: '6' }
const IMG = 'sha256:' + 'a'.repeat(64)
const N = 50
const id = (i: number) => i.toString(16).padStart(64, '0')
const T0 = Date.parse('2026-01-01T00:00:00Z')

/** 50 containers: exited and running managed ones, unmanaged ones, some listed by image ID (Config.Image asked), one gone before its inspect, one whose diff fails */
function fakeList(): ContainerSummary[] {
  return Array.from({ length: N }, (_, i) => ({
    Id: id(i),
    Names: [`/c${i}`],
    Image: i % 5 === 0 ? IMG.slice(7, 19) : 'base:1',
    ImageID: IMG,
    Command: 'sh',
    Created: i,
    State: i % 3 === 0 ? 'running' : 'exited',
    Status: i % 3 === 0 ? 'Up 3 years' : `Exited (${i % 4}) 2 years ago`,
    Labels: i % 7 === 6 ? {} : { 'io.layerlab.managed': 'true' },
    Ports: [],
    Mounts: [],
  })) as unknown as ContainerSummary[]
}

async function fakeEngine(opts: { snapshotConcurrency?: number }) {
  const e = await connectLive({ endpoint: 'tcp://127.0.0.1:1', source: 'test', dockerodeOptions: { host: '127.0.0.1', port: 1, protocol: 'http' } }, { versionInfo: V, followEvents: false, ...opts })
  const seen = { inFlight: 0, max: 0, calls: 0 }
  // each call waits a few ms (different per container), so unbounded calls would all overlap
  const daemon = <T>(i: number, answer: () => T) => async (): Promise<T> => {
    seen.calls++
    seen.max = Math.max(seen.max, ++seen.inFlight)
    try {
      await new Promise((r) => setTimeout(r, 1 + (i % 4)))
      return answer()
    } finally {
      seen.inFlight--
    }
  }
  const index = (nameOrId: string) => parseInt(nameOrId, 16)
  Object.assign(e, {
    listImages: async (): Promise<ImageSummary[]> => [{ Id: IMG, ParentId: '', RepoTags: ['base:1'], RepoDigests: [], Created: 1, Size: 10, SharedSize: -1, Labels: {}, Containers: -1 } as unknown as ImageSummary],
    inspectImage: async (): Promise<ImageInspect> => ({ Id: IMG, RootFS: { Type: 'layers', Layers: ['sha256:l1'] }, Config: { Cmd: ['sh'] } }) as unknown as ImageInspect,
    imageHistory: async (): Promise<HistoryEntry[]> => [{ Id: IMG, Created: 1, CreatedBy: 'ADD rootfs', Tags: null, Size: 5, Comment: '' }],
    listContainers: async () => fakeList(),
    systemTime: async () => undefined,
    inspectContainer: (nameOrId: string) => {
      const i = index(nameOrId)
      return daemon(i, (): ContainerInspect => {
        if (i === 14) throw new EngineError(404, `No such container: ${nameOrId}`)
        return { Id: nameOrId, Config: { Image: `app:${i}` }, State: { StartedAt: new Date(T0 + i * 1000).toISOString(), FinishedAt: i % 3 ? new Date(T0 + i * 2000).toISOString() : '0001-01-01T00:00:00Z' } } as unknown as ContainerInspect
      })()
    },
    containerChanges: (nameOrId: string) => {
      const i = index(nameOrId)
      return daemon(i, (): ChangeEntry[] => {
        if (i === 22) throw new EngineError(500, 'driver failed')
        return [{ Path: `/f${i}`, Kind: (i % 3) as 0 | 1 | 2 }]
      })()
    },
  })
  return { e: e as LiveEngine, seen, daemon }
}

describe('snapshot: per-container daemon calls are bounded', () => {
  it(`never more than ${SNAPSHOT_CONCURRENCY} in flight with ${N} containers, and the same snapshot as without a bound`, async () => {
    const bounded = await fakeEngine({})
    const free = await fakeEngine({ snapshotConcurrency: Infinity })
    try {
      const a = await bounded.e.snapshot()
      const b = await free.e.snapshot()
      // the fake is able to see a missing bound: without one, the calls all overlap
      expect(free.seen.max).toBe(N)
      expect(bounded.seen.max).toBeLessThanOrEqual(SNAPSHOT_CONCURRENCY)
      expect(bounded.seen.max).toBe(SNAPSHOT_CONCURRENCY) // and the bound is used, not a crawl one at a time
      expect(bounded.seen.calls).toBe(free.seen.calls)
      const strip = (s: typeof a) => ({ ...s, takenAt: undefined })
      expect(strip(a)).toEqual(strip(b))
      // what the fake answered got through, in list order; errors as before: no times, no changes
      expect(a.containers.map((c) => c.name)).toEqual(fakeList().map((c) => c.Names[0]!.slice(1)))
      expect(a.containers[5]).toMatchObject({ imageRef: 'app:5', startedAt: T0 + 5000, finishedAt: T0 + 10_000, changes: [{ Path: '/f5', Kind: 2 }] })
      expect(a.containers[14]).toMatchObject({ status: "Exited (2) 2 years ago", changes: [{ Path: "/f14", Kind: 2 }] })
      expect(a.containers[14]!.startedAt).toBeUndefined()
      expect(a.containers[22]!.changes).toBeNull()
      expect(a.containers[6]!.changes).toBeNull() // unmanaged: no diff asked
    } finally {
      await bounded.e.close()
      await free.e.close()
    }
  })

  it('the bound holds over snapshots taken at the same time', async () => {
    const { e, seen } = await fakeEngine({ snapshotConcurrency: 4 })
    try {
      const [a, b] = await Promise.all([e.snapshot(), e.snapshot()])
      expect(seen.max).toBe(4)
      expect(a.containers).toEqual(b.containers)
    } finally {
      await e.close()
    }
  })
})

describe('snapshot: a stopped container\'s kept diff', () => {
  it('is kept when an event about another container came during the call, not when one about it did', async () => {
    const { e, seen } = await fakeEngine({})
    const diffs: number[] = []
    const original = e.containerChanges.bind(e)
    const emit = (id: string) => (e as unknown as { emit: (ev: DockerEvent) => void }).emit({ Type: 'container', Action: 'exec_start', Actor: { ID: id, Attributes: {} }, time: 0, timeNano: 0 })
    Object.assign(e, {
      containerChanges: async (nameOrId: string) => {
        const i = parseInt(nameOrId, 16)
        diffs.push(i)
        if (i === 1) emit('f'.repeat(64)) // another client's container
        if (i === 2) emit(id(2)) // this one: its answer may predate the change
        return original(nameOrId)
      },
    })
    // kept only while events are followed and connected: as if they were
    Object.assign(e, { followEvents: true, connected: true })
    try {
      await e.snapshot()
      const managed = fakeList().filter((c) => c.Labels['io.layerlab.managed'] === 'true').map((c) => parseInt(c.Id, 16))
      expect([...diffs].sort((x, y) => x - y)).toEqual(managed)
      diffs.length = 0
      await e.snapshot()
      const running = fakeList().filter((c) => c.State === 'running' && c.Labels['io.layerlab.managed'] === 'true').map((c) => parseInt(c.Id, 16))
      // running ones every time; of the stopped ones, 2 (its own event) and 22 (its diff failed)
      expect([...diffs].sort((x, y) => x - y)).toEqual([...running, 2, 22].sort((x, y) => x - y))
      expect(diffs).not.toContain(1)
      expect(seen.max).toBeLessThanOrEqual(SNAPSHOT_CONCURRENCY)
    } finally {
      await e.close()
    }
  })
})

describe('snapshot: per-image daemon calls share the bound', () => {
  it(`a first snapshot of ${N} images sends at most ${SNAPSHOT_CONCURRENCY} inspects and histories at once, and reads every image`, async () => {
    const { e, seen, daemon } = await fakeEngine({})
    const img = (i: number) => 'sha256:' + id(i)
    Object.assign(e, {
      listContainers: async () => [],
      listImages: async (): Promise<ImageSummary[]> =>
        Array.from({ length: N }, (_, i) => ({ Id: img(i), ParentId: '', RepoTags: [`i${i}:1`], RepoDigests: [], Created: i, Size: 10, SharedSize: -1, Labels: {}, Containers: -1 })) as unknown as ImageSummary[],
      inspectImage: (ref: string) => daemon(parseInt(ref.slice(7), 16), (): ImageInspect => ({ Id: ref, RootFS: { Type: 'layers', Layers: [`sha256:l${ref.slice(-4)}`] }, Config: { Cmd: ['sh'] } }) as unknown as ImageInspect)(),
      imageHistory: (ref: string) => daemon(parseInt(ref.slice(7), 16), (): HistoryEntry[] => [{ Id: ref, Created: 1, CreatedBy: 'ADD rootfs', Tags: null, Size: 5, Comment: '' }])(),
    })
    try {
      const s = await e.snapshot()
      expect(s.images.map((i) => i.id).sort()).toEqual(Array.from({ length: N }, (_, i) => img(i)).sort())
      expect(seen.calls).toBe(2 * N)
      expect(seen.max).toBeGreaterThan(1)
      expect(seen.max).toBeLessThanOrEqual(SNAPSHOT_CONCURRENCY)
    } finally {
      await e.close()
    }
  })
})

describe('snapshot: a daemon clock off this machine\'s', () => {
  const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : '0001-01-01T00:00:00Z')
  /** three unmanaged containers whose status texts the fake daemon writes by its own clock (statusAt, as moby does) */
  async function driftingDaemon(driftMs: number, systemTime: () => Promise<string | undefined>) {
    const e = await connectLive({ endpoint: 'tcp://127.0.0.1:1', source: 'test', dockerodeOptions: { host: '127.0.0.1', port: 1, protocol: 'http' } }, { versionInfo: V, followEvents: false })
    const daemonNow = () => Date.now() + driftMs
    const d0 = daemonNow()
    const cs: Array<{ state: string; text: string; times: StatusTimes }> = [
      { state: 'running', text: 'Up 1 second', times: { startedAt: d0 - 10_300 } },
      { state: 'exited', text: 'Exited (0) 1 second ago', times: { startedAt: d0 - 20_000, finishedAt: d0 - 4_400 } },
      { state: 'running', text: 'Up 1 second', times: { startedAt: d0 - 125_000 } },
    ]
    const inspected: string[] = []
    let listedAt = 0
    Object.assign(e, {
      systemTime,
      listImages: async () => [],
      listContainers: async () => {
        listedAt = daemonNow()
        return cs.map((c, i) => ({ Id: id(i), Names: [`/c${i}`], Image: 'base:1', ImageID: IMG, Command: 'sh', Created: 1, State: c.state, Status: statusAt(c.text, c.times, listedAt), Labels: {}, Ports: [], Mounts: [] }))
      },
      inspectContainer: async (nameOrId: string) => {
        inspected.push(nameOrId)
        const c = cs[parseInt(nameOrId, 16)]!
        return { Id: nameOrId, Config: { Image: 'base:1' }, State: { StartedAt: iso(c.times.startedAt), FinishedAt: iso(c.times.finishedAt) } }
      },
    })
    return { e: e as LiveEngine, inspected, listedAt: () => listedAt }
  }

  it.each([5000, -3000])('%i ms: the status times are read once, and takenAt is on the daemon\'s clock', async (drift) => {
    let clockReads = 0
    const d = await driftingDaemon(drift, async () => (clockReads++, new Date(Date.now() + drift).toISOString()))
    try {
      const first = await d.e.snapshot()
      expect(d.inspected).toHaveLength(3)
      expect(first.containers.map((c) => c.status)).toEqual(['Up 10 seconds', 'Exited (0) 4 seconds ago', 'Up 2 minutes'])
      expect(Math.abs(first.takenAt! - d.listedAt())).toBeLessThan(250)
      // the UI recomputes the text from takenAt: it reads as the daemon wrote it
      for (const c of first.containers) expect(statusAt(c.status, c, first.takenAt!)).toBe(c.status)
      const second = await d.e.snapshot()
      expect(d.inspected).toHaveLength(3) // the kept times still explain the texts: nothing asked again
      expect(second.containers).toEqual(first.containers)
      expect(clockReads).toBe(1) // the clock is read again after a minute, or after a resync:
      ;(d.e as unknown as { emit: (e: DockerEvent) => void }).emit({ Type: 'daemon', Action: 'resync', Actor: { ID: '', Attributes: {} }, time: 0, timeNano: 0 })
      await d.e.snapshot()
      expect(clockReads).toBe(2)
    } finally {
      await d.e.close()
    }
  })

  it(`the clock is read again once ${CLOCK_READ_EVERY_MS / 1000} s have passed, not before, and its new offset is taken`, async () => {
    // only Date is faked: this machine's clock stands still between the steps (so offsets are exact) and jumps when told
    vi.useFakeTimers({ toFake: ['Date'] })
    let drift = 5000
    let clockReads = 0
    const d = await driftingDaemon(0, async () => (clockReads++, new Date(Date.now() + drift).toISOString()))
    try {
      const first = await d.e.snapshot()
      expect(clockReads).toBe(1)
      expect(first.takenAt! - Date.now()).toBe(5000)
      // the daemon's clock moves (a VM's clock stepped by NTP); within the minute nobody asks
      drift = -3000
      vi.setSystemTime(Date.now() + CLOCK_READ_EVERY_MS - 1000)
      const within = await d.e.snapshot()
      expect(clockReads).toBe(1)
      expect(within.takenAt! - Date.now()).toBe(5000) // the last reading's offset
      // past the minute: the snapshot reads the clock again (in the background, beside the lists)
      vi.setSystemTime(Date.now() + 1001)
      await d.e.snapshot()
      expect(clockReads).toBe(2)
      await new Promise((r) => setTimeout(r, 0)) // the reading settles
      const after = await d.e.snapshot()
      expect(clockReads).toBe(2) // once a minute, not once a snapshot
      expect(after.takenAt! - Date.now()).toBe(-3000)
    } finally {
      await d.e.close()
      vi.useRealTimers()
    }
  })

  it('a daemon that does not tell its time: snapshots go on with this machine\'s clock', async () => {
    const d = await driftingDaemon(0, async () => {
      throw new EngineError(500, 'no info today')
    })
    try {
      const s = await d.e.snapshot()
      expect(s.containers.map((c) => c.status)).toEqual(['Up 10 seconds', 'Exited (0) 4 seconds ago', 'Up 2 minutes'])
      expect(Math.abs(s.takenAt! - Date.now())).toBeLessThan(250)
      await d.e.snapshot()
      expect(d.inspected).toHaveLength(3)
    } finally {
      await d.e.close()
    }
  })
})
