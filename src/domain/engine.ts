/**
 * DockerEngine: the one interface that the simulator and the live (dockerode) engine implement.
 * It mirrors the Docker Engine API (same names, same shapes, same error texts), so that the CLI
 * emulator on top of it behaves as the docker CLI does on top of a daemon, whichever engine runs.
 *
 * Errors: a daemon-side failure throws EngineError(statusCode, daemonMessage), e.g.
 *   404 'No such image: ubuntu:99'   409 'conflict: unable to remove repository reference ...'
 * An unreachable engine throws EngineUnavailableError.
 */
import type {
  ChangeEntry,
  ContainerConfig,
  ContainerInspect,
  ContainerSummary,
  DockerEvent,
  ExecResult,
  HistoryEntry,
  ImageInspect,
  ImageSummary,
  JsonMessage,
  Labels,
  LayerFileEntry,
  LayerListing,
  LogsResult,
  VersionInfo,
} from './types'
import type { EngineKind, Snapshot } from './snapshot'

export type ProgressFn = (message: JsonMessage) => void

export interface ListFilters {
  [key: string]: string[] | undefined
}

export interface CreateContainerOptions extends ContainerConfig {
  name?: string
  HostConfig?: { AutoRemove?: boolean; Binds?: string[] }
  Labels?: Labels
}

export interface RemoveImageResult {
  Untagged?: string
  Deleted?: string
}

/** The part of AbortSignal the engines use (the domain has no DOM or Node types). */
export interface AbortSignalLike {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void): void
  removeEventListener(type: 'abort', listener: () => void): void
}

export interface CallOptions {
  signal?: AbortSignalLike
}

export interface WaitOptions extends CallOptions {
  /**
   * Optional: the container's output as it is written while the wait lasts (the simulator with a
   * scheduler calls it, first with what was written before the wait). An engine may ignore it: a
   * caller prints what the logs hold beyond what it was given.
   */
  onOutput?: (stream: 'stdout' | 'stderr', data: string) => void
}

export interface DockerEngine {
  readonly kind: EngineKind

  version(): Promise<VersionInfo>
  ping(): Promise<void>

  // images
  listImages(opts?: { all?: boolean; filters?: ListFilters }): Promise<ImageSummary[]>
  inspectImage(nameOrId: string): Promise<ImageInspect>
  imageHistory(nameOrId: string): Promise<HistoryEntry[]>
  /** POST /images/create?fromImage=…&tag=…; streams JSON messages to onProgress. Throws on error. */
  pullImage(ref: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void>
  pushImage(ref: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void>
  tagImage(source: string, repo: string, tag?: string): Promise<void>
  removeImage(nameOrId: string, opts?: { force?: boolean; noprune?: boolean }): Promise<RemoveImageResult[]>
  /** POST /images/create?fromSrc=-: the body is a tar archive. Returns the new image ID. */
  importImage(tar: Uint8Array, opts: { repo?: string; tag?: string; message?: string; changes?: string[] }, onProgress?: ProgressFn): Promise<string>
  /** POST /build with a tar context (legacy builder); streams {stream} lines. Returns the final image ID. */
  buildImage(context: Uint8Array, opts: { t?: string[]; dockerfile?: string; labels?: Labels; rm?: boolean }, onProgress?: ProgressFn): Promise<string>

  // containers
  listContainers(opts?: { all?: boolean; limit?: number; filters?: ListFilters }): Promise<ContainerSummary[]>
  inspectContainer(nameOrId: string): Promise<ContainerInspect>
  createContainer(opts: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }>
  startContainer(nameOrId: string): Promise<void>
  stopContainer(nameOrId: string, opts?: { t?: number }): Promise<void>
  restartContainer(nameOrId: string, opts?: { t?: number }): Promise<void>
  killContainer(nameOrId: string, opts?: { signal?: string }): Promise<void>
  pauseContainer(nameOrId: string): Promise<void>
  unpauseContainer(nameOrId: string): Promise<void>
  removeContainer(nameOrId: string, opts?: { force?: boolean; v?: boolean }): Promise<void>
  renameContainer(nameOrId: string, newName: string): Promise<void>
  waitContainer(nameOrId: string, opts?: WaitOptions): Promise<{ StatusCode: number }>
  containerLogs(nameOrId: string): Promise<LogsResult>
  containerChanges(nameOrId: string): Promise<ChangeEntry[] | null>
  /**
   * The files of each layer of an image, bottom first (dive's view). The live engine reads the
   * tar headers of GET /images/{name}/get (what `docker save` writes), keeping no contents.
   */
  imageLayerFiles(nameOrId: string, opts?: CallOptions): Promise<LayerListing[]>
  /**
   * A container's writable layer: what it added or changed (with sizes) and what it deleted
   * (whiteouts). The live engine combines GET /containers/{id}/changes with a stat of each path.
   */
  containerLayerFiles(nameOrId: string, opts?: CallOptions): Promise<LayerFileEntry[]>
  commitContainer(nameOrId: string, opts: { repo?: string; tag?: string; comment?: string; author?: string; changes?: string[]; pause?: boolean }): Promise<{ Id: string }>
  /** Create + start an exec and wait for it; returns its output and exit code. */
  exec(nameOrId: string, opts: { Cmd: string[]; Env?: string[]; WorkingDir?: string; Tty?: boolean }): Promise<ExecResult>

  // whole state
  snapshot(): Promise<Snapshot>
  /** Subscribe to daemon events; returns the unsubscribe function. */
  onEvent(listener: (event: DockerEvent) => void): () => void
  close(): Promise<void>
}
