/**
 * Ctrl-C in the terminal (terminal:interrupt): a foreground `docker run` waiting for a process that
 * sleeps is cancelled at once — exit 130, nothing printed, as docker 28 ends on Ctrl-C — the
 * container keeps running, and the terminal takes the next command. Without it, the terminal queue
 * was held for the whole sleep.
 */
import { describe, expect, it } from 'vitest'
import { useServices } from '../helpers/services'

const start = useServices()

describe('terminal:interrupt', () => {
  it('ends a foreground run that waits for its process, and the terminal goes on', async () => {
    const { call, run } = await start()
    await run('docker pull busybox')
    const t0 = Date.now()
    const waiting = call('terminal:run', { line: 'docker run --name sleeper busybox sleep 300', runId: 'run-sleep' })
    // the command is under way: the container exists and runs
    await expect.poll(async () => (await call('engine:snapshot', undefined)).containers.find((c) => c.name === 'sleeper')?.state, { timeout: 10_000 }).toBe('running')
    expect(await call('terminal:interrupt', { runId: 'run-sleep' })).toEqual({ ok: true })
    expect(await waiting).toEqual({ exitCode: 130, stdout: '', stderr: '' })
    expect(Date.now() - t0).toBeLessThan(20_000)
    // the process was not stopped by it: the container still runs, as with docker without -t
    expect((await call('engine:snapshot', undefined)).containers.find((c) => c.name === 'sleeper')?.state).toBe('running')
    // nothing runs under that id any more; the next command runs
    expect(await call('terminal:interrupt', { runId: 'run-sleep' })).toEqual({ ok: false })
    expect((await run('docker rm -f sleeper')).exitCode).toBe(0)
  }, 60_000)
})
