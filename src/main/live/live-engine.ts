/**
 * The live engine: DockerEngine on a real daemon through dockerode.
 *
 * - Version negotiation: GET /version without a version prefix, then every call uses
 *   min(daemon ApiVersion, MAX_API_VERSION); daemons below MIN_API_VERSION are refused
 *   ('API too old'). Current daemons refuse clients that pin an old version, hence negotiation.
 * - Every call has a timeout (default 10 s; pulls, pushes, builds, imports: 10 min) and honours
 *   an AbortSignal. Daemon errors become EngineError(statusCode, daemon's own message);
 *   connection errors and timeouts become EngineUnavailableError.
 * - Events: GET /events followed as a stream; reconnect with backoff 1 s → 30 s, then a synthetic
 *   {Type:'daemon', Action:'resync'} event. A ping every 1 s (timeout 0.8 s) detects a daemon that
 *   went away or a stream that stalled silently; onStatus tells listeners within ~2 s.
 * - snapshot(): the same Snapshot as the simulator. Image inspect + history are cached per image
 *   ID (IDs are content-addressed, so immutable). Parents come from ParentId where the daemon
 *   has it (images built or committed locally); pulled images have no parent record, so the
 *   parent is rebuilt as the image whose RootFS layers are the longest strict prefix of this
 *   image's layers (as dockviz does). That is also why `docker history` shows `<missing>` for the
 *   lower steps of pulled images: the registry ships layers, not the intermediate images.
 */
import Docker from 'dockerode'
import { PassThrough, Readable } from 'node:stream'
import type { IncomingMessage } from 'node:http'
import type { CallOptions, CreateContainerOptions, DockerEngine, ListFilters, ProgressFn, RemoveImageResult } from '../../domain/engine'
import { CancelledError, EngineError, EngineUnavailableError, isCancelledError } from '../../domain/errors'
import { MANAGED_LABEL, type Snapshot, type SnapshotContainer, type SnapshotImage } from '../../domain/snapshot'
import { statusAt, type StatusTimes } from '../../domain/status'
import type {
  ChangeEntry,
  ContainerInspect,
  ContainerSummary,
  DockerEvent,
  ExecResult,
  HistoryEntry,
  ImageInspect,
  ImageSummary,
  JsonMessage,
  LayerFileEntry,
  LayerListing,
  LogsResult,
  VersionInfo,
} from '../../domain/types'
import { parseDockerHost, type EndpointCandidate } from '../endpoints'
import { entryFromPathStat, readSavedImageLayers } from './layer-files'
import { MIN_API_VERSION, MAX_API_VERSION, compareApiVersions } from './version'
import { mirrorFailure, mirrorFromEnv, mirrorRef, rewriteMessage } from './mirror'
import pLimit, { type LimitFunction } from 'p-limit'

/** A container's writable layer: at most this many paths are stat'ed for sizes; the rest are listed without. */
const MAX_STATS = 2000

/**
 * At most this many per-container daemon calls of snapshots (status-time inspects, `docker diff`s,
 * Config.Image inspects) are in flight at once, over all snapshots of one engine: a first snapshot of
 * a daemon with hundreds of containers would otherwise send hundreds of requests at once.
 */
export const SNAPSHOT_CONCURRENCY = 16

/** The daemon's clock is read again (GET /info) when the last reading is older than this, or after a resync. */
export const CLOCK_READ_EVERY_MS = 60_000

export { MIN_API_VERSION, MAX_API_VERSION, compareApiVersions }

export interface LiveStatus {
  connected: boolean
  reason: string
}

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

type DockerOpts = Docker.DockerOptions

function optionsOf(c: EndpointCandidate): DockerOpts {
  const o = c.dockerodeOptions
  if ('socketPath' in o) return { socketPath: o.socketPath }
  return { host: o.host, port: o.port, protocol: o.protocol, ca: o.ca, cert: o.cert, key: o.key }
}

interface DockerodeError extends Error {
  statusCode?: number
  json?: unknown
  code?: string
  reason?: string
}

function daemonMessage(e: DockerodeError): string {
  let j: unknown = e.json
  if (Buffer.isBuffer(j)) j = j.toString('utf8')
  if (typeof j === 'string') {
    try {
      j = JSON.parse(j)
    } catch {
      if ((j as string).trim()) return (j as string).trim()
    }
  }
  if (j && typeof j === 'object' && typeof (j as { message?: unknown }).message === 'string') return (j as { message: string }).message
  // '(HTTP code 404) no such container - No such container: x '
  const m = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(e.message)
  return (m ? m[1]! : e.message).trim()
}

/** dockerode error → EngineError (daemon answered) or EngineUnavailableError (it did not). */
export function mapDockerError(e: unknown, endpoint = 'the daemon'): Error {
  if (e instanceof EngineError || e instanceof EngineUnavailableError || isCancelledError(e)) return e
  const err = e as DockerodeError
  if (err && typeof err.statusCode === 'number') return new EngineError(err.statusCode, daemonMessage(err))
  if (err?.name === 'AbortError') return new CancelledError()
  const code = err?.code
  const text =
    code === 'ENOENT'
      ? `no Docker socket at ${endpoint}`
      : code === 'ECONNREFUSED'
        ? `connection refused by ${endpoint}: is the Docker daemon running?`
        : code === 'EACCES'
          ? `permission denied on ${endpoint}`
          : code === 'ECONNRESET' || code === 'EPIPE'
            ? `the Docker daemon at ${endpoint} closed the connection`
            : `cannot reach the Docker daemon at ${endpoint}: ${err?.message ?? String(e)}`
  return new EngineUnavailableError(text)
}

