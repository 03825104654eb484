/**
 * What a container record says about its process, without the core: running or not, its
 * status text and list Command, and how its main process answers SIGTERM.
 */
import { containerStatus } from '../humanize'
import type { ContainerState } from '../state'

export function isRunning(c: ContainerState): boolean {
  return c.status === 'running' || c.status === 'paused'
}

/** Exit code after SIGTERM: nginx shuts down cleanly (0); other servers die of the signal (143). */
export function termExitCode(c: ContainerState): number {
  return [c.path, ...c.args].some((a) => a === 'nginx' || a.endsWith('/nginx')) ? 0 : 143
}

/** A shell or sleep as PID 1 ignores SIGTERM (the kernel gives PID 1 no default handler). */
export function isPid1Ignorer(c: ContainerState): boolean {
  const argv = [c.path, ...c.args]
  while (argv.length > 1 && /entrypoint/.test(argv[0])) argv.shift()
  const base = argv[0].slice(argv[0].lastIndexOf('/') + 1)
  return base === 'sh' || base === 'bash' || base === 'sleep' || base === 'dash'
}

export function statusOf(c: ContainerState, now: number): string {
  return containerStatus({ running: isRunning(c), paused: c.status === 'paused', startedAt: c.startedAt, finishedAt: c.finishedAt, exitCode: c.exitCode }, now)
}

/** The daemon's list Command: path and args joined by spaces, an arg holding a space in single quotes, nothing escaped. */
export function commandText(c: ContainerState): string {
  return [c.path, ...c.args].map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')
}
