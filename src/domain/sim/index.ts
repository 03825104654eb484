/**
 * The Docker simulator: createSimulator() returns a SimulatorEngine (a DockerEngine of kind
 * 'simulator' with saveState()); loadState() validates a saved state.
 */
export { createSimulator, loadState, emptyState, Simulator, CowFs, SIM_VERSION, SIM_API_VERSION } from './simulator'
export type { SimulatorEngine, SimulatorOptions, SimTimers, SimState, ImageState, ContainerState, RegistryTag } from './simulator'
export { CATALOG, type CatalogImage, type CatalogStep } from './catalog'
export { humanDuration, containerStatus } from './humanize'
export { randomName } from './names'