function splitRef(ref: string): { repo: string; tag?: string } {
  const at = ref.indexOf('@')
  if (at >= 0) return { repo: ref.slice(0, at), tag: ref.slice(at + 1) }
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  if (colon > slash) return { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) }
  return { repo: ref }
}

/** Split a docker multiplexed stream buffer (8-byte headers) into stdout and stderr. */
export function demuxBuffer(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = []
  const err: Buffer[] = []
  let i = 0
  while (i + 8 <= buf.length) {
    const type = buf[i]!
    const len = buf.readUInt32BE(i + 4)
    const chunk = buf.subarray(i + 8, i + 8 + len)
    if (type === 2) err.push(chunk)
    else out.push(chunk)
    i += 8 + len
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }
}

/** Drop undefined keys: the query string would send them as empty values (`filters=`). */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

function toFilters(f?: ListFilters): string | undefined {
  if (!f) return undefined
  const clean: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(f)) if (v && v.length) clean[k] = v
  return Object.keys(clean).length ? JSON.stringify(clean) : undefined
}

/** Read a JSON-lines stream; calls onMessage for each; rejects on a message carrying `error`. */
function readJsonStream(stream: NodeJS.ReadableStream, onMessage: (m: JsonMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = ''
    let failed: Error | null = null
    const handle = (line: string) => {
      if (!line.trim()) return
      let m: JsonMessage
      try {
        m = JSON.parse(line) as JsonMessage
      } catch {
        return
      }
      if (m.error || m.errorDetail) failed ??= new EngineError(m.errorDetail?.code && m.errorDetail.code >= 400 ? m.errorDetail.code : 500, m.errorDetail?.message ?? m.error ?? 'error')
      onMessage(m)
    }
    stream.on('data', (c: Buffer | string) => {
      buf += c.toString()
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        handle(buf.slice(0, nl))
        buf = buf.slice(nl + 1)
      }
    })
    stream.on('end', () => {
      handle(buf)
      if (failed) reject(failed)
      else resolve()
    })
    stream.on('error', (e) => reject(e))
  })
}

export class LiveEngine implements DockerEngine {
  readonly kind = 'live' as const
  readonly endpoint: string
  readonly apiVersion: string
  private docker: Docker
  private streams: Docker
  private info: VersionInfo
  private timeoutMs: number
  private longTimeoutMs: number
  private listeners = new Set<(e: DockerEvent) => void>()
  private statusListeners = new Set<(s: LiveStatus) => void>()
  private revision = 0
  private imageCache = new Map<string, { inspect: ImageInspect; history: HistoryEntry[] }>()
  private connected = true
  private closed = false
  private eventStream: IncomingMessage | null = null
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private pingTimer: ReturnType<typeof setInterval> | null = null
  private backoffMs = 1000
  private lastEventNano = 0
  private lastDataAt = Date.now()
  private pingInFlight = false
  private opening = false
  private followEvents: boolean
  /** container ID → Config.Image (the reference it was created from; immutable) */
  private createdFromCache = new Map<string, string>()
  /** a container's StartedAt/FinishedAt (ms) from its inspect, kept while they still explain the listed status (containerTimes) */
  private timesCache = new Map<string, Required<StatusTimes>>()
  /**
   * A stopped container's `docker diff`, kept while it stays stopped: its writable layer changes only
   * by a start (a new state) or a copy into it from another client, which the daemon announces with
   * an event naming the container (emit drops the entry). Used only while events are followed and
   * connected; a resync after a reconnect drops them all. Running containers are diffed every time.
   */
  private changesCache = new Map<string, { key: string; changes: ChangeEntry[] }>()
  /** diffs in flight (changesOf): an event naming their container, or a daemon event, marks them, and a marked answer is not kept */
  private diffsInFlight = new Set<{ id: string; touched: boolean }>()
  /** runs the snapshots' per-container daemon calls, SNAPSHOT_CONCURRENCY at a time */
  /** the snapshot's per-image and per-container daemon calls, at most SNAPSHOT_CONCURRENCY in flight */
  private daemonCalls: LimitFunction
  /**
   * The daemon's clock minus this machine's, ms (/info SystemTime against the midpoint of the request):
   * the daemon writes "Up 3 seconds" by its own clock, and a remote one (a VM after the host slept, another
   * machine) can be off by seconds. Snapshot.takenAt is on the daemon's clock with it, so the cached status
   * times keep explaining the listed texts, and the UI's ticking status starts from the daemon's text.
   */
  private clockOffset = 0
  /** when the offset was read (this machine's ms; 0: never, or dropped by a resync) */
  private clockReadAt = 0
  private clockReading: Promise<void> | null = null
  /** Registry mirror for Docker Hub pulls (mirror.ts), or undefined; changed by the settings screen (setRegistryMirror). */
  registryMirror: string | undefined

  constructor(candidate: EndpointCandidate, info: VersionInfo, apiVersion: string, opts: LiveOptions) {
    this.endpoint = candidate.endpoint
    this.info = info
    this.apiVersion = apiVersion
    this.timeoutMs = opts.timeoutMs ?? 10_000
    this.longTimeoutMs = opts.longTimeoutMs ?? 600_000
    this.followEvents = opts.followEvents ?? true
    this.daemonCalls = pLimit(opts.snapshotConcurrency ?? SNAPSHOT_CONCURRENCY)
    this.registryMirror = opts.registryMirror !== undefined ? opts.registryMirror.trim() || undefined : mirrorFromEnv()
    const base = { ...optionsOf(candidate), version: `v${apiVersion}` }
    this.docker = new Docker(base)
    this.streams = new Docker(base)
    if (this.followEvents) {
      this.openEvents(false)
      this.pingTimer = setInterval(() => void this.heartbeat(), opts.pingIntervalMs ?? 1000)
      this.pingTimer.unref?.()
    }
  }

