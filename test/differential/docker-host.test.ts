/**
 * DOCKER_HOST at nothing: the headless runner (`npm run docker-sim -- --live`) says what the docker
 * CLI says, command by command, and never answers from another daemon (this machine's
 * /var/run/docker.sock answers, and must not be used). Compared with the docker CLI run with the
 * same DOCKER_HOST: stdout and stderr apart, exit codes.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { splitLine } from '../../src/domain/cli'
import { realDocker } from './harness'

const ROOT = path.resolve(__dirname, '../..')
const NOTHING = 'unix:///nonexistent/layerlab-docker.sock'
const LINES = ['docker ps', 'docker images -q', 'docker rm x', 'docker rm -f x y', 'docker run busybox', 'docker pull busybox:latest', 'docker rmi x', 'docker tag a b', 'docker logs x', 'docker exec x ls']

function runner(lines: string[]): Array<{ out: string; err: string; code: number }> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docker-sim.ts', '--live'], {
    cwd: ROOT,
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    env: { ...process.env, DOCKER_HOST: NOTHING },
    timeout: 60_000,
  })
  expect(r.status, r.stderr).toBe(0)
  const out: Array<{ out: string; err: string; code: number }> = []
  const re = /--- stdout ---\n([\s\S]*?)--- stderr ---\n([\s\S]*?)--- exit (\d+) ---\n/g
  for (let m = re.exec(r.stdout); m; m = re.exec(r.stdout)) out.push({ out: m[1]!, err: m[2]!, code: Number(m[3]) })
  return out
}

const hasCli = spawnSync('docker', ['--version'], { stdio: 'ignore' }).status === 0
const why = hasCli ? '' : 'no docker CLI on PATH to compare with'
if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`)
if (why) console.log(`[docker-host differential] skipped: ${why}`)

describe('DOCKER_HOST at nothing, as the docker CLI has it', () => {
  it('every command says "Cannot connect to the Docker daemon at <DOCKER_HOST>" as docker does, and no other daemon answers', (ctx) => {
    if (why) return ctx.skip(why)
    const ours = runner(LINES)
    expect(ours).toHaveLength(LINES.length)
    LINES.forEach((line, i) => {
      const theirs = realDocker(splitLine(line), { cwd: ROOT, env: { DOCKER_HOST: NOTHING } })
      expect({ line, ...ours[i] }).toEqual({ line, ...theirs })
    })
    expect(ours.some((r) => r.err.includes(`Cannot connect to the Docker daemon at ${NOTHING}. Is the docker daemon running?`))).toBe(true)
  }, 120_000)
})
