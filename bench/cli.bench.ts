/**
 * Docker commands per second through the CLI emulator on the simulator: a 10,000-line script of
 * typical learner commands (goal ≥ 50,000/s), printed.
 */
import { createSimulator } from '../src/domain/sim'
import { runDockerCommand } from '../src/domain/cli'

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

async function main() {
  let seed = 3
  const engine = createSimulator({ random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
  const io = { stdout: () => {}, stderr: () => {} }
  await runDockerCommand('docker pull ubuntu:14.04', { engine, io })
  const t0 = performance.now()
  let failures = 0
  for (const line of script) if ((await runDockerCommand(line, { engine, io })) !== 0) failures++
  const ms = performance.now() - t0
  console.log(`cli: ${LINES} docker commands in ${ms.toFixed(0)} ms = ${Math.round((LINES / ms) * 1000).toLocaleString('en')} commands/s (goal ≥ 50,000/s); ${failures} exited non-zero (1 in 10 is a deliberate unknown command)`)
}

void main()
