/**
 * `npm run -s docker-sim -- [--seed N] [--live] [--state FILE]`: the docker CLI emulator, headless.
 * Reads docker command lines from stdin, one at a time, and for each writes exactly
 *   --- stdout ---\n<stdout>--- stderr ---\n<stderr>--- exit N ---\n
 * flushing after each, so another program can drive it line by line. Blank and # lines print nothing.
 * The simulator runs in time (real timers): a sleep takes its seconds, docker stop its grace
 * period, and a foreground run's stdout is written as the process writes it.
 */
import { createInterface } from 'node:readline'
import { promises as fs } from 'node:fs'
import { parseArgs } from 'node:util'
import writeFileAtomic from 'write-file-atomic'
import { createSimulator, type SimulatorEngine } from '../src/domain/sim'
import { runDockerCommand } from '../src/domain/cli'
import type { DockerEngine } from '../src/domain/engine'
import { createNodeHostFs } from '../src/main/host-fs'
import { seededRandom } from '../src/domain/random'
import { nodeTimers } from '../src/main/sim-store'

async function main() {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, live: { type: 'boolean' }, state: { type: 'string' } } })
  let engine: DockerEngine
  let sim: SimulatorEngine | null = null
  if (values.live) {
    const { selectEngine } = await import('../src/main/engine-select')
    const chosen = await selectEngine({ mode: 'live', createSimulator: () => createSimulator() })
    const dockerHost = chosen.status.tried.find((t) => t.source === 'DOCKER_HOST' && t.code !== 'malformed')
    if (chosen.engine.kind !== 'live' && dockerHost) {
      // as the docker CLI: DOCKER_HOST at nothing is said by every command, never answered by another daemon
      const { unreachableEngine } = await import('../src/main/unreachable-engine')
      engine = unreachableEngine(dockerHost.endpoint)
    } else if (chosen.engine.kind !== 'live') {
      const tried = chosen.status.tried.map((t) => `  ${t.endpoint} (${t.source}): ${t.reason}${t.hint ? ` — ${t.hint}` : ''}`).join('\n')
      process.stderr.write(`docker-sim --live: no reachable Docker daemon. Tried:\n${tried || '  (no endpoint found)'}\n`)
      process.exit(2)
    } else {
      engine = chosen.engine
    }
  } else {
    let state: unknown
    if (values.state) {
      const text = await fs.readFile(values.state, 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null
        throw e
      })
      if (text !== null) state = JSON.parse(text)
    }
    const random = values.seed !== undefined ? seededRandom(Number(values.seed)) : undefined
    // real timers: a sleep takes its seconds and docker stop its grace period, as on a daemon
    sim = createSimulator({ random, state: state as never, timers: nodeTimers })
    engine = sim
  }
  const host = createNodeHostFs(process.cwd())
  const write = (s: string) => new Promise<void>((resolve) => (process.stdout.write(s) ? resolve() : process.stdout.once('drain', () => resolve())))
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const raw of rl) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    // stdout as it comes (a process's output in time), stderr after it: the same bytes as one write
    let err = ''
    let writing = write('--- stdout ---\n')
    const out = (s: string) => {
      writing = writing.then(() => write(s))
    }
    const code = await runDockerCommand(line, { engine, host, io: { stdout: out, stderr: (s) => (err += s) } })
    await writing
    await write(`--- stderr ---\n${err}--- exit ${code} ---\n`)
    if (sim && values.state) await writeFileAtomic(values.state, JSON.stringify(sim.saveState()))
  }
  await engine.close()
}

main().catch((e) => {
  process.stderr.write(`docker-sim: ${(e as Error).message}\n`)
  process.exit(1)
})
