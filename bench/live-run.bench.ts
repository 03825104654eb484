/**
 * A foreground `docker run IMAGE echo hi` on the daemon here: the time until its output shows, the
 * docker CLI against Layerlab (the main-side services, as `terminal:run` reaches them from the
 * renderer: dispatch → terminal queue → CLI emulator → live engine), in turns, same daemon, same
 * image. Prints medians and the ratio (goal: Layerlab ≤ 1.2× the docker CLI). No pass/fail.
 *   npm run bench:live:run [-- ROUNDS]      (default 15; needs a daemon and layerlab/busybox:base)
 * The docker CLI's time includes starting its process, as a learner's shell pays it; Layerlab's
 * services are already running, as in the app.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { dispatch } from '../src/main/dispatch'
import { createServices } from '../src/main/services'
import type { EngineStatus, TerminalResult } from '../src/shared/contract'

const ROUNDS = Number(process.argv[2] ?? 15)
const IMAGE = 'layerlab/busybox:base'
const LINE = `docker run --rm ${IMAGE} echo hi`
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!

/** The docker CLI: from spawning it to `hi` on its stdout, and to its exit. */
function cli(): Promise<{ output: number; exit: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    let output = 0
    const p = spawn('docker', LINE.split(' ').slice(1))
    p.stdout.on('data', (d: Buffer) => {
      if (!output && d.toString().includes('hi')) output = performance.now() - t0
    })
    p.on('error', reject)
    p.on('close', (code) => (code === 0 ? resolve({ output, exit: performance.now() - t0 }) : reject(new Error(`docker exited ${code}`))))
  })
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'll-bench-run-'))
  let output = 0
  let t0 = 0
  const services = await createServices({
    dataDir,
    lessonsDir: path.resolve(import.meta.dirname, '../lessons'),
    transport: 'web',
    version: 'bench',
    mode: 'live',
    emit: (event, payload) => {
      const p = payload as { data?: string }
      if (event === 'terminal:output' && !output && p.data?.includes('hi')) output = performance.now() - t0
    },
  })
  try {
    const env0 = await dispatch(services.handlers, 'engine:status', undefined)
    const status = 'result' in env0 ? (env0.result as EngineStatus) : null
    if (status?.kind !== 'live') throw new Error(`no live daemon: ${JSON.stringify(env0)}`)
    const layerlab = async () => {
      output = 0
      t0 = performance.now()
      const env = await dispatch(services.handlers, 'terminal:run', { line: LINE })
      const exit = performance.now() - t0
      if (!('result' in env) || (env.result as TerminalResult).exitCode !== 0) throw new Error(`Layerlab: ${JSON.stringify(env)}`)
      return { output, exit }
    }
    // one of each first: images and connections warm on both sides
    await cli()
    await layerlab()
    const a: Array<{ output: number; exit: number }> = []
    const b: Array<{ output: number; exit: number }> = []
    for (let i = 0; i < ROUNDS; i++) {
      a.push(await cli())
      b.push(await layerlab())
    }
    const row = (name: string, xs: Array<{ output: number; exit: number }>) =>
      `  ${name.padEnd(10)} output median ${median(xs.map((x) => x.output)).toFixed(0).padStart(5)} ms  p95 ${p95(xs.map((x) => x.output)).toFixed(0).padStart(5)} ms   exit median ${median(xs.map((x) => x.exit)).toFixed(0).padStart(5)} ms`
    console.log(`${LINE}, ${ROUNDS} rounds in turns on ${status.endpoint}:`)
    console.log(row('docker CLI', a))
    console.log(row('Layerlab', b))
    const ratio = median(b.map((x) => x.output)) / median(a.map((x) => x.output))
    console.log(`  Layerlab / docker CLI, time to the output: ${ratio.toFixed(2)}× (goal ≤ 1.2×)`)
  } finally {
    await services.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(`bench:live:run: ${(e as Error).message}`)
  process.exit(1)
})
