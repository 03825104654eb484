/**
 * The guard: a DockerEngine wrapper that never harms what the learner owns.
 *
 * (a) Everything created through it carries the labels (io.layerlab.managed=true, plus the lesson
 *     label when given): container Labels, `LABEL` changes on commit and import, build labels.
 * (b) Before changing a container or image WITHOUT the managed label it asks `confirm(...)` and,
 *     if refused, throws EngineError(403, 'Layerlab did not create container web; it was not changed').
 *     Changes that ask: start, stop, restart, kill, pause, unpause, rm, rename, exec (it runs inside
 *     the container and may write to it) on containers; rmi, and tag when it would move an
 *     existing tag away from an unmanaged image, on images.
 *     Free (no question): every read; pull and push (pull adds what the registry has and never
 *     deletes; push changes nothing local); tagging an image with a NEW name (only adds a name);
 *     commit of an unmanaged container (it makes a new, labelled image and leaves the container
 *     as it was: the guard commits unmanaged containers with pause=false so that not even their
 *     state flickers); removing a tag this guard itself created in this session (just an untag
 *     of our own name, or an image we pulled).
 * (c) Binds that mount the Docker socket into a container are refused (that would hand the
 *     daemon, i.e. root on the host, to whatever runs inside).
 * cleanup() removes only labelled containers, then labelled images (newest first), and forgets the
 * names of the images it removed (only those: a pulled tag it did not remove stays its own).
 * Pulled images carry no label, so the guard also reports every image name it fills (onRef): a
 * pull or tag into an EMPTY slot (no image had that name just before) made that name, so it is
 * Layerlab's as much as a labelled image is; removeCreated() takes such names away again (services.ts
 * keeps them per lesson, on disk) — never a name that existed before, never an image that existed
 * before unless it keeps another name, never an image a container still uses.
 */
import type { CreateContainerOptions, DockerEngine } from '../../domain/engine'
import { EngineError } from '../../domain/errors'
import { MANAGED_LABEL } from '../../domain/snapshot'
import type { Labels } from '../../domain/types'
import type { ConfirmAction } from '../../shared/contract'
import { familiarRef } from './familiar'

export { MANAGED_LABEL }

/** the refusal's wording in the terminal (English, like the daemon's own errors) */
const ACTION_TEXT: Record<ConfirmAction, string> = {
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  kill: 'kill',
  pause: 'pause',
  unpause: 'unpause',
  remove: 'remove',
  rename: 'rename',
  exec: 'run a command in',
  retag: 'move its tag away from',
}

export interface ConfirmRequest {
  action: ConfirmAction
  kind: 'container' | 'image'
  id: string
  name: string
}

export interface GuardOptions {
  confirm: (what: ConfirmRequest) => Promise<boolean>
  /** Labels put on everything created; io.layerlab.managed=true is always added. */
  labels?: Labels
  /**
   * Told of each image name a pull or tag through the guard set: `created` when no image had that
   * name just before (the slot was empty), else the name existed and now names `imageId`.
   */
  onRef?: (ref: string, imageId: string, created: boolean) => void
}

/** Names the guard created (pulled or tagged into an empty slot) and what existed when they were recorded. */
export interface CreatedRefs {
  /** name → the image ID Layerlab last put under it */
  refs: Record<string, string>
  /** image names and IDs present before (a lesson's start): never removed */
  before: { tags: string[]; ids: string[] }
}

export interface RemoveCreatedResult {
  /** names taken away (the image went with its last name) */
  removed: string[]
  /** names left, with why: existed before, the image existed before and this is its last name, in use by a container, changed since */
  kept: Array<{ ref: string; reason: 'before' | 'lastNameOfOldImage' | 'inUse' | 'changed' }>
}

export type GuardedEngine = DockerEngine & {
  /** Remove every labelled container and image (only those). Returns what was removed. */
  /** Removes labelled containers, then labelled images; `only` narrows it to those that also carry these labels (one lesson, one test run). */
  cleanup(opts?: { only?: Labels }): Promise<{ containers: string[]; images: string[] }>
  /** Takes away image names Layerlab created (see CreatedRefs), newest first; asks nothing (they are Layerlab's). */
  removeCreated(created: CreatedRefs): Promise<RemoveCreatedResult>
  /** The engine under the guard. */
  readonly inner: DockerEngine
}

const SOCKET_RE = /(^|\/)(docker|podman)\.sock(:|$)|docker_engine/

function labelChanges(labels: Labels): string[] {
  return Object.entries(labels).map(([k, v]) => `LABEL ${k}=${JSON.stringify(v)}`)
}

/** A name as the guard keeps it: familiar (Podman lists `docker.io/library/ubuntu:14.04`, dockerd `ubuntu:14.04`), with the default tag. */
function normalizeRef(name: string): string {
  const ref = familiarRef(name)
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  return ref.includes('@') || colon > slash ? ref : `${ref}:latest`
}

