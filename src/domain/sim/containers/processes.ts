/**
 * Processes in containers: the simulated clock ending sleeping main processes (tick, finish),
 * starting a container's main process, running a command (runMain, over shell.ts) and docker exec.
 */
import type { ExecResult } from '../../types'
import { SERVER_PROGRAMS } from '../catalog'
import { err, type SimCore } from '../core'
import { CowFs } from '../cow-fs'
import { atomic, del, put } from '../journal'
import { normPath } from '../layerfs'
import { runArgv, runScript, type OutputMark, type ShellContext } from '../shell'
import { SIM_KERNEL, type ContainerState } from '../state'
import { gcLayers, imageOfContainer, tree } from '../images/store'
import { getContainer } from './lookup'

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** Lets sleeping main processes write what they write later, and finish, when the clock has passed their moments. */
export function tick(core: SimCore, c: ContainerState): void {
  if (c.later && c.status === 'running') flushOutput(core, c)
  if (c.status === 'running' && c.endsAt !== null && core.now() >= c.endsAt) {
    finish(core, c, c.pendingExit, c.endsAt)
  }
}

export function tickAll(core: SimCore): void {
  for (const c of Object.values(core.s.containers)) tick(core, c)
}

/** Appends the output whose moment the clock has passed (a running process's; see ContainerState.later). */
export function flushOutput(core: SimCore, c: ContainerState): void {
  const later = c.later
  if (!later) return
  const now = core.now()
  let i = 0
  for (; i < later.length && later[i].at <= now; i++) {
    c.stdout += later[i].stdout
    c.stderr += later[i].stderr
  }
  if (i === 0) return
  if (i === later.length) delete c.later
  else c.later = later.slice(i)
  for (const fn of core.outputs) fn(c.id)
}

export function finish(core: SimCore, c: ContainerState, code: number, at: number): void {
  if (c.later) delete c.later // killed before it wrote it
  c.status = 'exited'
  c.exitCode = code
  c.finishedAt = at
  c.pid = 0
  c.endsAt = null
  core.containerEvent('die', c, { exitCode: String(code) })
  if (c.autoRemove) {
    del(core, 'containers', c.id)
    core.containerEvent('destroy', c)
    if (core.s.orphans[c.imageId]) gcLayers(core)
  }
}

export function fsOf(core: SimCore, c: ContainerState): CowFs {
  return new CowFs(tree(core, imageOfContainer(core, c)), c.rw, c.config.Hostname ?? c.id.slice(0, 12))
}

export function runMain(argv: string[], fs: CowFs, env: string[], cwd: string, hostname: string, interactive: boolean): { exitCode: number; stdout: string; stderr: string; sleepSeconds: number; server: boolean; oci: string | null; marks?: OutputMark[] } {
  const envMap: Record<string, string> = { PATH: DEFAULT_PATH, HOSTNAME: hostname, HOME: '/root' }
  for (const e of env) {
    const i = e.indexOf('=')
    if (i > 0) envMap[e.slice(0, i)] = e.slice(i + 1)
  }
  const resolve = (cmd: string): string | null => {
    if (cmd.includes('/')) return fs.stat(normPath(cmd, cwd)) ? cmd : null
    for (const dir of (envMap.PATH || DEFAULT_PATH).split(':')) {
      const p = normPath(cmd, dir)
      const st = fs.stat(p)
      if (st && st.type !== 'dir') return p
    }
    return null
  }
  const prog = argv[0]
  if (!resolve(prog)) {
    const oci = prog.includes('/') ? `exec: "${prog}": stat ${prog}: no such file or directory` : `exec: "${prog}": executable file not found in $PATH`
    return { exitCode: prog.includes('/') ? 127 : 127, stdout: '', stderr: '', sleepSeconds: 0, server: false, oci }
  }
  const ctx: ShellContext = { fs, env: envMap, cwd, hostname, kernel: SIM_KERNEL, resolve }
  const base = prog.slice(prog.lastIndexOf('/') + 1)
  if ((base === 'sh' || base === 'bash' || base === 'dash') && !argv.includes('-c')) {
    return { exitCode: 0, stdout: '', stderr: '', sleepSeconds: interactive ? Infinity : 0, server: false, oci: null }
  }
  const r = base === 'sh' || base === 'bash' || base === 'dash' ? runScript(argv[argv.indexOf('-c') + 1] ?? '', ctx, SERVER_PROGRAMS) : runArgv(argv, ctx, SERVER_PROGRAMS)
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, sleepSeconds: r.sleepSeconds, server: r.server, oci: null, marks: r.marks }
}

