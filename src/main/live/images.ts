/**
 * The images calls of the Engine API, through dockerode: list, inspect, history, pull (through a
 * registry mirror when one is set: mirror.ts), push, tag, remove, import, build, and an image's
 * layers with their files (GET /images/{id}/get read as it streams: layer-files.ts).
 */
import type Docker from 'dockerode'
import { Readable } from 'node:stream'
import type { CallOptions, ListFilters, ProgressFn, RemoveImageResult } from '../../domain/engine'
import { EngineError, isCancelledError } from '../../domain/errors'
import type { HistoryEntry, ImageInspect, ImageSummary, JsonMessage, LayerListing } from '../../domain/types'
import { defined, jsonArray, toFilters, type DaemonConnection } from './connection'
import { readSavedImageLayers } from './layer-files'
import { mirrorFailure, mirrorRef, rewriteMessage } from './mirror'
import { readJsonStream } from './streams'

function splitRef(ref: string): { repo: string; tag?: string } {
  const at = ref.indexOf('@')
  if (at >= 0) return { repo: ref.slice(0, at), tag: ref.slice(at + 1) }
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  if (colon > slash) return { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) }
  return { repo: ref }
}

export class ImageCalls {
  constructor(
    private conn: DaemonConnection,
    /** Registry mirror for Docker Hub pulls (mirror.ts), or undefined; a pull already running keeps its own. */
    public registryMirror: string | undefined,
  ) {}

  async listImages(opts?: { all?: boolean; filters?: ListFilters }): Promise<ImageSummary[]> {
    const r = await this.conn.call((signal) => this.conn.docker.listImages(defined({ all: opts?.all, filters: toFilters(opts?.filters), abortSignal: signal }) as Docker.ListImagesOptions))
    return jsonArray<ImageSummary>(r, 'GET /images/json')
  }

  async inspectImage(nameOrId: string): Promise<ImageInspect> {
    return (await this.conn.call((signal) => this.conn.image(nameOrId).inspect({ abortSignal: signal } as never) as unknown as Promise<unknown>)) as unknown as ImageInspect
  }

  async imageHistory(nameOrId: string): Promise<HistoryEntry[]> {
    return (await this.conn.call(() => this.conn.image(nameOrId).history())) as unknown as HistoryEntry[]
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
    // the image just pulled, by the digest the pull reported when the mirror's tag is gone already:
    // another client pulling the same image at once may have untagged it between our two calls
    const digest = tail.map((t) => /^Digest:\s*(sha256:[0-9a-f]{64})/.exec(t.status ?? '')?.[1]).find(Boolean)
    const after = await this.inspectImage(fromMirror).then(
      (i) => i.Id,
      async (e: unknown) => {
        if (!digest) throw e
        return (await this.inspectImage(`${m.mirrorRepo}@${digest}`)).Id
      },
    )
    // tagged by ID under the fully qualified name: Podman 4.3 answers 201 yet tags nothing for a short
    // name (`ubuntu`) that an image's name already ends in (`127.0.0.1:5000/library/ubuntu`), and
    // dockerd stores docker.io/library/ubuntu as ubuntu
    await this.tagImage(after, `docker.io/${m.mirrorRepo.slice(mirror!.length + 1)}`, m.tag)
    // the mirror's name goes only once the learner's name holds the image, so that it is never the image's last name
    if ((await this.inspectImage(shown)).Id !== after) throw new EngineError(500, `the daemon did not tag ${shown} after pulling it from the registry mirror ${mirror}`)
    await this.removeImage(fromMirror, { noprune: true }).catch((e: unknown) => {
      if (!(e instanceof EngineError && e.statusCode === 404)) throw e
    })
    for (const msg of tail) onProgress?.(rewriteMessage(msg, m.mirrorRepo, m.shownRepo, before === after))
  }

