/**
 * The containers calls of the Engine API, through dockerode: list, inspect, create, the state
 * changes (start, stop, restart, kill, pause, unpause, remove, rename), wait, logs, `docker diff`,
 * a writable layer's files with their sizes, commit, and exec.
 */
import type Docker from 'dockerode'
import type { IncomingMessage } from 'node:http'
import { PassThrough } from 'node:stream'
import type { CallOptions, CreateContainerOptions, ListFilters } from '../../domain/engine'
import type { ChangeEntry, ContainerInspect, ContainerSummary, ExecResult, LayerFileEntry, LogsResult } from '../../domain/types'
import { defined, jsonArray, toFilters, type DaemonConnection } from './connection'
import { entryFromPathStat } from './layer-files'
import { demuxBuffer } from './streams'

/** A container's writable layer: at most this many paths are stat'ed for sizes; the rest are listed without. */
const MAX_STATS = 2000

export class ContainerCalls {
  constructor(private conn: DaemonConnection) {}

  private get docker(): Docker {
    return this.conn.docker
  }

  async listContainers(opts?: { all?: boolean; limit?: number; filters?: ListFilters }): Promise<ContainerSummary[]> {
    const r = await this.conn.call((signal) =>
      this.docker.listContainers(defined({ all: opts?.all, limit: opts?.limit, filters: toFilters(opts?.filters), abortSignal: signal }) as Docker.ContainerListOptions),
    )
    return jsonArray<ContainerSummary>(r, 'GET /containers/json')
  }

  async inspectContainer(nameOrId: string): Promise<ContainerInspect> {
    return (await this.conn.call((signal) => this.conn.container(nameOrId).inspect({ abortSignal: signal }))) as unknown as ContainerInspect
  }

  async createContainer(opts: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }> {
    const { name, ...body } = opts
    const c = await this.conn.call(() => this.docker.createContainer(defined({ ...body, name }) as Docker.ContainerCreateOptions))
    const info = (await this.conn.call(() => c.inspect())) as unknown as ContainerInspect
    return { Id: info.Id, Warnings: [] }
  }

  async startContainer(nameOrId: string): Promise<void> {
    await this.conn.call(() => this.conn.container(nameOrId).start())
  }

  async stopContainer(nameOrId: string, opts?: { t?: number }): Promise<void> {
    const t = opts?.t ?? 10
    await this.conn.call(() => this.conn.container(nameOrId).stop({ t }), { timeoutMs: this.conn.timeoutMs + t * 1000 })
  }

  async restartContainer(nameOrId: string, opts?: { t?: number }): Promise<void> {
    const t = opts?.t ?? 10
    await this.conn.call(() => this.conn.container(nameOrId).restart({ t }), { timeoutMs: this.conn.timeoutMs + t * 1000 })
  }

  async killContainer(nameOrId: string, opts?: { signal?: string }): Promise<void> {
    await this.conn.call(() => this.conn.container(nameOrId).kill(opts?.signal ? { signal: opts.signal } : {}))
  }

  async pauseContainer(nameOrId: string): Promise<void> {
    await this.conn.call(() => this.conn.container(nameOrId).pause())
  }

  async unpauseContainer(nameOrId: string): Promise<void> {
    await this.conn.call(() => this.conn.container(nameOrId).unpause())
  }

  async removeContainer(nameOrId: string, opts?: { force?: boolean; v?: boolean }): Promise<void> {
    await this.conn.call(() => this.conn.container(nameOrId).remove({ force: opts?.force, v: opts?.v }))
  }

  async renameContainer(nameOrId: string, newName: string): Promise<void> {
    await this.conn.call(() => this.conn.container(nameOrId).rename({ name: newName }))
  }

  async waitContainer(nameOrId: string, opts?: CallOptions): Promise<{ StatusCode: number }> {
    const r = await this.conn.call((signal) => this.conn.container(nameOrId, 'streams').wait({ abortSignal: signal } as never) as unknown as Promise<unknown>, { timeoutMs: 0, signal: opts?.signal })
    return { StatusCode: (r as { StatusCode: number }).StatusCode }
  }

  async containerLogs(nameOrId: string): Promise<LogsResult> {
    const info = await this.inspectContainer(nameOrId)
    const raw = await this.conn.call(() => this.conn.container(nameOrId).logs({ stdout: true, stderr: true, follow: false }))
    const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))
    if (info.Config.Tty) return { stdout: buf.toString('utf8'), stderr: '' }
    return demuxBuffer(buf)
  }

  async containerChanges(nameOrId: string): Promise<ChangeEntry[] | null> {
    const r: unknown = await this.conn.call(() => this.conn.container(nameOrId).changes())
    // dockerd 20.10 answers an unchanged container's diff with the bytes `null` (no JSON content type), which dockerode hands back raw
    const parsed: unknown = Buffer.isBuffer(r) || typeof r === 'string' ? JSON.parse(String(r).trim() || 'null') : r
    return Array.isArray(parsed) ? (parsed as ChangeEntry[]) : []
  }

  async containerLayerFiles(nameOrId: string, opts?: CallOptions): Promise<LayerFileEntry[]> {
    const changes = (await this.containerChanges(nameOrId)) ?? []
    const out: LayerFileEntry[] = new Array(changes.length)
    const c = this.conn.container(nameOrId)
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
          e = await this.conn.call(
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
    const r = await this.conn.call(() =>
      this.conn.container(nameOrId).commit(
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
    return this.conn.call(
      async (signal) => {
        const ex = await this.conn.container(nameOrId).exec({
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
      { timeoutMs: Math.max(this.conn.timeoutMs, 60_000) },
    )
  }
}
