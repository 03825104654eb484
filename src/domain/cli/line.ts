/** Splitting a terminal line into words: the shared fast path, else shell-quote. */
import { parse as shellParse } from 'shell-quote'
import { fastSplit } from '../tokenize'

export interface ParsedCommand {
  command: string
  args: string[]
}

export class CliParseError extends Error {
  override readonly name = 'CliParseError'
}

/** Splits a terminal line into words; shell operators are refused with a clear message. */
export function splitLine(line: string): string[] {
  return fastSplit(line) ?? shellQuoteSplit(line)
}

/** splitLine through shell-quote, for every line (the reference fastSplit is tested against). */
export function shellQuoteSplit(line: string): string[] {
  const parts = shellParse(line, (name) => `$${name}`)
  const words: string[] = []
  for (const p of parts) {
    if (typeof p === 'string') words.push(p)
    else if ('op' in p && p.op === 'glob') words.push((p as { pattern: string }).pattern)
    else if ('op' in p)
      throw new CliParseError(
        `Layerlab's terminal runs one docker command at a time: the shell operator '${p.op}' is not supported here (quote it to pass it to a container, e.g. sh -c 'echo hi > /f')`,
      )
    else if ('comment' in p) break
  }
  return words
}

export function parseDockerLine(line: string): ParsedCommand | CliParseError {
  try {
    const words = splitLine(line)
    if (words[0] !== 'docker') return new CliParseError(`not a docker command: ${words[0] ?? ''}`)
    return { command: words[1] ?? '', args: words.slice(2) }
  } catch (e) {
    return e instanceof CliParseError ? e : new CliParseError(String(e))
  }
}
