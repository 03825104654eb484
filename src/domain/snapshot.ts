/**
 * The Snapshot: everything a graph or a lesson check needs, the same shape from both engines.
 */
import type { ChangeEntry, ContainerStateName, Labels } from './types'

export type EngineKind = 'simulator' | 'live'

export interface SnapshotHistoryStep {
  createdBy: string
  size: number
  emptyLayer: boolean
  created: number // unix seconds
  comment?: string
}

export interface SnapshotImage {
  id: string // sha256:<64 hex>
  parentId: string | null // the parent image's ID, when the engine knows it
  tags: string[] // 'ubuntu:14.04', '127.0.0.1:5000/ubuntu:14.04'
  digests: string[]
  created: number // unix seconds
  size: number // bytes, all layers
  layers: string[] // diffIDs, bottom first (RootFS.Layers)
  history: SnapshotHistoryStep[] // bottom first; empty-layer steps included
  config: {
    cmd: string[] | null
    entrypoint: string[] | null
    env: string[]
    labels: Labels
    workingDir: string
  }
  managed: boolean // carries io.layerlab.managed=true
}

export interface SnapshotContainer {
  id: string // 64 hex, no prefix
  name: string // without the leading '/'
  imageId: string // sha256:... the image it runs, even after its tag moved on
  imageRef: string // the reference it was created from ('ubuntu:14.04') or the ID
  command: string
  created: number // unix seconds
  state: ContainerStateName
  status: string // docker's status text: 'Up 3 seconds', 'Exited (0) 5 seconds ago'
  /** when it last started / finished, ms on the engine's clock, 0 = never; absent when not known (status.ts statusAt) */
  startedAt?: number
  finishedAt?: number
  exitCode: number
  labels: Labels
  /** The writable layer's changes (docker diff), when known; null when not computed. */
  changes: ChangeEntry[] | null
  managed: boolean
}

export interface Snapshot {
  engine: { kind: EngineKind; version: string; apiVersion: string; os: string; kernel: string }
  images: SnapshotImage[]
  containers: SnapshotContainer[]
  /** Monotonic counter: bumps on every change the engine saw. */
  revision: number
  /** ms on the engine's clock when the containers' status texts were read: with startedAt/finishedAt, "Up 3 seconds" can be kept current (statusAt) */
  takenAt?: number
}

export const MANAGED_LABEL = 'io.layerlab.managed'
export const LESSON_LABEL = 'io.layerlab.lesson'