export function start(core: SimCore, c: ContainerState): void {
  const fs = fsOf(core, c)
  const interactive = !!(c.config.Tty && c.config.OpenStdin) || !!c.config.OpenStdin
  const res = runMain([c.path, ...c.args], fs, c.config.Env ?? [], c.config.WorkingDir || '/', c.config.Hostname ?? c.id.slice(0, 12), interactive)
  if (res.oci) {
    const msg = `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${res.oci}: unknown`
    c.exitCode = res.exitCode
    c.error = msg
    put(core, 'containers', c.id, c)
    // the daemon keeps the container (created state, exit code set) and reports the error
    throw err(400, msg)
  }
  const now = core.now()
  c.status = 'running'
  c.startedAt = now
  c.finishedAt = 0
  c.error = ''
  c.exitCode = 0
  c.pid = ++core.s.pidCounter
  if (core.timers && res.marks) {
    // in time: what comes after a sleep is written when the sleep is over
    const m = res.marks
    c.stdout += res.stdout.slice(0, m[0].stdout)
    c.stderr += res.stderr.slice(0, m[0].stderr)
    const later = m.map((x, i) => ({ at: x.at, stdout: res.stdout.slice(x.stdout, m[i + 1]?.stdout), stderr: res.stderr.slice(x.stderr, m[i + 1]?.stderr) }))
    const kept = later.filter((x) => x.at !== Infinity && (x.stdout || x.stderr)).map((x) => ({ ...x, at: now + Math.round(x.at * 1000) }))
    if (kept.length) c.later = kept
    else delete c.later
  } else {
    c.stdout += res.stdout
    c.stderr += res.stderr
  }
  core.containerEvent('start', c)
  if (res.server) {
    c.endsAt = null
  } else if (res.sleepSeconds > 0) {
    c.endsAt = res.sleepSeconds === Infinity ? null : now + Math.round(res.sleepSeconds * 1000)
    c.pendingExit = res.exitCode
  } else {
    finish(core, c, res.exitCode, now)
  }
}

export function exec(core: SimCore, nameOrId: string, opts: { Cmd: string[]; Env?: string[]; WorkingDir?: string; Tty?: boolean }): ExecResult {
  return atomic(core, () => {
    const c = getContainer(core, nameOrId)
    tick(core, c)
    if (c.status === 'paused') throw err(409, `Container ${nameOrId} is paused, unpause the container before exec`)
    if (c.status !== 'running') throw err(409, `Container ${c.id} is not running`)
    if (!opts.Cmd?.length) throw err(400, 'No exec command specified')
    const fs = fsOf(core, c)
    const res = runMain(opts.Cmd, fs, [...(c.config.Env ?? []), ...(opts.Env ?? [])], opts.WorkingDir || c.config.WorkingDir || '/', c.config.Hostname ?? c.id.slice(0, 12), false)
    core.containerEvent('exec_create: ' + opts.Cmd.join(' '), c)
    core.containerEvent('exec_start: ' + opts.Cmd.join(' '), c)
    if (res.oci) {
      return { exitCode: 126, stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: ${res.oci}: unknown\n` }
    }
    core.containerEvent('exec_die', c, { exitCode: String(res.exitCode) })
    return { exitCode: res.exitCode, stdout: res.stdout, stderr: res.stderr }
  })
}
