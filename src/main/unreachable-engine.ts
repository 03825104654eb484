/**
 * The engine the headless runner speaks to when DOCKER_HOST names a daemon that does not answer:
 * every call fails as the docker CLI's do, with its sentence naming that endpoint ("Cannot connect
 * to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?"), so
 * `docker --help` still works and every other command says so and exits as docker exits. Never
 * another daemon instead.
 */
import type { DockerEngine } from '../domain/engine'
import { EngineUnavailableError } from '../domain/errors'
import { cannotConnect } from './engine-select'

export function unreachableEngine(endpoint: string): DockerEngine {
  const fail = () => Promise.reject(new EngineUnavailableError(cannotConnect(endpoint)))
  const quiet: Partial<DockerEngine> = { kind: 'live', onEvent: () => () => {}, close: async () => {} }
  return new Proxy(quiet, { get: (target, key: string) => (key in target ? target[key as keyof DockerEngine] : fail) }) as DockerEngine
}
