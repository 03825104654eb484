/**
 * Daemon errors: what a failed dockerode call becomes, in the daemon's own words (as the docker CLI
 * prints them). The daemon answered: EngineError(statusCode, its message). It did not (no socket,
 * refused, reset, timed out): EngineUnavailableError. Cancelled by the learner: CancelledError.
 */
import { CancelledError, EngineError, EngineUnavailableError, isCancelledError } from '../../domain/errors'

/** what dockerode and Node's sockets put on an error */
interface DockerodeError extends Error {
  statusCode?: number
  json?: unknown
  code?: string
  reason?: string
}

/** The daemon's own text: the body's `message`, a plain-text body, or dockerode's wrapper around it. */
function daemonMessage(e: DockerodeError): string {
  let j: unknown = e.json
  if (Buffer.isBuffer(j)) j = j.toString('utf8')
  if (typeof j === 'string') {
    try {
      j = JSON.parse(j)
    } catch {
      if ((j as string).trim()) return (j as string).trim()
    }
  }
  if (j && typeof j === 'object' && typeof (j as { message?: unknown }).message === 'string') return (j as { message: string }).message
  // '(HTTP code 404) no such container - No such container: x '
  const m = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(e.message)
  return (m ? m[1]! : e.message).trim()
}

/** dockerode error → EngineError (daemon answered) or EngineUnavailableError (it did not). */
export function mapDockerError(e: unknown, endpoint = 'the daemon'): Error {
  if (e instanceof EngineError || e instanceof EngineUnavailableError || isCancelledError(e)) return e
  const err = e as DockerodeError
  if (err && typeof err.statusCode === 'number') return new EngineError(err.statusCode, daemonMessage(err))
  if (err?.name === 'AbortError') return new CancelledError()
  const code = err?.code
  const text =
    code === 'ENOENT'
      ? `no Docker socket at ${endpoint}`
      : code === 'ECONNREFUSED'
        ? `connection refused by ${endpoint}: is the Docker daemon running?`
        : code === 'EACCES'
          ? `permission denied on ${endpoint}`
          : code === 'ECONNRESET' || code === 'EPIPE'
            ? `the Docker daemon at ${endpoint} closed the connection`
            : `cannot reach the Docker daemon at ${endpoint}: ${err?.message ?? String(e)}`
  return new EngineUnavailableError(text)
}

/** A call the daemon did not answer in time; `within` as the caller words it ('800 ms', '10 s'). */
export function notAnsweredError(endpoint: string, within: string): EngineUnavailableError {
  return new EngineUnavailableError(`the Docker daemon at ${endpoint} did not answer within ${within}`)
}
