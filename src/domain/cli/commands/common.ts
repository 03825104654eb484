/** What several commands share: per-argument errors, filters, labels, references, stream printing. */
import { isCancelledError, isCannotConnect, isEngineError } from '../../errors'
import { familiarString, parseReference, tryParseReference as parseRefUncached } from '../../reference'
import type { JsonMessage } from '../../types'
import type { CliContext } from '../command'
import type { Parsed } from '../flags'
import { FormatError } from '../listformat'

export const now = (ctx: CliContext) => (ctx.now ? ctx.now() : Date.now())

export const QUIET_WARNING = 'WARNING: Ignoring custom format, because both --format and --quiet are set.\n'

/** Runs fn for each argument, printing errors per argument as docker does; exit 1 if any failed. */
export async function eachArg(args: string[], ctx: CliContext, fn: (arg: string) => Promise<void>, opts: { harmless?: (e: unknown) => boolean; failed?: string[] } = {}): Promise<number> {
  let failed = false
  for (const arg of args) {
    try {
      await fn(arg)
    } catch (e) {
      // a cancel stops the whole command, silently (docker exits 130 on Ctrl-C)
      if (isCancelledError(e)) throw e
      // said, but not a failure (docker rm -f of a container that is not there)
      if (!opts.harmless?.(e)) {
        failed = true
        opts.failed?.push(arg)
      }
      ctx.io.stderr(isEngineError(e) ? `Error response from daemon: ${e.message}\n` : isCannotConnect(e) ? `${e.message}\n` : `Error: ${(e as Error).message}\n`)
    }
  }
  return failed ? 1 : 0
}

/** --filter name=value, as the engine takes filters. */
export function filtersOf(p: Parsed): Record<string, string[]> | undefined {
  const list = p.flags.get('filter')
  if (!list) return undefined
  const out: Record<string, string[]> = {}
  for (const f of list) {
    const eq = f.indexOf('=')
    if (eq < 1) throw new Error(`Bad format of filter (expected name=value)`)
    const k = f.slice(0, eq)
    ;(out[k] ??= []).push(f.slice(eq + 1))
  }
  return out
}

/** The context's labels and then each --label k=v (a bare k is k=''). */
export function labelsOf(p: Parsed, ctx: CliContext): Record<string, string> {
  const labels: Record<string, string> = { ...(ctx.labels ?? {}) }
  for (const lab of p.flags.get('label') ?? []) {
    const eq = lab.indexOf('=')
    labels[eq > 0 ? lab.slice(0, eq) : lab] = eq > 0 ? lab.slice(eq + 1) : ''
  }
  return labels
}

/** The --change instructions, then a LABEL for each of the context's labels; undefined when none. */
export function changesOf(p: Parsed, ctx: CliContext): string[] | undefined {
  const changes = [...(p.flags.get('change') ?? [])]
  if (ctx.labels) for (const [k, v] of Object.entries(ctx.labels)) changes.push(`LABEL ${k}=${v}`)
  return changes.length ? changes : undefined
}

/** 'repo:tag' → repo and tag; 'repo' → repo and latest (a ':' before the last '/' is a registry port). */
export function repoAndTag(ref: string): { repo: string; tag: string } {
  const i = ref.lastIndexOf(':')
  const hasTag = i > ref.lastIndexOf('/')
  return { repo: hasTag ? ref.slice(0, i) : ref, tag: hasTag ? ref.slice(i + 1) : 'latest' }
}

/** Non-terminal rendering of a JSON message stream (docker's jsonmessage without a TTY). */
export function jsonMessagePrinter(write: (s: string) => void) {
  return (m: JsonMessage) => {
    if (m.error) return
    if (m.stream !== undefined) {
      write(m.stream)
      return
    }
    if (m.progress || (m.progressDetail && m.progressDetail.current !== undefined)) return
    if (!m.status) return
    write(m.id ? `${m.id}: ${m.status}\n` : `${m.status}\n`)
  }
}

export async function pullWithOutput(ref: string, ctx: CliContext, write: (s: string) => void): Promise<void> {
  await ctx.engine.pullImage(ref, jsonMessagePrinter(write), { signal: ctx.signal })
}

const refCache = new Map<string, ReturnType<typeof parseRefUncached>>()

/** tryParseReference, cached: the answer depends on the string alone (treat results as read-only). */
export function tryParseReference(s: string): ReturnType<typeof parseRefUncached> {
  let r = refCache.get(s)
  if (!r) {
    r = parseRefUncached(s)
    if (refCache.size > 10_000) refCache.clear()
    refCache.set(s, r)
  }
  return r
}

/** Prints a --format listing; a template error is the CLI's own (exit 1, nothing on stdout). */
export function printList(ctx: CliContext, render: () => string): number {
  let text: string
  try {
    text = render()
  } catch (e) {
    ctx.io.stderr(e instanceof FormatError ? `failed to execute template: ${e.message}\n` : `template parsing error: ${(e as Error).message}\n`)
    return 1
  }
  ctx.io.stdout(text)
  return 0
}

/** docker ps's IMAGE when truncating: the familiar name, with its tag when it has one and without a digest (docker/cli container formatter). */
export function familiarImage(s: string): string {
  try {
    const ref = parseReference(s)
    return familiarString({ ...ref, digest: null })
  } catch {
    return s
  }
}
