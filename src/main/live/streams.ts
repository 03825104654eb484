/**
 * Stream decoding: the daemon's multiplexed log/attach frames, and its JSON-lines streams (pull,
 * push, build and import progress; the /events stream reads its lines with the same line reader).
 */
import { EngineError } from '../../domain/errors'
import type { JsonMessage } from '../../domain/types'

/** Split a docker multiplexed stream buffer (8-byte headers) into stdout and stderr. */
export function demuxBuffer(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = []
  const err: Buffer[] = []
  let i = 0
  while (i + 8 <= buf.length) {
    const type = buf[i]!
    const len = buf.readUInt32BE(i + 4)
    const chunk = buf.subarray(i + 8, i + 8 + len)
    if (type === 2) err.push(chunk)
    else out.push(chunk)
    i += 8 + len
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }
}

/** Cuts text chunks into lines (without their '\n'), each handed to onLine; an unterminated tail waits in rest(). */
export function lineReader(onLine: (line: string) => void): { push: (chunk: Buffer | string) => void; rest: () => string } {
  let buf = ''
  return {
    push(chunk) {
      buf += chunk.toString()
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        onLine(line)
      }
    },
    rest: () => buf,
  }
}

/** Read a JSON-lines stream; calls onMessage for each; rejects on a message carrying `error`. */
export function readJsonStream(stream: NodeJS.ReadableStream, onMessage: (m: JsonMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | null = null
    const handle = (line: string) => {
      if (!line.trim()) return
      let m: JsonMessage
      try {
        m = JSON.parse(line) as JsonMessage
      } catch {
        return
      }
      if (m.error || m.errorDetail) failed ??= new EngineError(m.errorDetail?.code && m.errorDetail.code >= 400 ? m.errorDetail.code : 500, m.errorDetail?.message ?? m.error ?? 'error')
      onMessage(m)
    }
    const lines = lineReader(handle)
    stream.on('data', (c: Buffer | string) => lines.push(c))
    stream.on('end', () => {
      handle(lines.rest())
      if (failed) reject(failed)
      else resolve()
    })
    stream.on('error', (e) => reject(e))
  })
}
