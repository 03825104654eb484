/**
 * The simulator: an in-memory Docker daemon behind the DockerEngine interface.
 * Images are read-only stacks of content-addressed layers; containers add a copy-on-write
 * writable layer; errors carry the daemon's texts; time and randomness are injected.
 *
 * Simulator is the facade: it holds one SimCore (core.ts) and hands each call to the module that
 * does it (images/, containers/, filters.ts, snapshot.ts…); see each module's header.
 */
import type { CallOptions, CreateContainerOptions, ListFilters, ProgressFn, RemoveImageResult, WaitOptions } from '../engine'
import type { ChangeEntry, ContainerInspect, ContainerSummary, ExecResult, HistoryEntry, ImageInspect, ImageSummary, LayerFileEntry, LayerListing, LogsResult, VersionInfo } from '../types'
import type { Snapshot } from '../snapshot'
import { containerChanges, containerLayerFiles, containerLogs, commitContainer, createContainer, inspectContainer, removeContainer, renameContainer, waitContainer } from './containers/containers'
import { killContainer, pauseContainer, restartContainer, startContainer, stopContainer, unpauseContainer } from './containers/lifecycle'
import { endDue, startClock, stopClock } from './containers/alarms'
import { exec, tickAll } from './containers/processes'
import { SimCore, type Listener } from './core'
import { listContainers, listImages } from './filters'
import { buildImage, type BuildOptions } from './images/build'
import { importImage } from './images/import'
import { pullImage, pushImage } from './images/pull-push'
import { imageHistory, imageLayerFiles, inspectImage, tagImage } from './images/read'
import { removeImage } from './images/remove'
import { snapshot } from './snapshot'
import { clone, loadState, SIM_API_VERSION, SIM_KERNEL, SIM_VERSION, type SimState, type SimulatorEngine, type SimulatorOptions } from './state'

export { SIM_API_VERSION, SIM_KERNEL, SIM_VERSION, clone, emptyState, loadState } from './state'
export type { ContainerState, HistoryState, ImageConfigState, ImageState, RegistryTag, SimState, SimTimers, SimulatorEngine, SimulatorOptions } from './state'
export { CowFs } from './cow-fs'
export { isFullHexId } from '../ids'

export function createSimulator(opts: SimulatorOptions = {}): SimulatorEngine {
  return new Simulator(opts)
}

export class Simulator implements SimulatorEngine {
  readonly kind = 'simulator' as const
  /** everything the simulator holds: state, clock, randomness, catalog, listeners, journal, caches */
  private core: SimCore

  constructor(opts: SimulatorOptions) {
    this.core = new SimCore(opts)
    startClock(this.core)
  }

  saveState(): SimState {
    tickAll(this.core)
    return clone(this.core.s)
  }

  restoreState(state: SimState): void {
    const core = this.core
    const next = loadState(clone(state))
    next.revision = Math.max(next.revision, core.s.revision)
    core.s = next
    core.names = null
    core.treeCache.clear()
    core.emit('layerlab', 'restore', '', {})
    // with a scheduler: what should have ended meanwhile ends now, what still sleeps is re-armed
    if (core.timers) endDue(core)
  }

  onEvent(listener: Listener): () => void {
    this.core.listeners.add(listener)
    return () => this.core.listeners.delete(listener)
  }

  async close(): Promise<void> {
    this.core.listeners.clear()
    stopClock(this.core)
  }