  private async pullDirect(ref: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    const { repo, tag } = splitRef(ref)
    await this.conn.call(
      async (signal) => {
        const stream = (await this.conn.streams.createImage({ fromImage: repo, tag: tag ?? 'latest', abortSignal: signal } as never)) as unknown as NodeJS.ReadableStream
        await readJsonStream(stream, (m) => onProgress?.(m))
      },
      { timeoutMs: this.conn.longTimeoutMs, signal: opts?.signal },
    )
  }

  async pushImage(ref: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    const { repo, tag } = splitRef(ref)
    await this.conn.call(
      async (signal) => {
        const stream = (await this.conn.image(repo, 'streams').push({ tag, authconfig: {}, abortSignal: signal } as never)) as unknown as NodeJS.ReadableStream
        await readJsonStream(stream, (m) => onProgress?.(m))
      },
      { timeoutMs: this.conn.longTimeoutMs, signal: opts?.signal },
    )
  }

  async tagImage(source: string, repo: string, tag?: string): Promise<void> {
    await this.conn.call(() => this.conn.image(source).tag({ repo, tag: tag ?? 'latest' }))
  }

  async removeImage(nameOrId: string, opts?: { force?: boolean; noprune?: boolean }): Promise<RemoveImageResult[]> {
    const r = await this.conn.call(() => this.conn.image(nameOrId).remove({ force: opts?.force, noprune: opts?.noprune }))
    return r as unknown as RemoveImageResult[]
  }

  async importImage(tar: Uint8Array, opts: { repo?: string; tag?: string; message?: string; changes?: string[] }, onProgress?: ProgressFn): Promise<string> {
    let id = ''
    await this.conn.call(
      async (signal) => {
        // undefined keys dropped: an empty `changes=` is a Dockerfile with no instructions to the daemon ("file with no instructions")
        // the reference whole in `repo`, as the docker CLI sends it: Podman ignores a separate `tag`
        const query = defined({ repo: opts.repo ? `${opts.repo}:${opts.tag ?? 'latest'}` : undefined, message: opts.message, changes: opts.changes?.length ? opts.changes : undefined })
        const stream = (await this.conn.streams.importImage(Readable.from([Buffer.from(tar)]), { ...query, abortSignal: signal } as never)) as unknown as NodeJS.ReadableStream
        await readJsonStream(stream, (m) => {
          if (m.status && /^sha256:[0-9a-f]{64}$/.test(m.status.trim())) id = m.status.trim()
          onProgress?.(m)
        })
      },
      { timeoutMs: this.conn.longTimeoutMs },
    )
    if (!id) throw new EngineError(500, 'import finished without an image ID')
    return id
  }

  async buildImage(context: Uint8Array, opts: { t?: string[]; dockerfile?: string; labels?: Record<string, string>; rm?: boolean }, onProgress?: ProgressFn): Promise<string> {
    let id = ''
    await this.conn.call(
      async (signal) => {
        const stream = (await this.conn.streams.buildImage(Readable.from([Buffer.from(context)]) as never, {
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
      { timeoutMs: this.conn.longTimeoutMs },
    )
    if (!id) throw new EngineError(500, 'build finished without an image ID')
    if (!id.startsWith('sha256:')) id = (await this.inspectImage(id)).Id
    return id
  }

  async imageLayerFiles(nameOrId: string, opts?: CallOptions): Promise<LayerListing[]> {
    // inspect first: a missing image then fails with the daemon's own 404 text, before any stream
    const info = await this.inspectImage(nameOrId)
    return this.conn.call(
      async (signal) => {
        // dockerode's Image.get takes no options: dial it ourselves so that the call can be cancelled
        const stream = await new Promise<Readable>((resolve, reject) =>
          this.conn.streams.modem.dial(
            { path: `/images/${encodeURIComponent(info.Id)}/get`, method: 'GET', isStream: true, abortSignal: signal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } } as never,
            (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
          ),
        )
        signal.addEventListener('abort', () => stream.destroy(), { once: true })
        return readSavedImageLayers(stream)
      },
      { timeoutMs: this.conn.longTimeoutMs, signal: opts?.signal },
    )
  }
}
