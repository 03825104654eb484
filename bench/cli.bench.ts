/**
 * Docker commands per second through the CLI emulator on the simulator: a 10,000-line script of
 * typical learner commands (goal ≥ 50,000/s), run cold in 5 fresh processes; best and median printed.
 */
import { createSimulator } from '../src/domain/sim'
import { runDockerCommand } from '../src/domain/cli'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const LINES = 10_000
const script: string[] = []
const mix = (i: number) => [
  `docker run -d --name c${i} ubuntu:14.04 sleep 1000`,
  `docker exec c${i} sh -c 'echo ${i} > /f'`,
  `docker diff c${i}`,
  `docker stop c${i}`,
  `docker rm c${i}`,
  'docker images',
  'docker ps -a',
  `docker inspect -f '{{.Id}}' ubuntu:14.04`,
  'docker frobnicate',
  `docker tag ubuntu:14.04 t:${i % 10}`, // a learner retags a few names; 10,000 distinct tags would only measure the size of `docker images`
]
for (let i = 0; script.length < LINES; i++) script.push(...mix(i))
script.length = LINES

const RUNS = 5

/** One cold run (a fresh process, a fresh simulator): milliseconds for the script and how many lines failed. */
async function once(): Promise<{ ms: number; failures: number }> {
  let seed = 3
  const engine = createSimulator({ random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
  const io = { stdout: () => {}, stderr: () => {} }
  await runDockerCommand('docker pull ubuntu:14.04', { engine, io })
  const t0 = performance.now()
  let failures = 0
  for (const line of script) if ((await runDockerCommand(line, { engine, io })) !== 0) failures++
  return { ms: performance.now() - t0, failures }
}

async function main() {
  if (process.env.LAYERLAB_CLI_BENCH_CHILD) {
    console.log(JSON.stringify(await once()))
    return
  }
  // each run in its own process, so every figure is a cold start (no JIT warmed by an earlier run);
  // the best and the median of RUNS show what the code costs and how much a busy machine adds
  const runs: Array<{ ms: number; failures: number }> = []
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { encoding: 'utf8', env: { ...process.env, LAYERLAB_CLI_BENCH_CHILD: '1' } })
    if (r.status !== 0) throw new Error(`bench run failed: ${r.stderr}`)
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop() as string))
  }
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b)
  const rate = (x: number) => Math.round((LINES / x) * 1000).toLocaleString('en')
  const median = ms[Math.floor(ms.length / 2)]
  console.log(
    `cli: ${LINES} docker commands, ${RUNS} cold runs: best ${ms[0].toFixed(0)} ms = ${rate(ms[0])} commands/s, median ${median.toFixed(0)} ms = ${rate(median)} commands/s (goal ≥ 50,000/s); ${runs[0].failures} exited non-zero (1 in 10 is a deliberate unknown command)`,
  )
}

void main()
