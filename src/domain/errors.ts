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

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof Error && e.name === 'EngineError' && typeof (e as EngineError).statusCode === 'number'
}