  async version(): Promise<VersionInfo> {
    return { Version: SIM_VERSION, ApiVersion: SIM_API_VERSION, MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64', KernelVersion: SIM_KERNEL }
  }

  async ping(): Promise<void> {}

  // ---------- images ----------

  async listImages(opts: { all?: boolean; filters?: ListFilters } = {}): Promise<ImageSummary[]> {
    return listImages(this.core, opts)
  }

  async inspectImage(nameOrId: string): Promise<ImageInspect> {
    return inspectImage(this.core, nameOrId)
  }

  async imageHistory(nameOrId: string): Promise<HistoryEntry[]> {
    return imageHistory(this.core, nameOrId)
  }

  async pullImage(refStr: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    pullImage(this.core, refStr, onProgress, opts)
  }

  async pushImage(refStr: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    pushImage(this.core, refStr, onProgress, opts)
  }

  async tagImage(source: string, repo: string, tag?: string): Promise<void> {
    tagImage(this.core, source, repo, tag)
  }

  async removeImage(nameOrId: string, opts: { force?: boolean; noprune?: boolean } = {}): Promise<RemoveImageResult[]> {
    return removeImage(this.core, nameOrId, opts)
  }

  async importImage(tar: Uint8Array, opts: { repo?: string; tag?: string; message?: string; changes?: string[] }, onProgress?: ProgressFn): Promise<string> {
    return importImage(this.core, tar, opts, onProgress)
  }

  async buildImage(context: Uint8Array, opts: BuildOptions, onProgress?: ProgressFn): Promise<string> {
    return buildImage(this.core, context, opts, onProgress)
  }

  async imageLayerFiles(nameOrId: string): Promise<LayerListing[]> {
    return imageLayerFiles(this.core, nameOrId)
  }

  // ---------- containers ----------

  async listContainers(opts: { all?: boolean; limit?: number; filters?: ListFilters } = {}): Promise<ContainerSummary[]> {
    return listContainers(this.core, opts)
  }

  async inspectContainer(nameOrId: string): Promise<ContainerInspect> {
    return inspectContainer(this.core, nameOrId)
  }

  async createContainer(opts: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }> {
    return createContainer(this.core, opts)
  }

  async startContainer(nameOrId: string): Promise<void> {
    startContainer(this.core, nameOrId)
  }

  async stopContainer(nameOrId: string, opts: { t?: number } = {}): Promise<void> {
    await stopContainer(this.core, nameOrId, opts)
  }

  async restartContainer(nameOrId: string, opts: { t?: number } = {}): Promise<void> {
    await restartContainer(this.core, nameOrId, opts)
  }

  async killContainer(nameOrId: string, opts: { signal?: string } = {}): Promise<void> {
    killContainer(this.core, nameOrId, opts)
  }

  async pauseContainer(nameOrId: string): Promise<void> {
    pauseContainer(this.core, nameOrId)
  }

  async unpauseContainer(nameOrId: string): Promise<void> {
    unpauseContainer(this.core, nameOrId)
  }

  async removeContainer(nameOrId: string, opts: { force?: boolean; v?: boolean } = {}): Promise<void> {
    removeContainer(this.core, nameOrId, opts)
  }

  async renameContainer(nameOrId: string, newName: string): Promise<void> {
    renameContainer(this.core, nameOrId, newName)
  }

  async waitContainer(nameOrId: string, opts?: WaitOptions): Promise<{ StatusCode: number }> {
    return waitContainer(this.core, nameOrId, opts)
  }

  async containerLogs(nameOrId: string): Promise<LogsResult> {
    return containerLogs(this.core, nameOrId)
  }

  async containerChanges(nameOrId: string): Promise<ChangeEntry[] | null> {
    return containerChanges(this.core, nameOrId)
  }

  async containerLayerFiles(nameOrId: string): Promise<LayerFileEntry[]> {
    return containerLayerFiles(this.core, nameOrId)
  }

  async commitContainer(nameOrId: string, opts: { repo?: string; tag?: string; comment?: string; author?: string; changes?: string[]; pause?: boolean }): Promise<{ Id: string }> {
    return commitContainer(this.core, nameOrId, opts)
  }

  async exec(nameOrId: string, opts: { Cmd: string[]; Env?: string[]; WorkingDir?: string; Tty?: boolean }): Promise<ExecResult> {
    return exec(this.core, nameOrId, opts)
  }

  // ---------- snapshot ----------

  async snapshot(): Promise<Snapshot> {
    return snapshot(this.core)
  }
}