  // ---------- plumbing ----------

  private async call<T>(fn: (signal: AbortSignal) => Promise<T>, opts?: { timeoutMs?: number; signal?: CallOptions['signal'] }): Promise<T> {
    const ms = opts?.timeoutMs ?? this.timeoutMs
    const ac = new AbortController()
    let timedOut = false
    const timer = ms > 0 ? setTimeout(() => { timedOut = true; ac.abort() }, ms) : null
    const outer = opts?.signal
    const onAbort = () => ac.abort()
    if (outer) {
      if (outer.aborted) ac.abort()
      else outer.addEventListener('abort', onAbort)
    }
    try {
      return await fn(ac.signal)
    } catch (e) {
      if (timedOut) throw new EngineUnavailableError(`the Docker daemon at ${this.endpoint} did not answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`)
      if (ac.signal.aborted) throw new CancelledError()
      throw mapDockerError(e, this.endpoint)
    } finally {
      if (timer) clearTimeout(timer)
      outer?.removeEventListener('abort', onAbort)
    }
  }

  private setStatus(connected: boolean, reason: string) {
    if (this.connected === connected) return
    this.connected = connected
    for (const l of [...this.statusListeners]) {
      try {
        l({ connected, reason })
      } catch {
        /* a listener's fault is not ours */
      }
    }
  }

  private emit(e: DockerEvent) {
    this.revision++
    if (e.Type === 'container') {
      this.changesCache.delete(e.Actor.ID)
      for (const f of this.diffsInFlight) if (f.id === e.Actor.ID) f.touched = true
    } else if (e.Type === 'daemon') {
      this.changesCache.clear()
      for (const f of this.diffsInFlight) f.touched = true
      if (e.Action === 'resync') this.clockReadAt = 0 // a daemon back from away (a VM resumed?): its clock may have moved
    }
    for (const l of [...this.listeners]) {
      try {
        l(e)
      } catch {
        /* ignore listener errors */
      }
    }
  }

