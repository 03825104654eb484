/**
 * An error as the daemon reports it: an HTTP status and the daemon's message text.
 * The CLI emulator prints `Error response from daemon: <message>` for these, as the docker CLI does.
 */
export class EngineError extends Error {
  override readonly name = 'EngineError'
  constructor(
    /** HTTP status the Engine API would answer with (400, 404, 409, 500, ...). */
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

/** The engine could not be reached at all (socket gone, daemon stopped, timeout). */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError'
}

/**
 * The request was cancelled by the learner (Ctrl-C in the terminal, Cancel on a pull). The docker
 * CLI prints nothing for this and exits 130 (128 + SIGINT): docker 20.10 dies of the signal, docker
 * 28 catches it, cancels its context and exits 130 without a message (measured with docker 28.2.2).
 * The message is Go's context.Canceled text, for logs and tests; the CLI emulator never prints it.
 */
export class CancelledError extends Error {
  override readonly name = 'CancelledError'
  constructor() {
    super('context canceled')
  }
}

/**
 * No daemon answers where the CLI was pointed (DOCKER_HOST at nothing): docker prints its sentence
 * as it is, "Cannot connect to the Docker daemon at unix:///… Is the docker daemon running?", with
 * no "Error:" before it.
 */
export function isCannotConnect(e: unknown): e is EngineUnavailableError {
  return e instanceof Error && e.name === 'EngineUnavailableError' && e.message.startsWith('Cannot connect to the Docker daemon at ')
}

export function isCancelledError(e: unknown): e is CancelledError {
  return e instanceof Error && e.name === 'CancelledError'
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof Error && e.name === 'EngineError' && typeof (e as EngineError).statusCode === 'number'
}
