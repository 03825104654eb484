/**
 * The container records through the API: docker create,
 * inspect, rm, rename, wait, logs, diff, its writable layer's files, and docker commit.
 */
import type { CreateContainerOptions, WaitOptions } from '../../engine'
import { randomHexId, shortId } from '../../ids'
import type { ChangeEntry, ContainerInspect, LayerFileEntry, LogsResult } from '../../types'
import { changesOf } from '../changes'
import { err, type SimCore } from '../core'
import { ancestorsTo } from '../cow-fs'
import { rfc3339 } from '../humanize'
import { applyChanges } from '../images/dockerfile'
import { addImage, addLayer, gcLayers, getImage, imageOfContainer, parseTagged, setTag } from '../images/store'
import { atomic, del, nameIndex, put } from '../journal'
import { layerEntries, normPath } from '../layerfs'
import { randomName } from '../names'
import { clone, type ContainerState } from '../state'
import { waitForExit } from './alarms'
import { getContainer } from './lookup'
import { finish, flushOutput, fsOf, tick } from './processes'

export function inspectContainer(core: SimCore, nameOrId: string): ContainerInspect {
  const c = getContainer(core, nameOrId)
  tick(core, c)
  return {
    Id: c.id,
    Created: rfc3339(c.created),
    Path: c.path,
    Args: [...c.args],
    State: {
      Status: c.status,
      Running: c.status === 'running' || c.status === 'paused',
      Paused: c.status === 'paused',
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: c.pid,
      ExitCode: c.exitCode,
      Error: c.error,
      StartedAt: rfc3339(c.startedAt),
      FinishedAt: rfc3339(c.finishedAt),
    },
    Image: c.imageId,
    Name: '/' + c.name,
    RestartCount: c.restartCount,
    Driver: 'overlay2',
    Config: clone(c.config),
    HostConfig: { AutoRemove: c.autoRemove, Binds: null },
    Mounts: [],
  }
}

export function createContainer(core: SimCore, opts: CreateContainerOptions): { Id: string; Warnings: string[] } {
  return atomic(core, () => {
    if (!opts.Image) throw err(400, 'No command specified')
    const img = getImage(core, opts.Image)
    let name = opts.name
    if (name !== undefined && name !== '') {
      if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) throw err(400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`)
      name = name.replace(/^\//, '')
      const otherId = nameIndex(core).get(name)
      const other = otherId !== undefined ? core.s.containers[otherId] : undefined
      if (other) throw err(409, `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`)
    } else {
      let retry = 0
      do name = randomName(core.random, retry++)
      while (nameIndex(core).has(name as string))
    }
    const entrypoint = opts.Entrypoint !== undefined && opts.Entrypoint !== null ? opts.Entrypoint : img.config.Entrypoint
    const cmd = opts.Cmd && opts.Cmd.length ? opts.Cmd : opts.Entrypoint && opts.Entrypoint.length ? [] : img.config.Cmd
    const full = [...(entrypoint ?? []), ...(cmd ?? [])]
    if (!full.length) throw err(400, 'No command specified')
    let id = randomHexId(core.random)
    while (core.s.containers[id]) id = randomHexId(core.random)
    const env = [...img.config.Env]
    for (const e of opts.Env ?? []) {
      const k = e.split('=')[0]
      const i = env.findIndex((x) => x.split('=')[0] === k)
      if (i >= 0) env[i] = e
      else env.push(e)
    }
    const labels = { ...img.config.Labels, ...(opts.Labels ?? {}) }
    const c: ContainerState = {
      id,
      name: name as string,
      imageId: img.id,
      imageRef: opts.Image,
      path: full[0],
      args: full.slice(1),
      config: {
        Hostname: opts.Hostname || id.slice(0, 12),
        User: opts.User ?? '',
        Env: env,
        Cmd: cmd ? [...cmd] : null,
        Entrypoint: entrypoint ? [...entrypoint] : null,
        Image: opts.Image,
        WorkingDir: opts.WorkingDir || img.config.WorkingDir,
        Labels: labels,
        Tty: !!opts.Tty,
        OpenStdin: !!opts.OpenStdin,
        AttachStdout: opts.AttachStdout ?? true,
        AttachStderr: opts.AttachStderr ?? true,
      },
      autoRemove: !!opts.HostConfig?.AutoRemove,
      created: core.now(),
      status: 'created',
      startedAt: 0,
      finishedAt: 0,
      exitCode: 0,
      error: '',
      pid: 0,
      endsAt: null,
      pendingExit: 0,
      restartCount: 0,
      stdout: '',
      stderr: '',
      rw: {},
    }
    if (c.config.WorkingDir && c.config.WorkingDir !== '/') {
      const fs = fsOf(core, c)
      for (const d of ancestorsTo(normPath(c.config.WorkingDir))) if (!fs.stat(d)) fs.mkdir(d)
    }
    put(core, 'containers', id, c)
    core.containerEvent('create', c)
    return { Id: id, Warnings: [] }
  })
}

export function removeContainer(core: SimCore, nameOrId: string, opts: { force?: boolean; v?: boolean } = {}): void {
  atomic(core, () => {
    const c = getContainer(core, nameOrId)
    tick(core, c)
    if (c.status === 'running' || c.status === 'paused') {
      if (!opts.force) {
        const what = c.status === 'paused' ? 'paused' : 'running'
        throw err(409, `You cannot remove a ${what} container ${c.id}. ${what === 'paused' ? 'Unpause and then stop' : 'Stop'} the container before attempting removal or force remove`)
      }
      core.containerEvent('kill', c, { signal: '9' })
      c.autoRemove = false
      finish(core, c, 137, core.now())
    }
    del(core, 'containers', c.id)
    core.containerEvent('destroy', c)
    if (core.s.orphans[c.imageId]) gcLayers(core)
  })
}

export function renameContainer(core: SimCore, nameOrId: string, newName: string): void {
  atomic(core, () => {
    const c = getContainer(core, nameOrId)
    const name = newName.replace(/^\//, '')
    if (!name) throw err(400, 'Neither old nor new names may be empty')
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) throw err(400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`)
    if (name === c.name) throw err(400, 'Renaming a container with the same name as its current name')
    const otherId = nameIndex(core).get(name)
    const other = otherId !== undefined ? core.s.containers[otherId] : undefined
    if (other) throw err(409, `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`)
    const old = c.name
    c.name = name
    const index = nameIndex(core)
    if (index.get(old) === c.id) index.delete(old)
    index.set(name, c.id)
    core.containerEvent('rename', c, { oldName: '/' + old })
  })
}

