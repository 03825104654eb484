/**
 * The live engine: DockerEngine on a real daemon through dockerode. A facade over one module per concern:
 * - connection.ts + version.ts: GET /version without a version prefix, then every call uses
 *   min(daemon ApiVersion, MAX_API_VERSION); daemons below MIN_API_VERSION are refused ('API too
 *   old'). Current daemons refuse clients that pin an old version, hence negotiation. Every call has
 *   a timeout (default 10 s; pulls, pushes, builds, imports: 10 min) and honours an AbortSignal.
 * - errors.ts: daemon errors become EngineError(statusCode, daemon's own message); connection errors
 *   and timeouts become EngineUnavailableError.
 * - images.ts, containers.ts: the Engine API calls; streams.ts decodes their streams.
 * - events.ts: GET /events followed, with reconnect, resync event and heartbeat (onStatus).
 * - snapshot.ts (+ clock.ts): the same Snapshot as the simulator, with what it reads kept per image and container.
 */
import type { DockerEngine } from '../../domain/engine'
import type { DockerEvent, VersionInfo } from '../../domain/types'
import { parseDockerHost, type EndpointCandidate } from '../endpoints'
import { DaemonConnection, rawVersion } from './connection'
import { ContainerCalls } from './containers'
import { EventFollower, type LiveStatus } from './events'
import { ImageCalls } from './images'
import { mirrorFromEnv } from './mirror'
import { SNAPSHOT_CONCURRENCY, SnapshotTaker } from './snapshot'
import { negotiateApiVersion } from './version'

export { CLOCK_READ_EVERY_MS } from './clock'
export { mapDockerError } from './errors'
export type { LiveStatus } from './events'
export { historySteps, SNAPSHOT_CONCURRENCY } from './snapshot'
export { demuxBuffer } from './streams'
export { compareApiVersions, MAX_API_VERSION, MIN_API_VERSION, negotiateApiVersion } from './version'

export interface LiveOptions {
  /** Per-call timeout in ms (default 10 000). */
  timeoutMs?: number
  /** Timeout for pull/push/build/import (default 600 000). */
  longTimeoutMs?: number
  /** Already known /version answer (skips the first request). */
  versionInfo?: VersionInfo
  /** Ping interval for liveness (default 1000 ms). */
  pingIntervalMs?: number
  /** Start following /events right away (default true). */
  followEvents?: boolean
  /** Registry mirror for Docker Hub pulls, `host:port` (default: LAYERLAB_REGISTRY_MIRROR; see mirror.ts). */
  registryMirror?: string
  /** Bound on a snapshot's per-container calls (default SNAPSHOT_CONCURRENCY; Infinity: none, for benchmarks). */
  snapshotConcurrency?: number
}

export class LiveEngine implements DockerEngine {
  readonly kind = 'live' as const
  readonly endpoint: string
  readonly apiVersion: string
  private conn: DaemonConnection
  private info: VersionInfo
  private listeners = new Set<(e: DockerEvent) => void>()
  private revision = 0
  private followEvents: boolean
  private events: EventFollower
  private snapshots: SnapshotTaker
  private images: ImageCalls
  private containers: ContainerCalls

  constructor(candidate: EndpointCandidate, info: VersionInfo, apiVersion: string, opts: LiveOptions) {
    this.endpoint = candidate.endpoint
    this.info = info
    this.apiVersion = apiVersion
    this.followEvents = opts.followEvents ?? true
    this.conn = new DaemonConnection(candidate, apiVersion, opts.timeoutMs ?? 10_000, opts.longTimeoutMs ?? 600_000)
    this.images = new ImageCalls(this.conn, opts.registryMirror !== undefined ? opts.registryMirror.trim() || undefined : mirrorFromEnv())
    this.containers = new ContainerCalls(this.conn)
    // the snapshot's daemon calls go through this engine's own methods (tests and benchmarks wrap them)
    this.snapshots = new SnapshotTaker(this, {
      concurrency: opts.snapshotConcurrency ?? SNAPSHOT_CONCURRENCY,
      keepDiffs: () => this.followEvents && this.events.connected,
      engine: () => ({ kind: 'live', version: this.info.Version, apiVersion: this.apiVersion, os: this.info.Os, kernel: this.info.KernelVersion }),
    })
    this.events = new EventFollower(this.conn, (e) => this.emit(e))
    if (this.followEvents) this.events.start(opts.pingIntervalMs ?? 1000)
  }

  /** An event from the daemon (or the follower's resync): a new revision, kept snapshot parts dropped, listeners told. */
  private emit(e: DockerEvent) {
    this.revision++
    this.snapshots.noteEvent(e)
    for (const l of [...this.listeners]) {
      try {
        l(e)
      } catch {
        /* ignore listener errors */
      }
    }
  }

  /** Be told when the daemon goes away (connected=false) or comes back. Returns unsubscribe. */
  onStatus(listener: (s: LiveStatus) => void): () => void {
    return this.events.onStatus(listener)
  }

  get isConnected(): boolean {
    return this.events.connected
  }

