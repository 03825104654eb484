/**
 * A container's lifecycle: docker start, stop, restart, kill, pause and unpause, with the
 * signals and exit codes the daemon reports.
 */
import { isEngineError } from '../../errors'
import { noSuchContainer } from '../../ids'
import { err, type SimCore } from '../core'
import type { ContainerState } from '../state'
import { atomic, own } from '../journal'
import { untilExit } from './alarms'
import { getContainer } from './lookup'
import { finish, start, tick } from './processes'
import { isPid1Ignorer, termExitCode } from './status'

export function startContainer(core: SimCore, nameOrId: string): void {
  atomic(core, () => {
    const c = getContainer(core, nameOrId)
    tick(core, c)
    if (c.status === 'paused') throw err(409, 'cannot start a paused container, try unpause instead')
    if (c.status === 'running') return
    start(core, c)
  })
}

/** docker stop's default grace period between SIGTERM and SIGKILL (seconds) */
const DEFAULT_STOP_TIMEOUT = 10

export function stopContainer(core: SimCore, nameOrId: string, opts: { t?: number } = {}): void | Promise<void> {
  const waiting = atomic(core, () => {
    const c = getContainer(core, nameOrId)
    tick(core, c)
    if (c.status !== 'running' && c.status !== 'paused') return null
    core.containerEvent('kill', c, { signal: '15' })
    // a shell or sleep ignores SIGTERM as PID 1: docker waits t seconds and kills (137)
    const ignoresTerm = opts.t !== 0 && isPid1Ignorer(c)
    if (ignoresTerm && core.timers) return c.id // the grace period passes in time (afterGrace)
    finish(core, c, ignoresTerm || opts.t === 0 ? 137 : termExitCode(c), core.now())
    if (core.s.containers[c.id]) core.containerEvent('stop', c)
    return null
  })
  if (waiting !== null) return afterGrace(core, waiting, opts.t)
}

/**
 * With a scheduler: the process ignored SIGTERM; it may still end by itself (its sleep runs out)
 * within t seconds (a negative t: no limit, as the daemon's -1), else SIGKILL ends it (137).
 */
async function afterGrace(core: SimCore, id: string, t: number | undefined): Promise<void> {
  const seconds = t ?? DEFAULT_STOP_TIMEOUT
  await untilExit(core, id, seconds < 0 ? {} : { timeoutMs: seconds * 1000 })
  atomic(core, () => {
    const current = core.s.containers[id]
    if (!current) return
    const c = own(core, current)
    if (c.status === 'running' || c.status === 'paused') {
      core.containerEvent('kill', c, { signal: '9' })
      finish(core, c, 137, core.now())
    }
    if (core.s.containers[id]) core.containerEvent('stop', c)
  })
}

export function restartContainer(core: SimCore, nameOrId: string, opts: { t?: number } = {}): void | Promise<void> {
  const waiting = atomic(core, () => {
    const c = getContainer(core, nameOrId)
    tick(core, c)
    if (c.status === 'running' || c.status === 'paused') {
      core.containerEvent('kill', c, { signal: '15' })
      if (core.timers && opts.t !== 0 && isPid1Ignorer(c)) return c.id
      finish(core, c, opts.t === 0 || isPid1Ignorer(c) ? 137 : termExitCode(c), core.now())
      core.containerEvent('stop', c)
    }
    if (!core.s.containers[c.id]) throw noSuchContainer(nameOrId)
    start(core, c)
    core.containerEvent('restart', c)
    return null
  })
  if (waiting !== null) {
    return afterGrace(core, waiting, opts.t).then(() =>
      atomic(core, () => {
        if (!core.s.containers[waiting]) throw noSuchContainer(nameOrId)
        const c = getContainer(core, waiting)
        start(core, c)
        core.containerEvent('restart', c)
      }),
    )
  }
}

export function killContainer(core: SimCore, nameOrId: string, opts: { signal?: string } = {}): void {
  atomic(core, () => {
    let c: ContainerState
    try {
      c = getContainer(core, nameOrId)
    } catch (e) {
      // dockerd 20.10 words a kill of a missing container "Cannot kill container: X: No such container: X"
      if (isEngineError(e)) throw err(e.statusCode, `Cannot kill container: ${nameOrId}: ${e.message}`)
      throw e
    }
    tick(core, c)
    if (c.status !== 'running' && c.status !== 'paused') throw err(409, `Cannot kill container: ${nameOrId}: Container ${c.id} is not running`)
    const sig = (opts.signal ?? 'KILL').toUpperCase().replace(/^SIG/, '')
    const nums: Record<string, number> = { KILL: 9, TERM: 15, INT: 2, HUP: 1, QUIT: 3, USR1: 10, USR2: 12 }
    const n = /^\d+$/.test(sig) ? Number(sig) : nums[sig]
    if (n === undefined) throw err(400, `Invalid signal: ${opts.signal}`)
    core.containerEvent('kill', c, { signal: String(n) })
    if (n === 9 || !isPid1Ignorer(c)) finish(core, c, n === 15 ? termExitCode(c) : 128 + n, core.now())
  })
}

export function pauseContainer(core: SimCore, nameOrId: string): void {
  atomic(core, () => {
    const c = getContainer(core, nameOrId)
    tick(core, c)
    if (c.status === 'paused') throw err(409, `Container ${c.id} is already paused`)
    if (c.status !== 'running') throw err(409, `Container ${c.id} is not running`)
    c.status = 'paused'
    core.containerEvent('pause', c)
  })
}

export function unpauseContainer(core: SimCore, nameOrId: string): void {
  atomic(core, () => {
    const c = getContainer(core, nameOrId)
    if (c.status !== 'paused') throw err(500, `Container ${c.id} is not paused`)
    c.status = 'running'
    core.containerEvent('unpause', c)
  })
}