export function waitContainer(core: SimCore, nameOrId: string, opts?: WaitOptions): { StatusCode: number } | Promise<{ StatusCode: number }> {
  const c = getContainer(core, nameOrId)
  tick(core, c)
  if (c.status === 'running' || c.status === 'paused') {
    if (c.endsAt === null) throw err(500, opts?.signal ? 'context canceled' : `container ${shortId(c.id)} runs until it is stopped: the simulator cannot wait for it`)
    // with a scheduler the process ends in time (alarms.ts): wait for it, as the daemon does
    if (core.timers) return waitForExit(core, c.id, nameOrId, opts)
    // without one the simulated process ends at endsAt: wait means the clock reaches it
    return { StatusCode: c.pendingExit }
  }
  return { StatusCode: c.exitCode }
}

export function containerLogs(core: SimCore, nameOrId: string): LogsResult {
  const c = getContainer(core, nameOrId)
  if (c.status === 'running') flushOutput(core, c)
  return { stdout: c.stdout, stderr: c.stderr }
}

export function containerChanges(core: SimCore, nameOrId: string): ChangeEntry[] | null {
  const c = getContainer(core, nameOrId)
  return changesOf(core, c).map((e) => ({ ...e })) // the caller's own copy of the shared list
}

export function containerLayerFiles(core: SimCore, nameOrId: string): LayerFileEntry[] {
  return layerEntries(getContainer(core, nameOrId).rw)
}

export function commitContainer(core: SimCore, nameOrId: string, opts: { repo?: string; tag?: string; comment?: string; author?: string; changes?: string[]; pause?: boolean }): { Id: string } {
  return atomic(core, () => {
    const c = getContainer(core, nameOrId)
    tick(core, c)
    let tagged: string | null = null
    if (opts.repo) tagged = parseTagged(opts.tag ? `${opts.repo}:${opts.tag}` : opts.repo)
    const parent = imageOfContainer(core, c)
    const now = core.now()
    const hasLayer = Object.keys(c.rw).length > 0
    const layers = hasLayer ? [...parent.layers, addLayer(core, clone(c.rw))] : [...parent.layers]
    const config = applyChanges(
      { Cmd: c.config.Cmd ?? null, Entrypoint: c.config.Entrypoint ?? null, Env: [...(c.config.Env ?? [])], Labels: { ...(c.config.Labels ?? {}) }, WorkingDir: c.config.WorkingDir ?? '' },
      opts.changes ?? [],
    )
    const img = addImage(core, {
      parent: parent.id,
      layers,
      history: [...parent.history, { created: now, createdBy: (c.config.Cmd ?? []).join(' '), emptyLayer: !hasLayer, comment: opts.comment ?? '' }],
      config,
      created: now,
      comment: opts.comment ?? '',
      author: opts.author ?? '',
      container: c.id,
    })
    core.containerEvent('commit', c, { comment: opts.comment ?? '', imageID: img.id, ...(tagged ? { imageRef: tagged } : {}) })
    if (tagged) {
      setTag(core, tagged, img.id)
      core.imageEvent('tag', img.id, tagged)
    }
    return { Id: img.id }
  })
}
