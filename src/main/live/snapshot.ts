/**
 * The live snapshot: the same Snapshot as the simulator's, read from the daemon's lists, with what
 * each image and container needs besides, kept where it cannot change:
 * - image inspect + history per image ID (IDs are content-addressed, so immutable);
 * - a container's Config.Image (the reference it was created from) when the list shows an image ID;
 * - a container's start/finish times while they still explain its listed status text;
 * - a stopped managed container's `docker diff`, while events say nothing of it (noteEvent).
 * Per-image and per-container daemon calls run at most `concurrency` at a time, over all snapshots.
 * Parents come from ParentId where the daemon has it (images built or committed locally); pulled
 * images have no parent record, so the parent is rebuilt as the image whose RootFS layers are the
 * longest strict prefix of this image's layers (as dockviz does). That is also why `docker history`
 * shows `<missing>` for the lower steps of pulled images: the registry ships layers, not the
 * intermediate images.
 */
import pLimit, { type LimitFunction } from 'p-limit'
import type { DockerEngine } from '../../domain/engine'
import { EngineError } from '../../domain/errors'
import { MANAGED_LABEL, type Snapshot, type SnapshotContainer, type SnapshotImage } from '../../domain/snapshot'
import { statusAt, type StatusTimes } from '../../domain/status'
import type { ChangeEntry, ContainerSummary, DockerEvent, HistoryEntry, ImageInspect, ImageSummary } from '../../domain/types'
import { DaemonClock } from './clock'
import { familiarRef, familiarRefs } from './familiar'

/**
 * At most this many per-container daemon calls of snapshots (status-time inspects, `docker diff`s,
 * Config.Image inspects) are in flight at once, over all snapshots of one engine: a first snapshot of
 * a daemon with hundreds of containers would otherwise send hundreds of requests at once.
 */
export const SNAPSHOT_CONCURRENCY = 16

/** The daemon calls a snapshot makes: the engine's own methods (called through it, so that tests and benchmarks can wrap them). */
export type SnapshotSource = Pick<DockerEngine, 'listImages' | 'listContainers' | 'inspectImage' | 'imageHistory' | 'inspectContainer' | 'containerChanges'> & {
  systemTime(): Promise<string | undefined>
}

export interface SnapshotOptions {
  /** bound on the per-image and per-container calls (Infinity: none) */
  concurrency: number
  /** whether a stopped container's diff may be kept: only while events are followed and the daemon connected */
  keepDiffs: () => boolean
  /** Snapshot.engine, as of the snapshot's end */
  engine: () => Snapshot['engine']
}

interface ImageDetails {
  inspect: ImageInspect
  history: HistoryEntry[]
}

export class SnapshotTaker {
  private imageCache = new Map<string, ImageDetails>()
  /** container ID → Config.Image (the reference it was created from; immutable) */
  private createdFromCache = new Map<string, string>()
  /** a container's StartedAt/FinishedAt (ms) from its inspect, kept while they still explain the listed status (containerTimes) */
  private timesCache = new Map<string, Required<StatusTimes>>()
  /**
   * A stopped container's `docker diff`, kept while it stays stopped: its writable layer changes only
   * by a start (a new state) or a copy into it from another client, which the daemon announces with
   * an event naming the container (noteEvent drops the entry). Used only while events are followed and
   * connected; a resync after a reconnect drops them all. Running containers are diffed every time.
   */
  private changesCache = new Map<string, { key: string; changes: ChangeEntry[] }>()
  /** diffs in flight (changesOf): an event naming their container, or a daemon event, marks them, and a marked answer is not kept */
  private diffsInFlight = new Set<{ id: string; touched: boolean }>()
  /** the snapshot's per-image and per-container daemon calls, at most `concurrency` in flight */
  private daemonCalls: LimitFunction
  private clock: DaemonClock

  constructor(
    private source: SnapshotSource,
    private opts: SnapshotOptions,
  ) {
    this.daemonCalls = pLimit(opts.concurrency)
    this.clock = new DaemonClock(() => source.systemTime())
  }

  /** An event from the daemon: what it names is no longer known to be as kept. */
  noteEvent(e: DockerEvent): void {
    if (e.Type === 'container') {
      this.changesCache.delete(e.Actor.ID)
      for (const f of this.diffsInFlight) if (f.id === e.Actor.ID) f.touched = true
    } else if (e.Type === 'daemon') {
      this.changesCache.clear()
      for (const f of this.diffsInFlight) f.touched = true
      if (e.Action === 'resync') this.clock.forget()
    }
  }