export function guardEngine(engine: DockerEngine, opts: GuardOptions): GuardedEngine {
  const labels: Labels = { ...(opts.labels ?? {}), [MANAGED_LABEL]: 'true' }
  const ownRefs = new Set<string>()
  const inspectOrNull = (ref: string) =>
    engine.inspectImage(ref).catch((e: unknown) => {
      if (e instanceof EngineError && e.statusCode === 404) return null
      throw e
    })
  const reportRef = (ref: string, imageId: string, created: boolean) => {
    try {
      opts.onRef?.(ref, imageId, created)
    } catch {
      /* a recorder's failure never fails the command */
    }
  }

  const refuse = (kind: 'container' | 'image', name: string, action: ConfirmAction) =>
    new EngineError(403, `Layerlab did not create ${kind} ${name}; it asked before it would ${ACTION_TEXT[action]} it and was told no, so it was not changed`)

  async function checkContainer(nameOrId: string, action: ConfirmAction): Promise<void> {
    let info
    try {
      info = await engine.inspectContainer(nameOrId)
    } catch (e) {
      if (e instanceof EngineError && e.statusCode === 404) return // the daemon answers the 404 itself
      throw e
    }
    if (info.Config?.Labels?.[MANAGED_LABEL] === 'true') return
    const name = info.Name.replace(/^\//, '')
    const ok = await opts.confirm({ action, kind: 'container', id: info.Id, name })
    if (!ok) throw refuse('container', name, action)
  }

  async function checkImage(nameOrId: string, action: ConfirmAction): Promise<void> {
    if (ownRefs.has(normalizeRef(nameOrId))) return
    let info
    try {
      info = await engine.inspectImage(nameOrId)
    } catch (e) {
      if (e instanceof EngineError && e.statusCode === 404) return
      throw e
    }
    if (info.Config?.Labels?.[MANAGED_LABEL] === 'true') return
    const name = info.RepoTags?.[0] !== undefined ? familiarRef(info.RepoTags[0]) : info.Id
    const ok = await opts.confirm({ action, kind: 'image', id: info.Id, name: nameOrId.startsWith('sha256:') ? name : nameOrId })
    if (!ok) throw refuse('image', nameOrId.startsWith('sha256:') ? name : nameOrId, action)
  }

  /** A change to a container: asked first (checkContainer), then passed on to the engine as it was called. */
  const checked =
    <A extends unknown[], R>(action: ConfirmAction, change: (n: string, ...rest: A) => Promise<R>) =>
    async (n: string, ...rest: A): Promise<R> => {
      await checkContainer(n, action)
      return change(n, ...rest)
    }

  const guarded: GuardedEngine = {
    kind: engine.kind,
    inner: engine,
    version: () => engine.version(),
    ping: () => engine.ping(),
    listImages: (o) => engine.listImages(o),
    inspectImage: (n) => engine.inspectImage(n),
    imageHistory: (n) => engine.imageHistory(n),
    async pullImage(ref, onProgress, o) {
      const name = normalizeRef(ref)
      const track = !!opts.onRef && !ref.includes('@')
      const had = track ? await inspectOrNull(name) : null
      await engine.pullImage(ref, onProgress, o)
      ownRefs.add(name)
      if (track) {
        const now = await inspectOrNull(name)
        if (now) reportRef(name, now.Id, !had)
      }
    },
    pushImage: (ref, onProgress, o) => engine.pushImage(ref, onProgress, o),
    async tagImage(source, repo, tag) {
      const target = `${repo}:${tag ?? 'latest'}`
      const [src, existing] = await Promise.all([engine.inspectImage(source), inspectOrNull(target)])
      if (!ownRefs.has(normalizeRef(target)) && existing && existing.Id !== src.Id && existing.Config?.Labels?.[MANAGED_LABEL] !== 'true') {
        const ok = await opts.confirm({ action: 'retag', kind: 'image', id: existing.Id, name: target })
        if (!ok) throw refuse('image', target, 'retag')
      }
      await engine.tagImage(source, repo, tag)
      ownRefs.add(normalizeRef(target))
      reportRef(target, src.Id, !existing)
    },
    async removeImage(nameOrId, o) {
      await checkImage(nameOrId, 'remove')
      const r = await engine.removeImage(nameOrId, o)
      ownRefs.delete(normalizeRef(nameOrId))
      return r
    },
    async importImage(tar, o, onProgress) {
      const id = await engine.importImage(tar, { ...o, changes: [...(o.changes ?? []), ...labelChanges(labels)] }, onProgress)
      if (o.repo) ownRefs.add(normalizeRef(`${o.repo}:${o.tag ?? 'latest'}`))
      return id
    },
    async buildImage(context, o, onProgress) {
      const id = await engine.buildImage(context, { ...o, labels: { ...(o.labels ?? {}), ...labels } }, onProgress)
      for (const t of o.t ?? []) ownRefs.add(normalizeRef(t))
      return id
    },
    listContainers: (o) => engine.listContainers(o),
    inspectContainer: (n) => engine.inspectContainer(n),
    async createContainer(o: CreateContainerOptions) {
      for (const b of o.HostConfig?.Binds ?? []) {
        if (SOCKET_RE.test(b.split(':')[0] ?? '') || SOCKET_RE.test(b)) {
          throw new EngineError(403, `Layerlab does not mount the Docker socket into a container (${b}): it would give the container control of the daemon`)
        }
      }
      return engine.createContainer({ ...o, Labels: { ...(o.Labels ?? {}), ...labels } })
    },
    startContainer: checked('start', (n) => engine.startContainer(n)),
    stopContainer: checked('stop', (n, o) => engine.stopContainer(n, o)),
    restartContainer: checked('restart', (n, o) => engine.restartContainer(n, o)),
    killContainer: checked('kill', (n, o) => engine.killContainer(n, o)),
    pauseContainer: checked('pause', (n) => engine.pauseContainer(n)),
    unpauseContainer: checked('unpause', (n) => engine.unpauseContainer(n)),
    removeContainer: checked('remove', (n, o) => engine.removeContainer(n, o)),
    renameContainer: checked('rename', (n, newName) => engine.renameContainer(n, newName)),
    waitContainer: (n, o) => engine.waitContainer(n, o),
    containerLogs: (n) => engine.containerLogs(n),
    containerChanges: (n) => engine.containerChanges(n),
    imageLayerFiles: (n, o) => engine.imageLayerFiles(n, o),
    containerLayerFiles: (n, o) => engine.containerLayerFiles(n, o),
    async commitContainer(n, o) {
      let pause = o.pause
      try {
        const info = await engine.inspectContainer(n)
        if (info.Config?.Labels?.[MANAGED_LABEL] !== 'true') pause = false
      } catch (e) {
        if (!(e instanceof EngineError && e.statusCode === 404)) throw e
      }
      const r = await engine.commitContainer(n, { ...o, pause, changes: [...(o.changes ?? []), ...labelChanges(labels)] })
      if (o.repo) ownRefs.add(normalizeRef(`${o.repo}:${o.tag ?? 'latest'}`))
      return r
    },
    exec: checked('exec', (n, o) => engine.exec(n, o)),
    snapshot: () => engine.snapshot(),
    onEvent: (l) => engine.onEvent(l),
    close: () => engine.close(),
    async cleanup(o) {
      const only = o?.only ?? {}
      const filters = { label: [`${MANAGED_LABEL}=true`, ...Object.entries(only).map(([k, v]) => `${k}=${v}`)] }
      const matches = (l: Labels | null | undefined) => l?.[MANAGED_LABEL] === 'true' && Object.entries(only).every(([k, v]) => l?.[k] === v)
      const containers = await engine.listContainers({ all: true, filters })
      const removedC: string[] = []
      for (const c of containers) {
        if (!matches(c.Labels)) continue // belt and braces
        await engine.removeContainer(c.Id, { force: true }).catch(() => {})
        removedC.push(c.Id)
      }
      const images = (await engine.listImages({ all: true, filters })).sort((a, b) => b.Created - a.Created)
      const removedI: string[] = []
      for (const img of images) {
        if (!matches(img.Labels)) continue
        try {
          await engine.removeImage(img.Id, { force: true })
          removedI.push(img.Id)
          for (const t of img.RepoTags ?? []) ownRefs.delete(normalizeRef(t))
        } catch {
          /* already gone with a child, or still in use */
        }
      }
      return { containers: removedC, images: removedI }
    },
    async removeCreated(created) {
      // names compared in docker's familiar form: Podman lists ubuntu:14.04 as docker.io/library/ubuntu:14.04
      const before = { tags: new Set(created.before.tags.map(familiarRef)), ids: new Set(created.before.ids) }
      const removed: string[] = []
      const kept: RemoveCreatedResult['kept'] = []
      for (const [ref, id] of Object.entries(created.refs).reverse()) {
        if (before.tags.has(familiarRef(ref))) {
          kept.push({ ref, reason: 'before' })
          continue
        }
        const now = await inspectOrNull(ref)
        if (!now) continue // gone already
        if (now.Id !== id) {
          kept.push({ ref, reason: 'changed' }) // something else put another image under it since
          continue
        }
        if (before.ids.has(now.Id) && (now.RepoTags ?? []).length <= 1) {
          kept.push({ ref, reason: 'lastNameOfOldImage' }) // untagging would delete an image from before
          continue
        }
        try {
          // without force: the daemon refuses (409) while a container uses the image; noprune: no parent goes with it
          await engine.removeImage(ref, { noprune: true })
          removed.push(ref)
          ownRefs.delete(normalizeRef(ref))
        } catch (e) {
          if (e instanceof EngineError && e.statusCode === 404) continue
          if (e instanceof EngineError && e.statusCode === 409) kept.push({ ref, reason: 'inUse' })
          else throw e
        }
      }
      return { removed, kept }
    },
  }
  // live-only extras (onStatus, apiVersion, endpoint, isConnected) stay reachable through the guard
  return new Proxy(guarded, {
    get(target, prop) {
      if (Reflect.has(target, prop)) return Reflect.get(target, prop, target)
      const v: unknown = Reflect.get(engine, prop, engine)
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(engine) : v
    },
  })
}
