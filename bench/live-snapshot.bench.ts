/**
 * Live snapshot with many stopped managed containers, against the daemon here, printed as figures:
 *   node --import tsx bench/live-snapshot.bench.ts  [counts=0,50,200] [runs=7] [limits=16,Infinity,8,32]
 * For each count, creates that many exited containers (layerlab/busybox:base running `true`), labelled
 * io.layerlab.managed=true and io.layerlab.bench=<run>, then per limit (the engine's snapshotConcurrency;
 * Infinity = no bound, as before SNAPSHOT_CONCURRENCY) and run, with the limits taken in turn: a new
 * engine's first snapshot (cold: an inspect for the status times and a diff per container) and its
 * second (warm: both kept). Prints medians and the most per-container calls seen in flight.
 * Removes what it created, and only that.
 */
import { randomBytes } from 'node:crypto'
import { connectLive, SNAPSHOT_CONCURRENCY, type LiveEngine } from '../src/main/live/live-engine'

const COUNTS = (process.argv[2] ?? '0,50,200').split(',').map(Number)
const RUNS = Number(process.argv[3] ?? 7)
const LIMITS = (process.argv[4] ?? `${SNAPSHOT_CONCURRENCY},Infinity,8,32`).split(',').map(Number)
const RUN = randomBytes(3).toString('hex')
const BASE = 'layerlab/busybox:base'
const SOCKET = 'unix:///var/run/docker.sock'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  const q = [...items]
  await Promise.all(Array.from({ length: n }, async () => { for (let t = q.shift(); t !== undefined; t = q.shift()) await fn(t) }))
}

/** counts the per-container calls a snapshot makes while they are in flight */
function counted(e: LiveEngine): { peak: () => number } {
  let inFlight = 0
  let peak = 0
  for (const name of ['inspectContainer', 'containerChanges'] as const) {
    const original = (e[name] as (id: string) => Promise<unknown>).bind(e)
    Object.assign(e, {
      [name]: async (id: string) => {
        peak = Math.max(peak, ++inFlight)
        try {
          return await original(id)
        } finally {
          inFlight--
        }
      },
    })
  }
  return { peak: () => peak }
}

async function main() {
  const admin = await connectLive(SOCKET, { followEvents: false })
  const versionInfo = await admin.version()
  const created: string[] = []
  try {
    for (const n of COUNTS) {
      const add = n - created.length
      if (add < 0) throw new Error('counts must grow, as 0,50,200')
      const t0 = Date.now()
      await pool(Array.from({ length: add }, (_, i) => i), 16, async () => {
        const { Id } = await admin.createContainer({ Image: BASE, Cmd: ['true'], Labels: { 'io.layerlab.managed': 'true', 'io.layerlab.bench': RUN } })
        created.push(Id)
        await admin.startContainer(Id)
      })
      await pool([...created], 16, (id) => admin.waitContainer(id))
      const all = (await admin.listContainers({ all: true })).length
      console.log(`\n${n} exited managed containers of this run (${all} on the daemon; ${add} created in ${Date.now() - t0} ms), ${RUNS} runs per limit:`)
      await new Promise((r) => setTimeout(r, 500)) // their die events are in
      const cold = new Map<number, number[]>(LIMITS.map((l) => [l, []]))
      const warm = new Map<number, number[]>(LIMITS.map((l) => [l, []]))
      const peak = new Map<number, number>(LIMITS.map((l) => [l, 0]))
      for (let r = 0; r < RUNS; r++) {
        for (const limit of LIMITS) {
          const e = await connectLive(SOCKET, { versionInfo, snapshotConcurrency: limit })
          const seen = counted(e)
          try {
            await new Promise((res) => setTimeout(res, 50)) // its event stream is open
            let t = performance.now()
            await e.snapshot()
            cold.get(limit)!.push(performance.now() - t)
            t = performance.now()
            await e.snapshot()
            warm.get(limit)!.push(performance.now() - t)
            peak.set(limit, Math.max(peak.get(limit)!, seen.peak()))
          } finally {
            await e.close()
          }
        }
      }
      // the limits ran in turn within each run: each run's ratio to no bound is less swayed by a busy machine
      const free = cold.get(Infinity)
      for (const limit of LIMITS) {
        const c = cold.get(limit)!
        const label = limit === Infinity ? 'no bound' : `limit ${limit}`
        const ratio = free && limit !== Infinity ? `  cold / no bound ×${median(c.map((v, i) => v / free[i]!)).toFixed(2)} (median of runs)` : ''
        console.log(
          `  ${label.padEnd(9)} cold median ${median(c).toFixed(1).padStart(6)} ms (min ${Math.min(...c).toFixed(1)}, max ${Math.max(...c).toFixed(1)})` +
            `  warm median ${median(warm.get(limit)!).toFixed(1).padStart(5)} ms  peak in flight ${peak.get(limit)}${ratio}`,
        )
      }
    }
  } finally {
    const t0 = Date.now()
    await pool([...created], 16, (id) => admin.removeContainer(id, { force: true }).catch(() => {}))
    const left = await admin.listContainers({ all: true, filters: { label: [`io.layerlab.bench=${RUN}`] } })
    console.log(`\ncleanup: ${created.length} containers removed in ${Date.now() - t0} ms, ${left.length} left`)
    await admin.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