  /** The whole state; `revision` is the engine's event count as the snapshot starts. */
  async take(revision: number): Promise<Snapshot> {
    // when the containers' status texts were read (the daemon's "Up 3 seconds" is of that moment)
    let listedAt = 0
    // the first snapshot waits for the daemon's clock (beside the lists); later ones read it again in the background
    const clock = this.clock.beforeSnapshot()
    const [images, containers] = await Promise.all([
      this.source.listImages({ all: true }),
      this.source.listContainers({ all: true }).then((l) => ((listedAt = Date.now()), l)),
      clock,
    ])
    // on the daemon's clock, as its status texts and start/finish times are
    const takenAt = listedAt + this.clock.offset
    const outImages = await this.images(images)

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
          imageRef: familiarRef(await this.createdFrom(c)),
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

    return { engine: this.opts.engine(), images: outImages, containers: outContainers, revision, takenAt }
  }

  private async images(images: ImageSummary[]): Promise<SnapshotImage[]> {
    const live = new Set(images.map((i) => i.Id))
    for (const k of this.imageCache.keys()) if (!live.has(k)) this.imageCache.delete(k)
    // the first snapshot's inspect + history per image share the bound of the per-container calls; later ones hit the cache
    const details = new Map<string, ImageDetails>()
    await Promise.all(
      images.map(async ({ Id: id }) => {
        try {
          details.set(id, await this.imageDetails(id))
        } catch (e) {
          if (!(e instanceof EngineError && e.statusCode === 404)) throw e // removed meanwhile: skip it
        }
      }),
    )
    const inferParent = parentByLayers(images, details)
    const out: SnapshotImage[] = []
    for (const img of images) {
      const d = details.get(img.Id)
      if (!d) continue
      const cfg = d.inspect.Config ?? {}
      const labels = cfg.Labels ?? img.Labels ?? {}
      out.push({
        id: img.Id,
        parentId: img.ParentId && live.has(img.ParentId) ? img.ParentId : inferParent(img.Id),
        tags: familiarRefs((img.RepoTags ?? []).filter((t) => t !== '<none>:<none>')),
        digests: familiarRefs((img.RepoDigests ?? []).filter((t) => !t.startsWith('<none>'))),
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
    return out
  }

  private async imageDetails(id: string): Promise<ImageDetails> {
    const hit = this.imageCache.get(id)
    if (hit) return hit
    const [inspect, history] = await Promise.all([this.daemonCalls(() => this.source.inspectImage(id)), this.daemonCalls(() => this.source.imageHistory(id))])
    const d = { inspect, history }
    this.imageCache.set(id, d)
    return d
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
      const ref = (await this.daemonCalls(() => this.source.inspectContainer(c.Id))).Config?.Image || shown
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
      const st = (await this.daemonCalls(() => this.source.inspectContainer(c.Id))).State
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
    const keep = stopped && this.opts.keepDiffs()
    const key = `${c.State} ${times.startedAt ?? ''} ${times.finishedAt ?? ''}`
    const hit = this.changesCache.get(c.Id)
    if (keep && hit?.key === key) return hit.changes
    const flight = { id: c.Id, touched: false }
    try {
      const changes = await this.daemonCalls(() => (this.diffsInFlight.add(flight), this.source.containerChanges(c.Id)))
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
}

/** For images the daemon has no ParentId for (pulled ones): the image whose layers are the longest strict prefix of this one's. */
function parentByLayers(images: ImageSummary[], details: Map<string, ImageDetails>): (id: string) => string | null {
  const layersOf = new Map<string, string[]>()
  for (const [id, d] of details) layersOf.set(id, d.inspect.RootFS?.Layers ?? [])
  const byKey = new Map<string, string>()
  for (const img of images) {
    const l = layersOf.get(img.Id)
    if (!l) continue
    const key = l.join(',')
    const prev = byKey.get(key)
    // among images with identical layers, the oldest stands for the prefix
    if (!prev || (images.find((i) => i.Id === prev)?.Created ?? 0) > img.Created) byKey.set(key, img.Id)
  }
  return (id) => {
    const l = layersOf.get(id) ?? []
    for (let n = l.length - 1; n >= 1; n--) {
      const p = byKey.get(l.slice(0, n).join(','))
      if (p && p !== id) return p
    }
    return null
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

function exitCodeOf(status: string): number {
  const m = /^Exited \((-?\d+)\)/.exec(status)
  return m ? Number(m[1]) : 0
}
