/**
 * Safety wrapper for a live engine: everything Layerlab creates carries `io.layerlab.managed=true`
 * (plus any extra labels); before changing a container or image WITHOUT that label the user is asked
 * (confirm); reading is free. commit of an unmanaged container is allowed without asking because it
 * does not change the container (it only creates a new, labelled image). Binds that mount the Docker
 * socket are refused outright. cleanup() removes only labelled resources.
 */
import type { CreateContainerOptions, DockerEngine } from '../../domain/engine'
import { EngineError } from '../../domain/errors'

export const MANAGED_LABEL = 'io.layerlab.managed'

export interface ConfirmRequest {
  action: string
  kind: 'container' | 'image'
  id: string
  name: string
}

export interface GuardOptions {
  confirm: (what: ConfirmRequest) => Promise<boolean>
  labels?: Record<string, string>
}

export type GuardedEngine = DockerEngine & { cleanup(): Promise<{ containers: string[]; images: string[] }> }

export function guardEngine(engine: DockerEngine, opts: GuardOptions): GuardedEngine {
  const labels: Record<string, string> = { ...(opts.labels ?? {}), [MANAGED_LABEL]: 'true' }
  const labelChanges = Object.entries(labels).map(([k, v]) => `LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}`)

  async function checkContainer(action: string, ref: string): Promise<void> {
    let c
    try {
      c = await engine.inspectContainer(ref)
    } catch {
      return // let the engine answer with its own 404
    }
    if (c.Config.Labels?.[MANAGED_LABEL] === 'true') return
    const name = c.Name.replace(/^\//, '')
    if (await opts.confirm({ action, kind: 'container', id: c.Id, name })) return
    throw new EngineError(403, `Layerlab did not create container ${name}; you declined to ${action} it, so it was not changed`)
  }

  async function checkImage(action: string, ref: string): Promise<void> {
    let i
    try {
      i = await engine.inspectImage(ref)
    } catch {
      return
    }
    if (i.Config?.Labels?.[MANAGED_LABEL] === 'true') return
    if (await opts.confirm({ action, kind: 'image', id: i.Id, name: ref })) return
    throw new EngineError(403, `Layerlab did not create image ${ref}; you declined to ${action} it, so it was not changed`)
  }

  const overrides: Record<string, unknown> = {
    async createContainer(o: CreateContainerOptions) {
      for (const b of o.HostConfig?.Binds ?? []) {
        if (/docker\.sock|docker_engine|podman\.sock/.test(b.split(':')[0] ?? '')) {
          throw new EngineError(400, `Layerlab refuses to mount the Docker socket into a container (${b}): it would give the container control of your whole Docker`)
        }
      }
      return engine.createContainer({ ...o, Labels: { ...(o.Labels ?? {}), ...labels } })
    },
    async commitContainer(ref: string, o: Parameters<DockerEngine['commitContainer']>[1]) {
      return engine.commitContainer(ref, { ...o, changes: [...(o.changes ?? []), ...labelChanges] })
    },
    async buildImage(ctx: Uint8Array, o: Parameters<DockerEngine['buildImage']>[1], p?: Parameters<DockerEngine['buildImage']>[2]) {
      return engine.buildImage(ctx, { ...o, labels: { ...(o.labels ?? {}), ...labels } }, p)
    },
    async importImage(tar: Uint8Array, o: Parameters<DockerEngine['importImage']>[1], p?: Parameters<DockerEngine['importImage']>[2]) {
      return engine.importImage(tar, { ...o, changes: [...(o.changes ?? []), ...labelChanges] }, p)
    },
    async stopContainer(ref: string, o?: { t?: number }) {
      await checkContainer('stop', ref)
      return engine.stopContainer(ref, o)
    },
    async restartContainer(ref: string, o?: { t?: number }) {
      await checkContainer('restart', ref)
      return engine.restartContainer(ref, o)
    },
    async killContainer(ref: string, o?: { signal?: string }) {
      await checkContainer('kill', ref)
      return engine.killContainer(ref, o)
    },
    async pauseContainer(ref: string) {
      await checkContainer('pause', ref)
      return engine.pauseContainer(ref)
    },
    async unpauseContainer(ref: string) {
      await checkContainer('unpause', ref)
      return engine.unpauseContainer(ref)
    },
    async startContainer(ref: string) {
      await checkContainer('start', ref)
      return engine.startContainer(ref)
    },
    async removeContainer(ref: string, o?: { force?: boolean; v?: boolean }) {
      await checkContainer('remove', ref)
      return engine.removeContainer(ref, o)
    },
    async renameContainer(ref: string, newName: string) {
      await checkContainer('rename', ref)
      return engine.renameContainer(ref, newName)
    },
    async exec(ref: string, o: Parameters<DockerEngine['exec']>[1]) {
      await checkContainer('run a command in', ref)
      return engine.exec(ref, o)
    },
    async removeImage(ref: string, o?: { force?: boolean; noprune?: boolean }) {
      await checkImage('remove', ref)
      return engine.removeImage(ref, o)
    },
    async tagImage(source: string, repo: string, tag?: string) {
      // tagging over an existing unmanaged tag moves it away from the learner's image
      await checkImage('re-tag', `${repo}:${tag ?? 'latest'}`)
      return engine.tagImage(source, repo, tag)
    },
    async cleanup() {
      const filters = { label: [`${MANAGED_LABEL}=true`] }
      const containers = await engine.listContainers({ all: true, filters })
      for (const c of containers) await engine.removeContainer(c.Id, { force: true })
      const images = await engine.listImages({ all: false, filters })
      for (const i of images) {
        try {
          await engine.removeImage(i.Id, { force: true })
        } catch {
          // a child image may already have taken it
        }
      }
      return { containers: containers.map((c) => c.Id), images: images.map((i) => i.Id) }
    },
  }
  // unguarded methods (reads, pull, push, snapshot, onEvent, close, onStatus...) go to the engine itself
  return new Proxy(engine, {
    get(target, prop, _receiver) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop]
      const v: unknown = Reflect.get(target, prop, target)
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  }) as GuardedEngine
}