  onEvent(listener: (event: DockerEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async close(): Promise<void> {
    this.events.close()
    this.listeners.clear()
  }

  // ---------- system ----------

  async version(): Promise<VersionInfo> {
    const v = await this.conn.call((signal) => this.conn.docker.version({ abortSignal: signal } as never) as unknown as Promise<unknown>)
    this.info = v as VersionInfo
    return this.info
  }

  /** The daemon's clock as /info reports it (SystemTime, RFC 3339), or undefined when it does not say. */
  async systemTime(): Promise<string | undefined> {
    const info = (await this.conn.call((signal) => this.conn.docker.info({ abortSignal: signal } as never) as unknown as Promise<unknown>)) as { SystemTime?: unknown } | null
    return typeof info?.SystemTime === 'string' ? info.SystemTime : undefined
  }

  async ping(): Promise<void> {
    await this.conn.call((signal) => this.conn.docker.ping({ abortSignal: signal } as never) as unknown as Promise<unknown>)
  }

  snapshot() {
    return this.snapshots.take(this.revision)
  }

  // ---------- images (images.ts) ----------

  /** Registry mirror for Docker Hub pulls (mirror.ts), or undefined; changed by the settings screen (setRegistryMirror). */
  get registryMirror(): string | undefined {
    return this.images.registryMirror
  }
  set registryMirror(mirror: string | undefined) {
    this.images.registryMirror = mirror
  }

  /** The next pulls use this mirror (null: Docker Hub directly); one already running keeps its own. */
  setRegistryMirror(mirror: string | null): void {
    this.images.registryMirror = mirror ?? undefined
  }

  listImages(...a: Parameters<ImageCalls['listImages']>) { return this.images.listImages(...a) }
  inspectImage(...a: Parameters<ImageCalls['inspectImage']>) { return this.images.inspectImage(...a) }
  imageHistory(...a: Parameters<ImageCalls['imageHistory']>) { return this.images.imageHistory(...a) }
  pullImage(...a: Parameters<ImageCalls['pullImage']>) { return this.images.pullImage(...a) }
  pushImage(...a: Parameters<ImageCalls['pushImage']>) { return this.images.pushImage(...a) }
  tagImage(...a: Parameters<ImageCalls['tagImage']>) { return this.images.tagImage(...a) }
  removeImage(...a: Parameters<ImageCalls['removeImage']>) { return this.images.removeImage(...a) }
  importImage(...a: Parameters<ImageCalls['importImage']>) { return this.images.importImage(...a) }
  buildImage(...a: Parameters<ImageCalls['buildImage']>) { return this.images.buildImage(...a) }
  imageLayerFiles(...a: Parameters<ImageCalls['imageLayerFiles']>) { return this.images.imageLayerFiles(...a) }

  // ---------- containers (containers.ts) ----------

  listContainers(...a: Parameters<ContainerCalls['listContainers']>) { return this.containers.listContainers(...a) }
  inspectContainer(...a: Parameters<ContainerCalls['inspectContainer']>) { return this.containers.inspectContainer(...a) }
  createContainer(...a: Parameters<ContainerCalls['createContainer']>) { return this.containers.createContainer(...a) }
  startContainer(...a: Parameters<ContainerCalls['startContainer']>) { return this.containers.startContainer(...a) }
  stopContainer(...a: Parameters<ContainerCalls['stopContainer']>) { return this.containers.stopContainer(...a) }
  restartContainer(...a: Parameters<ContainerCalls['restartContainer']>) { return this.containers.restartContainer(...a) }
  killContainer(...a: Parameters<ContainerCalls['killContainer']>) { return this.containers.killContainer(...a) }
  pauseContainer(...a: Parameters<ContainerCalls['pauseContainer']>) { return this.containers.pauseContainer(...a) }
  unpauseContainer(...a: Parameters<ContainerCalls['unpauseContainer']>) { return this.containers.unpauseContainer(...a) }
  removeContainer(...a: Parameters<ContainerCalls['removeContainer']>) { return this.containers.removeContainer(...a) }
  renameContainer(...a: Parameters<ContainerCalls['renameContainer']>) { return this.containers.renameContainer(...a) }
  waitContainer(...a: Parameters<ContainerCalls['waitContainer']>) { return this.containers.waitContainer(...a) }
  containerLogs(...a: Parameters<ContainerCalls['containerLogs']>) { return this.containers.containerLogs(...a) }
  containerChanges(...a: Parameters<ContainerCalls['containerChanges']>) { return this.containers.containerChanges(...a) }
  containerLayerFiles(...a: Parameters<ContainerCalls['containerLayerFiles']>) { return this.containers.containerLayerFiles(...a) }
  commitContainer(...a: Parameters<ContainerCalls['commitContainer']>) { return this.containers.commitContainer(...a) }
  exec(...a: Parameters<ContainerCalls['exec']>) { return this.containers.exec(...a) }
}

/** Connect to a daemon: negotiate the API version (version.ts) and start following its events. */
export async function connectLive(target: EndpointCandidate | string, opts: LiveOptions = {}): Promise<LiveEngine> {
  const candidate = typeof target === 'string' ? parseDockerHost(target, 'endpoint') : target
  const info = opts.versionInfo ?? (await rawVersion(candidate, opts.timeoutMs ?? 10_000))
  const api = negotiateApiVersion(info)
  return new LiveEngine(candidate, info, api, opts)
}