  private openEvents(isReconnect: boolean) {
    if (this.closed) return
    const opts: Record<string, unknown> = {}
    if (isReconnect && this.lastEventNano) opts.since = (this.lastEventNano / 1e9).toFixed(9)
    // one attempt in flight at a time; an attempt the daemon never answers (a frozen daemon
    // accepts connections but says nothing) is abandoned after 5 s and retried with backoff
    if (this.opening) return
    this.opening = true
    const ac = new AbortController()
    opts.abortSignal = ac.signal
    const stuck = setTimeout(() => ac.abort(), 5000)
    stuck.unref?.()
    this.streams.getEvents(opts, (err, stream) => {
      clearTimeout(stuck)
      this.opening = false
      if (this.closed) {
        ;(stream as IncomingMessage | undefined)?.destroy()
        return
      }
      if (err || !stream) {
        this.setStatus(false, mapDockerError(err, this.endpoint).message)
        this.scheduleReconnect()
        return
      }
      const s = stream as IncomingMessage
      this.eventStream = s
      this.lastDataAt = Date.now()
      this.backoffMs = 1000
      this.setStatus(true, 'connected')
      if (isReconnect) {
        const now = Date.now()
        this.emit({ Type: 'daemon', Action: 'resync', Actor: { ID: '', Attributes: { endpoint: this.endpoint } }, time: Math.floor(now / 1000), timeNano: now * 1e6 })
      }
      let buf = ''
      s.on('data', (c: Buffer) => {
        this.lastDataAt = Date.now()
        buf += c.toString('utf8')
        let nl: number
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl)
          buf = buf.slice(nl + 1)
          if (!line.trim()) continue
          try {
            const ev = JSON.parse(line) as DockerEvent
            if (typeof ev.timeNano === 'number') this.lastEventNano = ev.timeNano
            this.emit(ev)
          } catch {
            /* a garbled line: skip it */
          }
        }
      })
      const gone = (why: string) => {
        if (this.eventStream !== s) return
        this.eventStream = null
        if (this.closed) return
        this.setStatus(false, why)
        this.scheduleReconnect()
      }
      s.on('end', () => gone('the event stream ended'))
      s.on('close', () => gone('the event stream closed'))
      s.on('error', (e) => gone(mapDockerError(e, this.endpoint).message))
    })
  }

  private scheduleReconnect() {
    if (this.closed || this.reconnectTimer) return
    const delay = this.backoffMs
    this.backoffMs = Math.min(this.backoffMs * 2, 30_000)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      this.openEvents(true)
    }, delay)
    this.reconnectTimer.unref?.()
  }

  private async heartbeat() {
    if (this.closed || this.pingInFlight) return
    this.pingInFlight = true
    try {
      await this.call((signal) => (this.docker.ping({ abortSignal: signal } as never) as unknown as Promise<unknown>), { timeoutMs: 800 })
      if (!this.eventStream && !this.reconnectTimer && !this.opening) this.openEvents(true)
      else if (!this.connected && this.eventStream) this.setStatus(true, 'connected')
    } catch (e) {
      this.setStatus(false, (e as Error).message)
      if (this.eventStream) {
        const s = this.eventStream
        this.eventStream = null
        s.destroy()
        this.scheduleReconnect()
      }
    } finally {
      this.pingInFlight = false
    }
  }

  /** Be told when the daemon goes away (connected=false) or comes back. Returns unsubscribe. */
  onStatus(listener: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  get isConnected(): boolean {
    return this.connected
  }

  // ---------- system ----------

  async version(): Promise<VersionInfo> {
    const v = await this.call((signal) => this.docker.version({ abortSignal: signal } as never) as unknown as Promise<unknown>)
    this.info = v as VersionInfo
    return this.info
  }

  /** The daemon's clock as /info reports it (SystemTime, RFC 3339), or undefined when it does not say. */
  async systemTime(): Promise<string | undefined> {
    const info = (await this.call((signal) => this.docker.info({ abortSignal: signal } as never) as unknown as Promise<unknown>)) as { SystemTime?: unknown } | null
    return typeof info?.SystemTime === 'string' ? info.SystemTime : undefined
  }

  /** Reads the daemon's clock offset (clockOffset); a daemon that does not answer or say keeps the last one (0 at first). */
  private readClock(): Promise<void> {
    this.clockReading ??= (async () => {
      try {
        const t0 = Date.now()
        const said = Date.parse((await this.systemTime()) ?? '')
        const t1 = Date.now()
        // within the reading's own uncertainty (half the round trip), say none: a local daemon shares this clock
        if (Number.isFinite(said)) this.clockOffset = Math.abs(said - (t0 + t1) / 2) > (t1 - t0) / 2 ? Math.round(said - (t0 + t1) / 2) : 0
      } catch {
        /* not this time: the snapshot goes on with the last offset */
      } finally {
        this.clockReadAt = Date.now()
        this.clockReading = null
      }
    })()
    return this.clockReading
  }

  async ping(): Promise<void> {
    await this.call((signal) => (this.docker.ping({ abortSignal: signal } as never) as unknown as Promise<unknown>))
  }

  // ---------- images ----------

  async listImages(opts?: { all?: boolean; filters?: ListFilters }): Promise<ImageSummary[]> {
    const r = await this.call((signal) => this.docker.listImages(defined({ all: opts?.all, filters: toFilters(opts?.filters), abortSignal: signal }) as Docker.ListImagesOptions))
    return jsonArray<ImageSummary>(r, 'GET /images/json')
  }

  async inspectImage(nameOrId: string): Promise<ImageInspect> {
    return (await this.call((signal) => (this.docker.getImage(nameOrId).inspect({ abortSignal: signal } as never) as unknown as Promise<unknown>))) as unknown as ImageInspect
  }

  async imageHistory(nameOrId: string): Promise<HistoryEntry[]> {
    return (await this.call(() => this.docker.getImage(nameOrId).history())) as unknown as HistoryEntry[]
  }

  /**
   * The reference a container was created from, as the simulator keeps it. The list answers the
   * image ID instead once that tag has moved to another image (as `docker ps` shows it), so then
   * the container's own record (Config.Image, immutable) is asked, once per container.
   */
  private async createdFrom(c: ContainerSummary): Promise<string> {
    const shown = c.Image ?? ''
    const idLike = shown.startsWith('sha256:') || (/^[0-9a-f]{12,64}$/.test(shown) && (c.ImageID ?? '').replace('sha256:', '').startsWith(shown))
    if (!idLike) return shown
    const cached = this.createdFromCache.get(c.Id)
    if (cached !== undefined) return cached
    try {
      const ref = (await this.daemonCalls(() => this.inspectContainer(c.Id))).Config?.Image || shown
      if (this.createdFromCache.size > 10_000) this.createdFromCache.clear()
      this.createdFromCache.set(c.Id, ref)
      return ref
    } catch {
      return shown
    }
  }

  /**
   * When a container started and finished, for the UI to keep its status current (statusAt): the
   * container list has only the status text, so the times come from an inspect, kept per container
   * while they still give the listed text at the time it was listed (a restart or a stop changes the
   * text, and the container is inspected again). Only for texts with a duration (Up / Exited / Restarting).
   */
  private async containerTimes(c: ContainerSummary, takenAt: number): Promise<StatusTimes> {
    const status = c.Status ?? ''
    if (!/^(Up|Exited|Restarting) /.test(status)) return {}
    const cached = this.timesCache.get(c.Id)
    // the daemon read its clock a moment before the list reached us
    if (cached && (statusAt(status, cached, takenAt) === status || statusAt(status, cached, takenAt - 1000) === status)) return cached
    try {
      const st = (await this.daemonCalls(() => this.inspectContainer(c.Id))).State
      const ms = (t: string | undefined) => {
        const v = t ? Date.parse(t) : NaN
        return Number.isFinite(v) && v > 0 ? v : 0 // '0001-01-01T00:00:00Z' is never
      }
      const times = { startedAt: ms(st?.StartedAt), finishedAt: ms(st?.FinishedAt) }
      if (this.timesCache.size > 10_000) this.timesCache.clear()
      this.timesCache.set(c.Id, times)
      return times
    } catch {
      return {} // removed meanwhile: its status stays as listed
    }
  }

  /** A managed container's changes for the snapshot (changesCache), or null when they cannot be read. */
  private async changesOf(c: ContainerSummary, times: StatusTimes): Promise<ChangeEntry[] | null> {
    const stopped = c.State === 'exited' || c.State === 'created' || c.State === 'dead'
    const keep = stopped && this.followEvents && this.connected
    const key = `${c.State} ${times.startedAt ?? ''} ${times.finishedAt ?? ''}`
    const hit = this.changesCache.get(c.Id)
    if (keep && hit?.key === key) return hit.changes
    const flight = { id: c.Id, touched: false }
    try {
      const changes = await this.daemonCalls(() => (this.diffsInFlight.add(flight), this.containerChanges(c.Id)))
      // an event naming the container during the call may be a change the answer predates: not kept then
      // (other containers' events, as other clients make them all the time, say nothing about this one)
      if (keep && changes && !flight.touched) this.changesCache.set(c.Id, { key, changes })
      else this.changesCache.delete(c.Id)
      return changes
    } catch {
      this.changesCache.delete(c.Id)
      return null
    } finally {
      this.diffsInFlight.delete(flight)
    }
  }

  /** The next pulls use this mirror (null: Docker Hub directly); one already running keeps its own. */
  setRegistryMirror(mirror: string | null): void {
    this.registryMirror = mirror ?? undefined
  }

  async pullImage(ref: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    const mirror = this.registryMirror
    const m = mirror ? mirrorRef(ref, mirror) : null
    if (!m) return this.pullDirect(ref, onProgress, opts)
    const shown = `${m.shownRepo}:${m.tag}`
    const fromMirror = `${m.mirrorRepo}:${m.tag}`
    const before = await this.inspectImage(shown).then(
      (i) => i.Id,
      () => undefined,
    )
    // Digest/Status lines wait until we know whether the learner's tag moved
    const tail: JsonMessage[] = []
    try {
      await this.pullDirect(fromMirror, (msg) => {
        if (msg.status?.startsWith('Digest:') || msg.status?.startsWith('Status:')) tail.push(msg)
        else onProgress?.(rewriteMessage(msg, m.mirrorRepo, m.shownRepo, false))
      }, opts)
    } catch (mirrorErr) {
      if (opts?.signal?.aborted || isCancelledError(mirrorErr)) throw mirrorErr
      // the mirror lacks it or is down: Docker Hub, as dockerd's own registry-mirrors falls back
      try {
        await this.pullDirect(ref, onProgress, opts)
        return
      } catch (hubErr) {
        const code = hubErr instanceof EngineError ? hubErr.statusCode : 503
        throw new EngineError(code, mirrorFailure(shown, mirror!, (mirrorErr as Error).message, (hubErr as Error).message))
      }
    }
    const after = (await this.inspectImage(fromMirror)).Id
    await this.tagImage(fromMirror, m.shownRepo, m.tag)
    await this.removeImage(fromMirror, { noprune: true })
    for (const msg of tail) onProgress?.(rewriteMessage(msg, m.mirrorRepo, m.shownRepo, before === after))
  }

  private async pullDirect(ref: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    const { repo, tag } = splitRef(ref)
    await this.call(
      async (signal) => {
        const stream = (await this.streams.createImage({ fromImage: repo, tag: tag ?? 'latest', abortSignal: signal } as never)) as unknown as NodeJS.ReadableStream
        await readJsonStream(stream, (m) => onProgress?.(m))
      },
      { timeoutMs: this.longTimeoutMs, signal: opts?.signal },
    )
  }

  async pushImage(ref: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    const { repo, tag } = splitRef(ref)
    await this.call(
      async (signal) => {
        const stream = (await this.streams.getImage(repo).push({ tag, authconfig: {}, abortSignal: signal } as never)) as unknown as NodeJS.ReadableStream
        await readJsonStream(stream, (m) => onProgress?.(m))
      },
      { timeoutMs: this.longTimeoutMs, signal: opts?.signal },
    )
  }

  async tagImage(source: string, repo: string, tag?: string): Promise<void> {
    await this.call(() => this.docker.getImage(source).tag({ repo, tag: tag ?? 'latest' }))
  }

  async removeImage(nameOrId: string, opts?: { force?: boolean; noprune?: boolean }): Promise<RemoveImageResult[]> {
    const r = await this.call(() => this.docker.getImage(nameOrId).remove({ force: opts?.force, noprune: opts?.noprune }))
    return r as unknown as RemoveImageResult[]
  }

  async importImage(tar: Uint8Array, opts: { repo?: string; tag?: string; message?: string; changes?: string[] }, onProgress?: ProgressFn): Promise<string> {
    let id = ''
    await this.call(
      async (signal) => {
        const stream = (await this.streams.importImage(Readable.from([Buffer.from(tar)]), {
          repo: opts.repo,
          tag: opts.repo ? (opts.tag ?? 'latest') : undefined,
          message: opts.message,
          changes: opts.changes,
          abortSignal: signal,
        } as never)) as unknown as NodeJS.ReadableStream
        await readJsonStream(stream, (m) => {
          if (m.status && /^sha256:[0-9a-f]{64}$/.test(m.status.trim())) id = m.status.trim()
          onProgress?.(m)
        })
      },
      { timeoutMs: this.longTimeoutMs },
    )
    if (!id) throw new EngineError(500, 'import finished without an image ID')
    return id
  }

  async buildImage(context: Uint8Array, opts: { t?: string[]; dockerfile?: string; labels?: Record<string, string>; rm?: boolean }, onProgress?: ProgressFn): Promise<string> {
    let id = ''
    await this.call(
      async (signal) => {
        const stream = (await this.streams.buildImage(Readable.from([Buffer.from(context)]) as never, {
          t: opts.t,
          dockerfile: opts.dockerfile,
          labels: opts.labels,
          rm: opts.rm ?? true,
          version: '1',
          abortSignal: signal,
        } as never)) as unknown as NodeJS.ReadableStream
        await readJsonStream(stream, (m) => {
          const aux = m.aux as { ID?: string } | undefined
          if (aux?.ID) id = aux.ID
          const sb = m.stream && /Successfully built ([0-9a-f]+)/.exec(m.stream)
          if (sb && !id) id = sb[1]!
          onProgress?.(m)
        })
      },
      { timeoutMs: this.longTimeoutMs },
    )
    if (!id) throw new EngineError(500, 'build finished without an image ID')
    if (!id.startsWith('sha256:')) id = (await this.inspectImage(id)).Id
    return id
  }

  // ---------- containers ----------

  async listContainers(opts?: { all?: boolean; limit?: number; filters?: ListFilters }): Promise<ContainerSummary[]> {
    const r = await this.call((signal) =>
      this.docker.listContainers(defined({ all: opts?.all, limit: opts?.limit, filters: toFilters(opts?.filters), abortSignal: signal }) as Docker.ContainerListOptions),
    )
    return jsonArray<ContainerSummary>(r, 'GET /containers/json')
  }

  async inspectContainer(nameOrId: string): Promise<ContainerInspect> {
    return (await this.call((signal) => this.docker.getContainer(nameOrId).inspect({ abortSignal: signal }))) as unknown as ContainerInspect
  }

  async createContainer(opts: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }> {
    const { name, ...body } = opts
    const c = await this.call(() => this.docker.createContainer(defined({ ...body, name }) as Docker.ContainerCreateOptions))
    const info = (await this.call(() => c.inspect())) as unknown as ContainerInspect
    return { Id: info.Id, Warnings: [] }
  }

  async startContainer(nameOrId: string): Promise<void> {
    await this.call(() => this.docker.getContainer(nameOrId).start())
  }

  async stopContainer(nameOrId: string, opts?: { t?: number }): Promise<void> {
    const t = opts?.t ?? 10
    await this.call(() => this.docker.getContainer(nameOrId).stop({ t }), { timeoutMs: this.timeoutMs + t * 1000 })
  }

  async restartContainer(nameOrId: string, opts?: { t?: number }): Promise<void> {
    const t = opts?.t ?? 10
    await this.call(() => this.docker.getContainer(nameOrId).restart({ t }), { timeoutMs: this.timeoutMs + t * 1000 })
  }

  async killContainer(nameOrId: string, opts?: { signal?: string }): Promise<void> {
    await this.call(() => this.docker.getContainer(nameOrId).kill(opts?.signal ? { signal: opts.signal } : {}))
  }

  async pauseContainer(nameOrId: string): Promise<void> {
    await this.call(() => this.docker.getContainer(nameOrId).pause())
  }

  async unpauseContainer(nameOrId: string): Promise<void> {
    await this.call(() => this.docker.getContainer(nameOrId).unpause())
  }

  async removeContainer(nameOrId: string, opts?: { force?: boolean; v?: boolean }): Promise<void> {
    await this.call(() => this.docker.getContainer(nameOrId).remove({ force: opts?.force, v: opts?.v }))
  }

  async renameContainer(nameOrId: string, newName: string): Promise<void> {
    await this.call(() => this.docker.getContainer(nameOrId).rename({ name: newName }))
  }

  async waitContainer(nameOrId: string, opts?: CallOptions): Promise<{ StatusCode: number }> {
    const r = await this.call((signal) => (this.streams.getContainer(nameOrId).wait({ abortSignal: signal } as never) as unknown as Promise<unknown>), { timeoutMs: 0, signal: opts?.signal })
    return { StatusCode: (r as { StatusCode: number }).StatusCode }
  }

  async containerLogs(nameOrId: string): Promise<LogsResult> {
    const info = await this.inspectContainer(nameOrId)
    const raw = await this.call(() => this.docker.getContainer(nameOrId).logs({ stdout: true, stderr: true, follow: false }))
    const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))
    if (info.Config.Tty) return { stdout: buf.toString('utf8'), stderr: '' }
    return demuxBuffer(buf)
  }

  async containerChanges(nameOrId: string): Promise<ChangeEntry[] | null> {
    const r = await this.call(() => this.docker.getContainer(nameOrId).changes())
    return (r as unknown as ChangeEntry[] | null) ?? []
  }

  async imageLayerFiles(nameOrId: string, opts?: CallOptions): Promise<LayerListing[]> {
    // inspect first: a missing image then fails with the daemon's own 404 text, before any stream
    const info = await this.inspectImage(nameOrId)
    return this.call(
      async (signal) => {
        // dockerode's Image.get takes no options: dial it ourselves so that the call can be cancelled
        const stream = await new Promise<Readable>((resolve, reject) =>
          this.streams.modem.dial(
            { path: `/images/${encodeURIComponent(info.Id)}/get`, method: 'GET', isStream: true, abortSignal: signal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } } as never,
            (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
          ),
        )
        signal.addEventListener('abort', () => stream.destroy(), { once: true })
        return readSavedImageLayers(stream)
      },
      { timeoutMs: this.longTimeoutMs, signal: opts?.signal },
    )
  }

  async containerLayerFiles(nameOrId: string, opts?: CallOptions): Promise<LayerFileEntry[]> {
    const changes = (await this.containerChanges(nameOrId)) ?? []
    const out: LayerFileEntry[] = new Array(changes.length)
    const c = this.docker.getContainer(nameOrId)
    let next = 0
    let stats = 0
    // stat what was added or changed (size, type, mode), a few at a time; deletions need no stat
    const worker = async () => {
      while (next < changes.length) {
        const i = next++
        const ch = changes[i]
        if (ch.Kind === 2) {
          out[i] = { Path: ch.Path, Type: 'whiteout', Size: 0, Mode: 0 }
          continue
        }
        let e: LayerFileEntry | null = null
        if (stats++ < MAX_STATS) {
          e = await this.call(
            async (signal) => {
              const res = (await (c.infoArchive({ path: ch.Path, abortSignal: signal } as never) as unknown as Promise<IncomingMessage>)) as IncomingMessage
              res.resume?.()
              const h = res.headers?.['x-docker-container-path-stat']
              return entryFromPathStat(ch.Path, Array.isArray(h) ? h[0] : h)
            },
            { signal: opts?.signal },
          ).catch(() => null)
        }
        out[i] = e ?? { Path: ch.Path, Type: 'other', Size: 0, Mode: 0 }
      }
    }
    await Promise.all(Array.from({ length: Math.min(8, changes.length) }, worker))
    return out
  }

  async commitContainer(
    nameOrId: string,
    opts: { repo?: string; tag?: string; comment?: string; author?: string; changes?: string[]; pause?: boolean },
  ): Promise<{ Id: string }> {
    const r = await this.call(() =>
      this.docker.getContainer(nameOrId).commit(
        defined({
          repo: opts.repo,
          tag: opts.repo ? opts.tag : undefined,
          comment: opts.comment,
          author: opts.author,
          changes: opts.changes,
          pause: opts.pause ?? true,
        }) as never,
      ) as unknown as Promise<unknown>,
    )
    return { Id: (r as { Id: string }).Id }
  }

  async exec(nameOrId: string, opts: { Cmd: string[]; Env?: string[]; WorkingDir?: string; Tty?: boolean }): Promise<ExecResult> {
    return this.call(
      async (signal) => {
        const ex = await this.docker.getContainer(nameOrId).exec({
          Cmd: opts.Cmd,
          Env: opts.Env,
          WorkingDir: opts.WorkingDir,
          Tty: opts.Tty ?? false,
          AttachStdout: true,
          AttachStderr: true,
        })
        const stream = await ex.start({ hijack: true, stdin: false, Tty: opts.Tty ?? false, abortSignal: signal } as never)
        const out: Buffer[] = []
        const err: Buffer[] = []
        const o = new PassThrough()
        const e = new PassThrough()
        o.on('data', (c: Buffer) => out.push(c))
        e.on('data', (c: Buffer) => err.push(c))
        await new Promise<void>((resolve, reject) => {
          if (opts.Tty) stream.pipe(o)
          else this.docker.modem.demuxStream(stream, o, e)
          stream.on('end', () => resolve())
          stream.on('close', () => resolve())
          stream.on('error', reject)
        })
        const info = await ex.inspect()
        return { exitCode: info.ExitCode ?? 0, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }
      },
      { timeoutMs: Math.max(this.timeoutMs, 60_000) },
    )
  }

  // ---------- whole state ----------

  private async imageDetails(id: string): Promise<{ inspect: ImageInspect; history: HistoryEntry[] }> {
    const hit = this.imageCache.get(id)
    if (hit) return hit
    const [inspect, history] = await Promise.all([this.daemonCalls(() => this.inspectImage(id)), this.daemonCalls(() => this.imageHistory(id))])
    const d = { inspect, history }
    this.imageCache.set(id, d)
    return d
  }

  async snapshot(): Promise<Snapshot> {
    const revision = this.revision
    // when the containers' status texts were read (the daemon's "Up 3 seconds" is of that moment)
    let listedAt = 0
    // the first snapshot waits for the daemon's clock (beside the lists); later ones read it again in the background
    const clock = this.clockReadAt === 0 ? this.readClock() : Date.now() - this.clockReadAt > CLOCK_READ_EVERY_MS ? void this.readClock() : undefined
    const [images, containers] = await Promise.all([this.listImages({ all: true }), this.listContainers({ all: true }).then((l) => ((listedAt = Date.now()), l)), clock])
    // on the daemon's clock, as its status texts and start/finish times are
    const takenAt = listedAt + this.clockOffset
    const live = new Set(images.map((i) => i.Id))
    for (const k of this.imageCache.keys()) if (!live.has(k)) this.imageCache.delete(k)
    // the first snapshot's inspect + history per image share the bound of the per-container calls; later ones hit the cache
    const details = new Map<string, { inspect: ImageInspect; history: HistoryEntry[] }>()
    await Promise.all(
      images.map(async ({ Id: id }) => {
        try {
          details.set(id, await this.imageDetails(id))
        } catch (e) {
          if (!(e instanceof EngineError && e.statusCode === 404)) throw e // removed meanwhile: skip it
        }
      }),
    )

    const layersOf = new Map<string, string[]>()
    for (const [id, d] of details) layersOf.set(id, d.inspect.RootFS?.Layers ?? [])
    // longest strict layer prefix, for images the daemon has no ParentId for (pulled ones)
    const byKey = new Map<string, string>()
    for (const img of images) {
      const l = layersOf.get(img.Id)
      if (!l) continue
      const key = l.join(',')
      const prev = byKey.get(key)
      // among images with identical layers, the oldest stands for the prefix
      if (!prev || (images.find((i) => i.Id === prev)?.Created ?? 0) > img.Created) byKey.set(key, img.Id)
    }
    const inferParent = (id: string): string | null => {
      const l = layersOf.get(id) ?? []
      for (let n = l.length - 1; n >= 1; n--) {
        const p = byKey.get(l.slice(0, n).join(','))
        if (p && p !== id) return p
      }
      return null
    }

    const outImages: SnapshotImage[] = []
    for (const img of images) {
      const d = details.get(img.Id)
      if (!d) continue
      const cfg = d.inspect.Config ?? {}
      const labels = cfg.Labels ?? img.Labels ?? {}
      outImages.push({
        id: img.Id,
        parentId: img.ParentId && live.has(img.ParentId) ? img.ParentId : inferParent(img.Id),
        tags: (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        digests: (img.RepoDigests ?? []).filter((t) => !t.startsWith('<none>')),
        created: img.Created,
        size: img.Size,
        layers: d.inspect.RootFS?.Layers ?? [],
        history: historySteps(d.history, d.inspect.RootFS?.Layers?.length ?? 0),
        config: {
          cmd: cfg.Cmd ?? null,
          entrypoint: cfg.Entrypoint ?? null,
          env: cfg.Env ?? [],
          labels,
          workingDir: cfg.WorkingDir ?? '',
        },
        managed: labels[MANAGED_LABEL] === 'true',
      })
    }

    const listed = new Set(containers.map((c) => c.Id))
    for (const k of this.timesCache.keys()) if (!listed.has(k)) this.timesCache.delete(k)
    for (const k of this.changesCache.keys()) if (!listed.has(k)) this.changesCache.delete(k)
    const outContainers: SnapshotContainer[] = await Promise.all(
      containers.map(async (c) => {
        const labels = c.Labels ?? {}
        const managed = labels[MANAGED_LABEL] === 'true'
        const times = await this.containerTimes(c, takenAt)
        const changes = managed ? await this.changesOf(c, times) : null
        return {
          id: c.Id,
          name: (c.Names?.[0] ?? '').replace(/^\//, ''),
          imageId: c.ImageID,
          imageRef: await this.createdFrom(c),
          command: c.Command,
          created: c.Created,
          state: c.State,
          status: c.Status,
          ...times,
          exitCode: exitCodeOf(c.Status),
          labels,
          changes,
          managed,
        }
      }),
    )

    return {
      engine: { kind: 'live', version: this.info.Version, apiVersion: this.apiVersion, os: this.info.Os, kernel: this.info.KernelVersion },
      images: outImages,
      containers: outContainers,
      revision,
      takenAt,
    }
  }

  onEvent(listener: (event: DockerEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.pingTimer) clearInterval(this.pingTimer)
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.pingTimer = null
    this.reconnectTimer = null
    const s = this.eventStream
    this.eventStream = null
    s?.destroy()
    this.listeners.clear()
    this.statusListeners.clear()
  }
}

const METADATA_STEP = /#\(nop\)|^(ENV|LABEL|CMD|ENTRYPOINT|WORKDIR|EXPOSE|USER|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|VOLUME|MAINTAINER)\b/

/**
 * GET /images/{id}/history (newest first) → Snapshot steps (bottom first) with emptyLayer set so
 * that exactly `layerCount` steps carry a layer (the API does not say which steps are empty, the
 * image config does, but only to the daemon): steps with a size carry one; then zero-size steps
 * that are not metadata instructions (a RUN that changed nothing still makes a layer), bottom
 * first, until the count matches.
 */
export function historySteps(history: HistoryEntry[], layerCount: number): SnapshotImage['history'] {
  const steps = [...history].reverse()
  const carries = steps.map((h) => h.Size > 0)
  let n = carries.filter(Boolean).length
  for (let i = 0; i < steps.length && n < layerCount; i++) {
    if (!carries[i] && !METADATA_STEP.test(steps[i]!.CreatedBy.replace(/^\/bin\/sh -c /, ''))) {
      carries[i] = true
      n++
    }
  }
  for (let i = 0; i < steps.length && n < layerCount; i++) {
    if (!carries[i]) {
      carries[i] = true
      n++
    }
  }
  return steps.map((h, i) => ({
    createdBy: h.CreatedBy,
    size: h.Size,
    emptyLayer: !carries[i],
    created: h.Created,
    ...(h.Comment ? { comment: h.Comment } : {}),
  }))
}

/** dockerode hands back the raw bytes when a body is not JSON: say so instead of passing it on. */
function jsonArray<T>(r: unknown, what: string): T[] {
  if (Array.isArray(r)) return r as T[]
  throw new EngineError(502, `the daemon's answer to ${what} is not a JSON list: ${String(r).slice(0, 80)}`)
}

function exitCodeOf(status: string): number {
  const m = /^Exited \((-?\d+)\)/.exec(status)
  return m ? Number(m[1]) : 0
}

/** GET /version without a version prefix (works with any daemon). */
async function rawVersion(candidate: EndpointCandidate, timeoutMs: number): Promise<VersionInfo> {
  const d = new Docker(optionsOf(candidate))
  const ac = new AbortController()
  const t = setTimeout(() => ac.abort(), timeoutMs)
  try {
    // modem.dial with no `version` option sends an unprefixed path
    return await new Promise<VersionInfo>((resolve, reject) => {
      d.modem.dial({ path: '/version', method: 'GET', statusCodes: { 200: true, 500: 'server error' }, options: { abortSignal: ac.signal } }, (err, data) =>
        err ? reject(err) : resolve(data as VersionInfo),
      )
    })
  } catch (e) {
    if (ac.signal.aborted) throw new EngineUnavailableError(`the Docker daemon at ${candidate.endpoint} did not answer within ${timeoutMs} ms`)
    throw mapDockerError(e, candidate.endpoint)
  } finally {
    clearTimeout(t)
  }
}

/** Negotiated API version: min(daemon, ours); throws 'API too old' below MIN_API_VERSION. */
export function negotiateApiVersion(v: VersionInfo): string {
  if (compareApiVersions(v.ApiVersion, MIN_API_VERSION) < 0) {
    throw new EngineUnavailableError(`API too old: Docker ${v.Version} speaks API ${v.ApiVersion}; Layerlab needs ${MIN_API_VERSION} or newer (Docker 20.10+)`)
  }
  if (v.MinAPIVersion && compareApiVersions(v.MinAPIVersion, MAX_API_VERSION) > 0) {
    throw new EngineUnavailableError(`API too new: Docker ${v.Version} requires API ${v.MinAPIVersion} or newer; Layerlab speaks up to ${MAX_API_VERSION}`)
  }
  return compareApiVersions(v.ApiVersion, MAX_API_VERSION) < 0 ? v.ApiVersion : MAX_API_VERSION
}

/** Connect to a daemon: negotiate the API version and start following its events. */
export async function connectLive(target: EndpointCandidate | string, opts: LiveOptions = {}): Promise<LiveEngine> {
  const candidate = typeof target === 'string' ? parseDockerHost(target, 'endpoint') : target
  const info = opts.versionInfo ?? (await rawVersion(candidate, opts.timeoutMs ?? 10_000))
  const api = negotiateApiVersion(info)
  return new LiveEngine(candidate, info, api, opts)
}
