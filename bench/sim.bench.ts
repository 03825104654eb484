/**
 * Simulator benchmarks, printed as figures (no pass/fail): `node --import tsx bench/sim.bench.ts`.
 * snapshot() with 5,000 images and 5,000 containers (goal ≤ 20 ms).
 */
import { createSimulator, emptyState, type SimState } from '../src/domain/sim/index'
import { seededRandom as seeded } from '../src/domain/random'


async function bigState(images: number, containers: number): Promise<SimState> {
  // Build real content through the engine: pull a base, then commit chains of small layers.
  let t = Date.parse('2026-01-01T00:00:00Z')
  const sim = createSimulator({ clock: () => t, random: seeded(42) })
  await sim.pullImage('busybox')
  const base = sim.saveState()
  const state: SimState = { ...emptyState(), ...base }
  const baseId = Object.keys(base.images)[0]
  const baseImg = base.images[baseId]
  let parent = baseImg
  for (let i = 0; i < images - 1; i++) {
    const layer = { [`/data/f${i}`]: { type: 'file' as const, size: 10 + i, mode: 0o644, content: `v${i}\n` } }
    const diffId = 'sha256:' + i.toString(16).padStart(64, '0')
    state.layers[diffId] = layer
    const id = 'sha256:e' + (i + 1).toString(16).padStart(63, '0')
    const p = i % 50 === 0 ? baseImg : parent
    const img = { ...p, id, parent: p.id, layers: [...p.layers, diffId], history: [...p.history, { created: t, createdBy: `RUN step ${i}`, emptyLayer: false, comment: '' }], created: t + i, lastTagTime: 0 }
    state.images[id] = img
    if (i % 3 === 0) state.tags[`app${i}:latest`] = id
    parent = img
  }
  const ids = Object.keys(state.images)
  const rnd = seeded(7)
  for (let i = 0; i < containers; i++) {
    const id = i.toString(16).padStart(8, '0') + 'c'.repeat(56)
    const imageId = ids[Math.floor(rnd() * ids.length)]
    state.containers[id] = {
      id,
      name: `c${i}`,
      imageId,
      imageRef: imageId,
      path: 'sleep',
      args: ['1000'],
      config: { Cmd: ['sleep', '1000'], Env: [], Labels: {}, Hostname: id.slice(0, 12) },
      autoRemove: false,
      created: t,
      status: i % 2 ? 'running' : 'exited',
      startedAt: t,
      finishedAt: i % 2 ? 0 : t + 1000,
      exitCode: 0,
      error: '',
      pid: i % 2 ? 1000 + i : 0,
      endsAt: null,
      pendingExit: 0,
      restartCount: 0,
      stdout: '',
      stderr: '',
      rw: i % 4 === 0 ? { '/tmp': { type: 'dir', size: 0, mode: 0o755 }, [`/tmp/x${i}`]: { type: 'file', size: 3, mode: 0o644, content: 'hi\n' } } : {},
    }
  }
  t += 5000
  return state
}

async function main(): Promise<void> {
  const N = Number(process.env.BENCH_N ?? 5000)
  const t0 = performance.now()
  const state = await bigState(N, N)
  const sim = createSimulator({ state, clock: () => Date.parse('2026-01-01T00:10:00Z') })
  const t1 = performance.now()
  console.log(`setup: ${N} images, ${N} containers in ${(t1 - t0).toFixed(0)} ms (load/validate included)`)
  const times: number[] = []
  for (let i = 0; i < 5; i++) await sim.snapshot() // warm-up (first calls fill the per-image caches)
  for (let i = 0; i < 31; i++) {
    const a = performance.now()
    const snap = await sim.snapshot()
    times.push(performance.now() - a)
    if (snap.images.length !== N || snap.containers.length !== N) throw new Error(`snapshot lost objects: ${snap.images.length} images, ${snap.containers.length} containers`)
  }
  times.sort((a, b) => a - b)
  console.log(`snapshot(): median ${times[15].toFixed(2)} ms, p90 ${times[27].toFixed(2)} ms, min ${times[0].toFixed(2)} ms, max ${times[30].toFixed(2)} ms over 31 runs after 5 warm-up runs (goal ≤ 20 ms)`)
  const c0 = performance.now()
  const cold = createSimulator({ state: sim.saveState(), clock: () => Date.parse('2026-01-01T00:10:00Z') })
  const c1 = performance.now()
  await cold.snapshot()
  console.log(`first snapshot() of a freshly loaded engine (cold caches): ${(performance.now() - c1).toFixed(1)} ms (load ${(c1 - c0).toFixed(0)} ms)`)
  const a = performance.now()
  const saved = JSON.stringify(sim.saveState())
  console.log(`saveState()+JSON.stringify: ${(performance.now() - a).toFixed(1)} ms, ${(saved.length / 1e6).toFixed(2)} MB`)
  const b = performance.now()
  await sim.listContainers({ all: true })
  console.log(`listContainers({all}): ${(performance.now() - b).toFixed(2)} ms`)
  const ops = 200
  const o = performance.now()
  for (let i = 0; i < ops; i++) {
    const { Id } = await sim.createContainer({ Image: Object.keys(state.images)[0], Cmd: ['sh', '-c', `echo ${i} > /tmp/n`] })
    await sim.startContainer(Id)
  }
  const per = (performance.now() - o) / ops
  console.log(`create+start at this size: ${per.toFixed(2)} ms per container (${(1000 / per).toFixed(0)}/s)`)
  const small = createSimulator({ clock: () => Date.parse('2026-01-01T00:10:00Z') })
  await small.pullImage('busybox')
  const p = performance.now()
  for (let i = 0; i < ops; i++) {
    const { Id } = await small.createContainer({ Image: 'busybox', Cmd: ['sh', '-c', `echo ${i} > /tmp/n`] })
    await small.startContainer(Id)
  }
  const perSmall = (performance.now() - p) / ops
  console.log(`create+start from an empty sandbox: ${perSmall.toFixed(3)} ms per container (${(1000 / perSmall).toFixed(0)}/s)`)
}

void main()
