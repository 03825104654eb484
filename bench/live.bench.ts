/**
 * Live engine benchmarks against the daemon here, printed as figures (no pass/fail):
 *   node --import tsx bench/live.bench.ts  [images=1000] [containers=1000]
 * Creates image references (a few tiny imported images, then API tags on them up to `images`)
 * and `containers` created-not-started containers, all labelled io.layerlab.bench=<run>; prints
 * snapshot() time (cold and warm) beside `docker images -a` + `docker ps -a` (the real CLI) in the
 * same run (goal ≤ 1.5×), and the delay from a daemon event to the listener (goal ≤ 100 ms).
 * Cleans up everything it created, and only that.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeTar } from '../src/domain/tar'
import { connectLive } from '../src/main/live/live-engine'

const N_IMAGES = Number(process.argv[2] ?? 1000)
const N_CONTAINERS = Number(process.argv[3] ?? 1000)
const DISTINCT = 10
const RUN = randomBytes(3).toString('hex')
const LABEL = `io.layerlab.bench=${RUN}`
const REPO = `ll-bench-${RUN}`

function tarOf(name: string, content: string): Promise<Uint8Array> {
  return Promise.resolve(writeTar([{ name, content }]))
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  const q = [...items]
  await Promise.all(Array.from({ length: n }, async () => { for (let t = q.shift(); t !== undefined; t = q.shift()) await fn(t) }))
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  const live = await connectLive('unix:///var/run/docker.sock')
  const ids: string[] = []
  const containers: string[] = []
  try {
    let t0 = process.hrtime.bigint()
    for (let i = 0; i < DISTINCT; i++) {
      ids.push(await live.importImage(await tarOf(`f${i}`, `bench ${RUN} ${i}\n`), { repo: REPO, tag: `base${i}`, changes: [`LABEL io.layerlab.bench=${RUN}`, 'CMD ["/f0"]'] }))
    }
    const tags = Array.from({ length: Math.max(0, N_IMAGES - DISTINCT) }, (_, i) => i)
    await pool(tags, 16, (i) => live.tagImage(ids[i % DISTINCT]!, REPO, `t${i}`))
    console.log(`setup: ${DISTINCT} imported images + ${tags.length} tags in ${ms(t0).toFixed(0)} ms`)

    t0 = process.hrtime.bigint()
    await pool(Array.from({ length: N_CONTAINERS }, (_, i) => i), 16, async (i) => {
      const { Id } = await live.createContainer({ name: `${REPO}-c${i}`, Image: ids[i % DISTINCT]!, Cmd: ['/f0'], Labels: { 'io.layerlab.bench': RUN } })
      containers.push(Id)
    })
    console.log(`setup: ${N_CONTAINERS} containers created in ${ms(t0).toFixed(0)} ms`)

    const cli: number[] = []
    const cold: number[] = []
    const warm: number[] = []
    let t = process.hrtime.bigint()
    let snap = await live.snapshot()
    cold.push(ms(t))
    for (let r = 0; r < 5; r++) {
      t = process.hrtime.bigint()
      execFileSync('docker', ['images', '-a'], { stdio: 'ignore' })
      execFileSync('docker', ['ps', '-a'], { stdio: 'ignore' })
      cli.push(ms(t))
      t = process.hrtime.bigint()
      snap = await live.snapshot()
      warm.push(ms(t))
    }
    const refs = snap.images.reduce((n, i) => n + i.tags.length, 0)
    console.log(`snapshot: ${snap.images.length} images (${refs} tags), ${snap.containers.length} containers`)
    console.log(`snapshot cold (inspect + history per image): ${cold[0]!.toFixed(1)} ms`)
    console.log(`snapshot warm (median of 5): ${median(warm).toFixed(1)} ms`)
    console.log(`docker images -a + docker ps -a (median of 5): ${median(cli).toFixed(1)} ms`)
    console.log(`ratio warm snapshot / CLI: ${(median(warm) / median(cli)).toFixed(2)}× (goal ≤ 1.5×)`)

    // event → listener delay
    const delays: number[] = []
    const off = live.onEvent((e) => {
      if (e.Type === 'container' && e.Action === 'rename' && e.Actor.Attributes.name?.startsWith(`${REPO}-r`)) delays.push(Date.now() - e.timeNano / 1e6)
    })
    await new Promise((r) => setTimeout(r, 300))
    for (let i = 0; i < 20; i++) await live.renameContainer(containers[i]!, `${REPO}-r${i}-${Date.now()}`)
    const tw = Date.now()
    while (delays.length < 20 && Date.now() - tw < 5000) await new Promise((r) => setTimeout(r, 10))
    off()
    console.log(`event → listener delay over ${delays.length} events: median ${median(delays).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms (goal ≤ 100 ms)`)
  } finally {
    const t0 = process.hrtime.bigint()
    await pool([...containers], 16, (id) => live.removeContainer(id, { force: true }).catch(() => {}))
    const left = await live.listImages({ filters: { label: [LABEL] } })
    for (const img of left) await live.removeImage(img.Id, { force: true }).catch(() => {})
    console.log(`cleanup: ${containers.length} containers, ${left.length} images in ${ms(t0).toFixed(0)} ms`)
    await live.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
