/**
 * Docker Engine API shapes (the subset Layerlab uses), shared by both engines.
 * The simulator produces exactly these shapes; the live engine passes the daemon's through.
 * Field names follow the Engine API (v1.41+) so that the CLI emulator formats both alike.
 * Pure TypeScript: no Node, DOM, Electron or Vue imports anywhere under src/domain.
 */

export type Labels = Record<string, string>

export interface ContainerConfig {
  Hostname?: string
  User?: string
  Env?: string[] | null
  Cmd?: string[] | null
  Entrypoint?: string[] | null
  Image?: string
  WorkingDir?: string
  Labels?: Labels | null
  Tty?: boolean
  OpenStdin?: boolean
  AttachStdout?: boolean
  AttachStderr?: boolean
}

export interface ImageSummary {
  Id: string // sha256:<64 hex>
  ParentId: string // '' when none
  RepoTags: string[] // ['ubuntu:14.04']; [] (or ['<none>:<none>'] on old daemons) when untagged
  RepoDigests: string[]
  Created: number // unix seconds
  Size: number // bytes, all layers
  SharedSize: number
  Labels: Labels | null
  Containers: number // -1 when not computed
}

export interface ImageInspect {
  Id: string
  RepoTags: string[]
  RepoDigests: string[]
  Parent: string
  Comment: string
  Created: string // RFC 3339
  Container?: string
  DockerVersion: string
  Author: string
  Config: ContainerConfig
  Architecture: string
  Os: string
  Size: number
  VirtualSize?: number
  RootFS: { Type: 'layers'; Layers: string[] }
  Metadata?: { LastTagTime?: string }
}

export interface HistoryEntry {
  Id: string // sha256:... or '<missing>'
  Created: number // unix seconds
  CreatedBy: string
  Tags: string[] | null
  Size: number
  Comment: string
}

export type ContainerStateName = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead'

export interface ContainerSummary {
  Id: string
  Names: string[] // ['/name']
  Image: string // what it was created from (reference or ID), as the daemon reports it
  ImageID: string
  Command: string
  Created: number // unix seconds
  State: ContainerStateName
  Status: string // 'Up 3 seconds', 'Exited (0) 5 seconds ago', ...
  Labels: Labels
  Ports: unknown[]
  Mounts: unknown[]
  SizeRw?: number
}

export interface ContainerInspect {
  Id: string
  Created: string // RFC 3339
  Path: string
  Args: string[]
  State: {
    Status: ContainerStateName
    Running: boolean
    Paused: boolean
    Restarting: boolean
    OOMKilled: boolean
    Dead: boolean
    Pid: number
    ExitCode: number
    Error: string
    StartedAt: string
    FinishedAt: string
  }
  Image: string // sha256:... image ID
  Name: string // '/name'
  RestartCount: number
  Driver: string
  Config: ContainerConfig
  HostConfig: { AutoRemove?: boolean; Binds?: string[] | null }
  Mounts: Array<{ Type: string; Name?: string; Source: string; Destination: string; RW: boolean }>
}

/** 0 = changed (C), 1 = added (A), 2 = deleted (D), as GET /containers/{id}/changes. */
export interface ChangeEntry {
  Path: string
  Kind: 0 | 1 | 2
}

/** One entry of a layer, as its tar in `docker save` holds it (headers only, no contents). */
export interface LayerFileEntry {
  /** Absolute, normalised: '/etc/hostname'. For a whiteout, the path it hides. */
  Path: string
  /** 'whiteout' hides Path (and below) in lower layers; 'opaque' hides everything below the directory Path. */
  Type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other'
  Size: number
  Mode: number
  LinkTarget?: string
}

/** One layer's files, bottom layer first in a list. */
export interface LayerListing {
  DiffID: string
  Entries: LayerFileEntry[]
}

/** One line of a JSON message stream (pull, push, build, import), as the daemon sends it. */
export interface JsonMessage {
  status?: string
  id?: string
  progress?: string
  progressDetail?: { current?: number; total?: number }
  stream?: string
  aux?: Record<string, unknown>
  error?: string
  errorDetail?: { code?: number; message: string }
}

/** A daemon event, as GET /events sends it. */
export interface DockerEvent {
  Type: 'image' | 'container' | 'network' | 'volume' | 'daemon' | string
  Action: string // create, start, die, destroy, pull, tag, untag, delete, commit, rename, pause, unpause, ...
  Actor: { ID: string; Attributes: Record<string, string> }
  time: number
  timeNano: number
}

export interface VersionInfo {
  Version: string
  ApiVersion: string
  MinAPIVersion?: string
  Os: string
  Arch: string
  KernelVersion: string
}

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface LogsResult {
  stdout: string
  stderr: string
}
