/**
 * The docker CLI emulator: parses a `docker …` line, calls the DockerEngine (simulator or live)
 * and prints what the docker CLI prints, with its exit codes. Pure TypeScript.
 */
import { parse as shellParse } from 'shell-quote'
import type { AbortSignalLike, DockerEngine } from '../engine'
import { isCancelledError, isEngineError } from '../errors'
import type { JsonMessage } from '../types'
import { fullName, parseReference, tryParseReference as parseRefUncached, withDefaultTag } from '../reference'
import { ago, ellipsis, goQuote, humanSize, shortHex, table } from './format'
import { renderTemplate } from './template'
import { CONTAINER_HEADERS, FormatError, formatList, goTime, HISTORY_HEADERS, IMAGE_HEADERS, type Row } from './listformat'

export interface CliIo {
  stdout(chunk: string): void
  stderr(chunk: string): void
}

export interface HostFs {
  cwd: string
  readFile(path: string): Promise<Uint8Array>
  tarDirectory(path: string): Promise<Uint8Array>
}

export interface CliContext {
  engine: DockerEngine
  io: CliIo
  host?: HostFs
  now?: () => number
  signal?: AbortSignalLike
  /** added to every container and image Layerlab creates (live mode: io.layerlab.managed=true) */
  labels?: Record<string, string>
}

export interface ParsedCommand {
  command: string
  args: string[]
}

export class CliParseError extends Error {
  override readonly name = 'CliParseError'
}

// ---------------------------------------------------------------- splitting the line

/**
 * The common case without shell-quote: printable ASCII words separated by spaces or tabs, with
 * '…' and "…" quoting (no $, backslash, operators or # outside single quotes). Returns null for
 * anything else, which shell-quote then splits; the two agree wherever this one answers (tested).
 */
export function fastSplit(line: string): string[] | null {
  const words: string[] = []
  let cur = ''
  let inWord = false
  const n = line.length
  let i = 0
  while (i < n) {
    const c = line.charCodeAt(i)
    if (c === 32 || c === 9) {
      if (inWord) {
        words.push(cur)
        cur = ''
        inWord = false
      }
      i++
      continue
    }
    if (c < 32 || c > 126) return null
    if (c === 39 /* ' */) {
      const j = line.indexOf("'", i + 1)
      if (j < 0) return null
      cur += line.slice(i + 1, j)
      inWord = true
      i = j + 1
      continue
    }
    if (c === 34 /* " */) {
      const j = line.indexOf('"', i + 1)
      if (j < 0) return null
      const body = line.slice(i + 1, j)
      if (body.includes('$') || body.includes('\\')) return null
      for (let k = 0; k < body.length; k++) {
        const x = body.charCodeAt(k)
        if (x < 32 || x > 126) return null
      }
      cur += body
      inWord = true
      i = j + 1
      continue
    }
    // $ \ | & ; ( ) < > #
    if (c === 36 || c === 92 || c === 124 || c === 38 || c === 59 || c === 40 || c === 41 || c === 60 || c === 62 || c === 35) return null
    let j = i + 1
    while (j < n) {
      const x = line.charCodeAt(j)
      if (x <= 32 || x > 126 || x === 39 || x === 34 || x === 36 || x === 92 || x === 124 || x === 38 || x === 59 || x === 40 || x === 41 || x === 60 || x === 62 || x === 35) break
      j++
    }
    cur += line.slice(i, j)
    inWord = true
    i = j
  }
  if (inWord) words.push(cur)
  return words
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

// ---------------------------------------------------------------- flags

type FlagType = 'bool' | 'string' | 'list'
interface FlagSpec {
  long: string
  short?: string
  type: FlagType
}
interface CommandSpec {
  usage: string // 'docker rmi [OPTIONS] IMAGE [IMAGE...]'
  flags: FlagSpec[]
  args: { min?: number; max?: number; exact?: number }
  /** flags stop at the first positional (run, exec, create) */
  stopAtPositional?: boolean
}

class UsageError extends Error {}

interface Parsed {
  flags: Map<string, string[]>
  bools: Set<string>
  args: string[]
}

const flagIndexes = new WeakMap<CommandSpec, { byLong: Map<string, FlagSpec>; byShort: Map<string, FlagSpec> }>()

function flagIndex(spec: CommandSpec): { byLong: Map<string, FlagSpec>; byShort: Map<string, FlagSpec> } {
  let idx = flagIndexes.get(spec)
  if (!idx) {
    idx = { byLong: new Map(spec.flags.map((f) => [f.long, f])), byShort: new Map(spec.flags.filter((f) => f.short).map((f) => [f.short!, f])) }
    flagIndexes.set(spec, idx)
  }
  return idx
}

function parseFlags(name: string, spec: CommandSpec, words: string[]): Parsed {
  const flags = new Map<string, string[]>()
  const bools = new Set<string>()
  const args: string[] = []
  const { byLong, byShort } = flagIndex(spec)
  const set = (f: FlagSpec, v: string) => {
    if (f.type === 'bool') {
      if (v === 'false') bools.delete(f.long)
      else bools.add(f.long)
    } else flags.set(f.long, [...(f.type === 'list' ? (flags.get(f.long) ?? []) : []), v])
  }
  let i = 0
  for (; i < words.length; i++) {
    const w = words[i]
    if (w === '--') {
      i++
      break
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=')
      const key = eq > 0 ? w.slice(2, eq) : w.slice(2)
      if (key === 'help') throw new HelpRequest()
      const f = byLong.get(key)
      if (!f) throw new UsageError(`unknown flag: --${key}`)
      if (f.type === 'bool') set(f, eq > 0 ? w.slice(eq + 1) : 'true')
      else if (eq > 0) set(f, w.slice(eq + 1))
      else {
        if (i + 1 >= words.length) throw new UsageError(`flag needs an argument: --${key}`)
        set(f, words[++i])
      }
      continue
    }
    if (w.startsWith('-') && w.length > 1) {
      const letters = w.slice(1)
      for (let j = 0; j < letters.length; j++) {
        const ch = letters[j]
        if (ch === 'h' && !byShort.has('h')) throw new HelpRequest()
        const f = byShort.get(ch)
        if (!f) throw new UsageError(`unknown shorthand flag: '${ch}' in -${letters}`)
        if (f.type === 'bool') set(f, 'true')
        else {
          const rest = letters.slice(j + 1).replace(/^=/, '')
          if (rest) set(f, rest)
          else {
            if (i + 1 >= words.length) throw new UsageError(`flag needs an argument: '${ch}' in -${ch}`)
            set(f, words[++i])
          }
          break
        }
      }
      continue
    }
    args.push(w)
    if (spec.stopAtPositional) {
      i++
      break
    }
  }
  if (spec.stopAtPositional) args.push(...words.slice(i))
  else args.push(...words.slice(i))
  void name
  return { flags, bools, args }
}

class HelpRequest extends Error {}

const b = (long: string, short?: string): FlagSpec => ({ long, short, type: 'bool' })
const s = (long: string, short?: string): FlagSpec => ({ long, short, type: 'string' })
const l = (long: string, short?: string): FlagSpec => ({ long, short, type: 'list' })

const RUN_FLAGS = [
  b('detach', 'd'),
  s('name'),
  b('rm'),
  l('env', 'e'),
  b('interactive', 'i'),
  b('tty', 't'),
  s('entrypoint'),
  s('workdir', 'w'),
  l('label', 'l'),
  l('volume', 'v'),
  l('publish', 'p'),
  s('hostname', 'h'),
  s('user', 'u'),
  s('network'),
  s('restart'),
  s('pull'),
]

const SPECS: Record<string, CommandSpec> = {
  images: { usage: 'docker images [OPTIONS] [REPOSITORY[:TAG]]', flags: [b('all', 'a'), b('quiet', 'q'), b('no-trunc'), l('filter', 'f'), b('digests'), s('format')], args: { max: 1 } },
  pull: { usage: 'docker pull [OPTIONS] NAME[:TAG|@DIGEST]', flags: [b('all-tags', 'a'), b('quiet', 'q'), s('platform')], args: { exact: 1 } },
  push: { usage: 'docker push [OPTIONS] NAME[:TAG]', flags: [b('all-tags', 'a'), b('quiet', 'q')], args: { exact: 1 } },
  tag: { usage: 'docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]', flags: [], args: { exact: 2 } },
  rmi: { usage: 'docker rmi [OPTIONS] IMAGE [IMAGE...]', flags: [b('force', 'f'), b('no-prune')], args: { min: 1 } },
  history: { usage: 'docker history [OPTIONS] IMAGE', flags: [b('no-trunc'), b('quiet', 'q'), b('human', 'H'), s('format')], args: { exact: 1 } },
  run: { usage: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]', flags: RUN_FLAGS, args: { min: 1 }, stopAtPositional: true },
  create: { usage: 'docker create [OPTIONS] IMAGE [COMMAND] [ARG...]', flags: RUN_FLAGS.filter((f) => f.long !== 'detach' && f.long !== 'rm').concat([b('rm')]), args: { min: 1 }, stopAtPositional: true },
  ps: { usage: 'docker ps [OPTIONS]', flags: [b('all', 'a'), b('quiet', 'q'), b('latest', 'l'), s('last', 'n'), b('no-trunc'), l('filter', 'f'), b('size', 's'), s('format')], args: { max: 0 } },
  start: { usage: 'docker start [OPTIONS] CONTAINER [CONTAINER...]', flags: [b('attach', 'a'), b('interactive', 'i')], args: { min: 1 } },
  stop: { usage: 'docker stop [OPTIONS] CONTAINER [CONTAINER...]', flags: [s('time', 't'), s('signal', 's')], args: { min: 1 } },
  restart: { usage: 'docker restart [OPTIONS] CONTAINER [CONTAINER...]', flags: [s('time', 't'), s('signal', 's')], args: { min: 1 } },
  kill: { usage: 'docker kill [OPTIONS] CONTAINER [CONTAINER...]', flags: [s('signal', 's')], args: { min: 1 } },
  pause: { usage: 'docker pause CONTAINER [CONTAINER...]', flags: [], args: { min: 1 } },
  unpause: { usage: 'docker unpause CONTAINER [CONTAINER...]', flags: [], args: { min: 1 } },
  rm: { usage: 'docker rm [OPTIONS] CONTAINER [CONTAINER...]', flags: [b('force', 'f'), b('volumes', 'v'), b('link', 'l')], args: { min: 1 } },
  rename: { usage: 'docker rename CONTAINER NEW_NAME', flags: [], args: { exact: 2 } },
  logs: { usage: 'docker logs [OPTIONS] CONTAINER', flags: [b('follow', 'f'), b('timestamps', 't'), s('tail', 'n')], args: { exact: 1 } },
  wait: { usage: 'docker wait CONTAINER [CONTAINER...]', flags: [], args: { min: 1 } },
  exec: { usage: 'docker exec [OPTIONS] CONTAINER COMMAND [ARG...]', flags: [b('detach', 'd'), l('env', 'e'), b('interactive', 'i'), b('tty', 't'), s('workdir', 'w'), s('user', 'u')], args: { min: 2 }, stopAtPositional: true },
  diff: { usage: 'docker diff CONTAINER', flags: [], args: { exact: 1 } },
  commit: { usage: 'docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]', flags: [s('author', 'a'), l('change', 'c'), s('message', 'm'), b('pause', 'p')], args: { min: 1, max: 2 } },
  inspect: { usage: 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]', flags: [s('format', 'f'), s('type'), b('size', 's')], args: { min: 1 } },
  import: { usage: 'docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]', flags: [l('change', 'c'), s('message', 'm'), s('platform')], args: { min: 1, max: 2 } },
  build: { usage: 'docker build [OPTIONS] PATH | URL | -', flags: [l('tag', 't'), s('file', 'f'), b('quiet', 'q'), b('no-cache'), b('rm'), l('label'), l('build-arg')], args: { exact: 1 } },
  version: { usage: 'docker version [OPTIONS]', flags: [s('format', 'f')], args: { max: 0 } },
  info: { usage: 'docker info [OPTIONS]', flags: [s('format', 'f')], args: { max: 0 } },
}

/** `docker image ls` → images, `docker container rm` → rm, … */
const ALIASES: Record<string, Record<string, string>> = {
  image: { import: 'import', build: 'build', ls: 'images', list: 'images', pull: 'pull', push: 'push', tag: 'tag', rm: 'rmi', remove: 'rmi', history: 'history', inspect: 'inspect' },
  container: {
    ls: 'ps', list: 'ps', ps: 'ps', run: 'run', create: 'create', start: 'start', stop: 'stop', restart: 'restart', kill: 'kill',
    pause: 'pause', unpause: 'unpause', rm: 'rm', remove: 'rm', rename: 'rename', logs: 'logs', wait: 'wait', exec: 'exec',
    diff: 'diff', commit: 'commit', inspect: 'inspect',
  },
}

// ---------------------------------------------------------------- entry point

export async function runDockerCommand(line: string, ctx: CliContext): Promise<number> {
  const { io } = ctx
  let words: string[]
  try {
    words = splitLine(line)
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`)
    return 2
  }
  if (words.length === 0) return 0
  if (words[0] !== 'docker') {
    io.stderr(`bash: ${words[0]}: command not found (this terminal runs docker commands)\n`)
    return 127
  }
  let rest = words.slice(1)
  if (rest.length === 0 || rest[0] === '--help' || rest[0] === 'help' || rest[0] === '-h') {
    io.stdout(mainHelp())
    return 0
  }
  if (rest[0] === '--version' || rest[0] === '-v') {
    const v = await ctx.engine.version().catch(() => null)
    io.stdout(`Docker version ${v?.Version ?? 'unknown'} (Layerlab ${ctx.engine.kind})\n`)
    return 0
  }
  let name = rest[0]
  rest = rest.slice(1)
  if (ALIASES[name]) {
    const sub = rest[0]
    const target = sub ? ALIASES[name][sub] : undefined
    if (!target) {
      io.stderr(`docker: unknown command: docker ${name}${sub ? ' ' + sub : ''}\n\nRun 'docker ${name} --help' for more information\n`)
      return 1
    }
    name = target
    rest = rest.slice(1)
    // `docker image inspect` and `docker container inspect` look at one kind only
    if (name === 'inspect') rest = ['--type', words[1] === 'image' ? 'image' : 'container', ...rest]
  }
  const spec = SPECS[name]
  if (!spec) {
    io.stderr(`docker: unknown command: docker ${name}\n\nRun 'docker --help' for more information\n`)
    return 1
  }
  let parsed: Parsed
  try {
    parsed = parseFlags(name, spec, rest)
  } catch (e) {
    if (e instanceof HelpRequest) {
      io.stdout(`\nUsage:  ${spec.usage}\n\nRun 'docker ${name} --help' in a real docker for every option.\n`)
      return 0
    }
    io.stderr(`${(e as Error).message}\n\nUsage:  ${spec.usage}\n\nRun 'docker ${name} --help' for more information\n`)
    return 125
  }
  const n = parsed.args.length
  const a = spec.args
  const argError =
    a.exact !== undefined && n !== a.exact
      ? `requires ${a.exact} argument${a.exact === 1 ? '' : 's'}`
      : a.min !== undefined && n < a.min
        ? `requires at least ${a.min} argument${a.min === 1 ? '' : 's'}`
        : a.max !== undefined && n > a.max
          ? a.max === 0
            ? 'accepts no arguments'
            : `accepts at most ${a.max} argument${a.max === 1 ? '' : 's'}`
          : null
  if (argError) {
    const verb = a.exact !== undefined || a.max === 0 ? 'Run' : 'See'
    io.stderr(`docker: 'docker ${name}' ${argError}\n\nUsage:  ${spec.usage}\n\n${verb} 'docker ${name} --help' for more information\n`)
    return 1
  }
  try {
    return await COMMANDS[name](parsed, ctx)
  } catch (e) {
    return reportError(name, e, io)
  }
}

/** Exit status of a command the learner cancelled: 128 + SIGINT, with no message (see CancelledError). */
export const CANCELLED_EXIT = 130

function reportError(name: string, e: unknown, io: CliIo): number {
  if (isCancelledError(e)) return CANCELLED_EXIT
  const message = isEngineError(e) ? `Error response from daemon: ${e.message}` : (e as Error)?.message ?? String(e)
  if (name === 'run') {
    io.stderr(`docker: ${message}\n\nRun 'docker ${name} --help' for more information\n`)
    // as the docker CLI maps OCI start failures to exit codes
    if (/executable file not found|no such file or directory/.test(message)) return 127
    if (/permission denied/.test(message)) return 126
    return 125
  }
  io.stderr(`${isEngineError(e) || message.startsWith('Error') ? '' : 'Error: '}${message}\n`)
  return 1
}

function mainHelp(): string {
  return [
    '',
    'Usage:  docker [OPTIONS] COMMAND',
    '',
    "Layerlab's docker runs these commands:",
    '  images, pull, push, tag, rmi, history, inspect',
    '  run, create, start, stop, restart, kill, pause, unpause, rm, rename, logs, wait, exec, diff, commit, ps',
    '  image …, container … (the same, grouped), version, info',
    '',
  ].join('\n')
}

// ---------------------------------------------------------------- commands

type Command = (p: Parsed, ctx: CliContext) => Promise<number>

const now = (ctx: CliContext) => (ctx.now ? ctx.now() : Date.now())

/** Runs fn for each argument, printing errors per argument as docker does; exit 1 if any failed. */
async function eachArg(args: string[], ctx: CliContext, fn: (arg: string) => Promise<void>): Promise<number> {
  let failed = false
  for (const arg of args) {
    try {
      await fn(arg)
    } catch (e) {
      // a cancel stops the whole command, silently (docker exits 130 on Ctrl-C)
      if (isCancelledError(e)) throw e
      failed = true
      ctx.io.stderr(isEngineError(e) ? `Error response from daemon: ${e.message}\n` : `Error: ${(e as Error).message}\n`)
    }
  }
  return failed ? 1 : 0
}

function filtersOf(p: Parsed): Record<string, string[]> | undefined {
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

/** Non-terminal rendering of a JSON message stream (docker's jsonmessage without a TTY). */
function jsonMessagePrinter(write: (s: string) => void) {
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

async function pullWithOutput(ref: string, ctx: CliContext, write: (s: string) => void): Promise<void> {
  await ctx.engine.pullImage(ref, jsonMessagePrinter(write), { signal: ctx.signal })
}

function canonicalRef(ref: string): string {
  const r = withDefaultTag(parseReference(ref))
  return `${fullName(r)}${r.digest ? '@' + r.digest : ':' + r.tag}`
}

const refCache = new Map<string, ReturnType<typeof parseRefUncached>>()

/** tryParseReference, cached: the answer depends on the string alone (treat results as read-only). */
function tryParseReference(s: string): ReturnType<typeof parseRefUncached> {
  let r = refCache.get(s)
  if (!r) {
    r = parseRefUncached(s)
    if (refCache.size > 10_000) refCache.clear()
    refCache.set(s, r)
  }
  return r
}

const QUIET_WARNING = 'WARNING: Ignoring custom format, because both --format and --quiet are set.\n'

const CANNOT_BE_CONTAINER = /[:@]|.\//

const COMMANDS: Record<string, Command> = {
  async images(p, ctx) {
    const filters = filtersOf(p) ?? {}
    if (p.args[0]) filters.reference = [...(filters.reference ?? []), p.args[0]]
    const list = await ctx.engine.listImages({ all: p.bools.has('all'), filters: Object.keys(filters).length ? filters : undefined })
    const noTrunc = p.bools.has('no-trunc')
    const id = (x: string) => (noTrunc ? x : shortHex(x))
    const format = p.flags.get('format')?.[0]
    if (p.bools.has('quiet')) {
      if (format !== undefined && format !== '' && format !== 'table') ctx.io.stderr(QUIET_WARNING)
      const seen = new Set<string>()
      for (const img of list) {
        if (seen.has(img.Id)) continue
        seen.add(img.Id)
        ctx.io.stdout(`${id(img.Id)}\n`)
      }
      return 0
    }
    if (format !== undefined && format !== '' && format !== 'table') {
      const rows: Row[] = []
      for (const img of list) {
        const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>')
        const pairs = tags.length ? tags.map((t) => [t.slice(0, t.lastIndexOf(':')), t.slice(t.lastIndexOf(':') + 1)]) : [['<none>', '<none>']]
        for (const [repo, tag] of pairs) {
          const digest = (img.RepoDigests ?? []).find((d) => d.slice(0, d.indexOf('@')) === repo)
          rows.push({
            Containers: 'N/A',
            CreatedAt: goTime(img.Created),
            CreatedSince: ago(img.Created, now(ctx)),
            Digest: digest ? digest.slice(digest.indexOf('@') + 1) : '<none>',
            ID: id(img.Id),
            Repository: repo,
            SharedSize: 'N/A',
            Size: humanSize(img.Size),
            Tag: tag,
            UniqueSize: 'N/A',
            VirtualSize: humanSize(img.Size, 4),
          })
        }
      }
      return printList(ctx, () => formatList(format, rows, IMAGE_HEADERS, 'imageContext'))
    }
    const rows = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']]
    for (const img of list) {
      const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>')
      const created = ago(img.Created, now(ctx))
      if (tags.length === 0) rows.push(['<none>', '<none>', id(img.Id), created, humanSize(img.Size)])
      for (const t of tags) {
        const i = t.lastIndexOf(':')
        rows.push([t.slice(0, i), t.slice(i + 1), id(img.Id), created, humanSize(img.Size)])
      }
    }
    ctx.io.stdout(table(rows))
    return 0
  },

  async pull(p, ctx) {
    const ref = p.args[0]
    const parsed = tryParseReference(ref)
    if (!parsed.ok) {
      ctx.io.stderr(`${parsed.message}\n`)
      return 1
    }
    const quiet = p.bools.has('quiet')
    if (!quiet && !parsed.ref.tag && !parsed.ref.digest) ctx.io.stdout('Using default tag: latest\n')
    await pullWithOutput(ref, ctx, quiet ? () => {} : (s) => ctx.io.stdout(s))
    ctx.io.stdout(`${canonicalRef(ref)}\n`)
    return 0
  },

  async push(p, ctx) {
    const ref = p.args[0]
    const parsed = tryParseReference(ref)
    if (!parsed.ok) {
      ctx.io.stderr(`${parsed.message}\n`)
      return 1
    }
    const all = p.bools.has('all-tags')
    if (!all && !parsed.ref.tag && !parsed.ref.digest) ctx.io.stdout('Using default tag: latest\n')
    const print = jsonMessagePrinter((s) => ctx.io.stdout(s))
    let streamError: string | null = null
    try {
      await ctx.engine.pushImage(all || parsed.ref.tag || parsed.ref.digest ? ref : `${ref}:latest`, (m) => {
        if (m.error || m.errorDetail) streamError ??= m.errorDetail?.message ?? m.error ?? ''
        print(m)
      }, { signal: ctx.signal })
    } catch (e) {
      // an error inside the push stream is printed bare, as the docker CLI prints a jsonmessage error
      if (streamError === null) throw e
      ctx.io.stderr(`${streamError}\n`)
      return 1
    }
    return 0
  },

  async tag(p, ctx) {
    const [source, target] = p.args
    const t = tryParseReference(target)
    if (!t.ok) {
      ctx.io.stderr(`Error parsing reference: "${target}" is not a valid repository/tag: ${t.message}\n`)
      return 1
    }
    const i = target.lastIndexOf(':')
    const hasTag = i > target.lastIndexOf('/')
    await ctx.engine.tagImage(source, hasTag ? target.slice(0, i) : target, hasTag ? target.slice(i + 1) : 'latest')
    return 0
  },

  async rmi(p, ctx) {
    return eachArg(p.args, ctx, async (arg) => {
      const res = await ctx.engine.removeImage(arg, { force: p.bools.has('force'), noprune: p.bools.has('no-prune') })
      for (const r of res) {
        if (r.Untagged) ctx.io.stdout(`Untagged: ${r.Untagged}\n`)
        if (r.Deleted) ctx.io.stdout(`Deleted: ${r.Deleted}\n`)
      }
    })
  },

  async history(p, ctx) {
    const list = await ctx.engine.imageHistory(p.args[0])
    const noTrunc = p.bools.has('no-trunc')
    const human = !p.bools.has('human') || p.flags.get('human')?.[0] !== 'false'
    const id = (x: string) => (x === '<missing>' ? x : noTrunc ? x : shortHex(x))
    const format = p.flags.get('format')?.[0]
    const custom = format !== undefined && format !== '' && format !== 'table'
    if (p.bools.has('quiet')) {
      if (custom) ctx.io.stderr(QUIET_WARNING)
      for (const h of list) ctx.io.stdout(`${id(h.Id)}\n`)
      return 0
    }
    if (custom) {
      const rows: Row[] = list.map((h) => {
        const by = h.CreatedBy.replace(/\t/g, ' ')
        return {
          Comment: h.Comment ?? '',
          CreatedAt: goTime(h.Created),
          CreatedBy: noTrunc ? by : ellipsis(by, 45),
          CreatedSince: human ? ago(h.Created, now(ctx)) : goTime(h.Created),
          ID: id(h.Id),
          Size: human ? humanSize(h.Size) : String(h.Size),
        }
      })
      return printList(ctx, () => formatList(format, rows, HISTORY_HEADERS, 'historyContext'))
    }
    const rows = [['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT']]
    for (const h of list) {
      let by = h.CreatedBy.replace(/\t/g, ' ')
      if (!noTrunc) by = ellipsis(by, 45)
      rows.push([id(h.Id), human ? ago(h.Created, now(ctx)) : new Date(h.Created * 1000).toISOString(), by, human ? humanSize(h.Size) : String(h.Size), h.Comment ?? ''])
    }
    ctx.io.stdout(table(rows))
    return 0
  },

  async run(p, ctx) {
    const detach = p.bools.has('detach')
    const id = await createFromFlags(p, ctx, true)
    try {
      await ctx.engine.startContainer(id)
    } catch (e) {
      // --rm: the daemon removes a container whose start failed as it removes one that exited
      if (p.bools.has('rm')) await ctx.engine.removeContainer(id, { force: true }).catch(() => {})
      throw e
    }
    if (detach) {
      ctx.io.stdout(`${id}\n`)
      return 0
    }
    const info = await ctx.engine.inspectContainer(id)
    const logs = await ctx.engine.containerLogs(id).catch(() => ({ stdout: '', stderr: '' }))
    if (logs.stdout) ctx.io.stdout(logs.stdout)
    if (logs.stderr) ctx.io.stderr(logs.stderr)
    if (info.State.Running) {
      ctx.io.stderr(`[Layerlab] ${shortHex(id)} keeps running in the background (this terminal does not attach); see it with docker ps, stop it with docker stop ${shortHex(id)}\n`)
      return 0
    }
    const code = info.State.ExitCode
    if (p.bools.has('rm')) await ctx.engine.removeContainer(id, { force: true }).catch(() => {})
    return code
  },

  async create(p, ctx) {
    const id = await createFromFlags(p, ctx, false)
    ctx.io.stdout(`${id}\n`)
    return 0
  },

  async ps(p, ctx) {
    const lastN = p.flags.get('last')?.[0]
    const limit = p.bools.has('latest') ? 1 : lastN !== undefined ? Number(lastN) : undefined
    if (limit !== undefined && !Number.isInteger(limit)) throw new Error(`invalid argument "${lastN}" for "-n, --last" flag: strconv.ParseInt: parsing "${lastN}": invalid syntax`)
    const all = p.bools.has('all') || (limit !== undefined && limit > 0)
    const list = await ctx.engine.listContainers({ all, limit: limit && limit > 0 ? limit : undefined, filters: filtersOf(p) })
    const noTrunc = p.bools.has('no-trunc')
    const format = p.flags.get('format')?.[0]
    const custom = format !== undefined && format !== '' && format !== 'table'
    if (p.bools.has('quiet')) {
      if (custom) ctx.io.stderr(QUIET_WARNING)
      for (const c of list) ctx.io.stdout(`${noTrunc ? c.Id : c.Id.slice(0, 12)}\n`)
      return 0
    }
    const imageOf = (c: (typeof list)[number]) => {
      const image = c.Image || '<no image>'
      return !noTrunc && /^sha256:[0-9a-f]{64}$/.test(image) ? shortHex(image) : image
    }
    if (custom) {
      // .Size: the writable layer and, as "virtual", with the image under it (the daemon's SizeRootFs)
      const imageSizes = /\.Size\b|json/.test(format) ? new Map((await ctx.engine.listImages({ all: true })).map((i) => [i.Id, i.Size])) : new Map<string, number>()
      const rows: Row[] = list.map((c) => ({
        Command: goQuote(noTrunc ? c.Command : ellipsis(c.Command, 20)),
        CreatedAt: goTime(c.Created),
        ID: noTrunc ? c.Id : c.Id.slice(0, 12),
        Image: imageOf(c),
        Labels: Object.entries(c.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
        LocalVolumes: '0',
        Mounts: '',
        Names: c.Names.map((n) => n.replace(/^\//, '')).join(','),
        Networks: 'bridge',
        Platform: null,
        Ports: '',
        RunningFor: ago(c.Created, now(ctx)),
        Size: `${humanSize(c.SizeRw ?? 0)} (virtual ${humanSize((c.SizeRw ?? 0) + (imageSizes.get(c.ImageID) ?? 0))})`,
        State: c.State,
        Status: c.Status,
      }))
      return printList(ctx, () => formatList(format, rows, CONTAINER_HEADERS, 'ContainerContext'))
    }
    const rows = [['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']]
    for (const c of list) {
      const image = imageOf(c)
      rows.push([
        noTrunc ? c.Id : c.Id.slice(0, 12),
        image,
        goQuote(noTrunc ? c.Command : ellipsis(c.Command, 20)),
        ago(c.Created, now(ctx)),
        c.Status,
        '',
        c.Names.map((n) => n.replace(/^\//, '')).join(','),
      ])
    }
    ctx.io.stdout(table(rows))
    return 0
  },

  start: (p, ctx) => eachArg(p.args, ctx, async (x) => (await ctx.engine.startContainer(x), ctx.io.stdout(`${x}\n`))),
  stop: (p, ctx) =>
    eachArg(p.args, ctx, async (x) => {
      const t = p.flags.get('time')?.[0]
      await ctx.engine.stopContainer(x, t !== undefined ? { t: Number(t) } : undefined)
      ctx.io.stdout(`${x}\n`)
    }),
  restart: (p, ctx) => eachArg(p.args, ctx, async (x) => (await ctx.engine.restartContainer(x), ctx.io.stdout(`${x}\n`))),
  kill: (p, ctx) => eachArg(p.args, ctx, async (x) => (await ctx.engine.killContainer(x, { signal: p.flags.get('signal')?.[0] }), ctx.io.stdout(`${x}\n`))),
  pause: (p, ctx) => eachArg(p.args, ctx, async (x) => (await ctx.engine.pauseContainer(x), ctx.io.stdout(`${x}\n`))),
  unpause: (p, ctx) => eachArg(p.args, ctx, async (x) => (await ctx.engine.unpauseContainer(x), ctx.io.stdout(`${x}\n`))),
  rm: (p, ctx) =>
    eachArg(p.args, ctx, async (x) => {
      await ctx.engine.removeContainer(x, { force: p.bools.has('force'), v: p.bools.has('volumes') })
      ctx.io.stdout(`${x}\n`)
    }),
  async rename(p, ctx) {
    await ctx.engine.renameContainer(p.args[0], p.args[1])
    return 0
  },
  async logs(p, ctx) {
    const r = await ctx.engine.containerLogs(p.args[0])
    if (r.stdout) ctx.io.stdout(r.stdout)
    if (r.stderr) ctx.io.stderr(r.stderr)
    return 0
  },
  wait: (p, ctx) =>
    eachArg(p.args, ctx, async (x) => {
      const r = await ctx.engine.waitContainer(x, { signal: ctx.signal })
      ctx.io.stdout(`${r.StatusCode}\n`)
    }),
  async exec(p, ctx) {
    const [container, ...cmd] = p.args
    const r = await ctx.engine.exec(container, {
      Cmd: cmd,
      Env: p.flags.get('env'),
      WorkingDir: p.flags.get('workdir')?.[0],
      Tty: p.bools.has('tty'),
    })
    if (r.stdout) ctx.io.stdout(r.stdout)
    if (r.stderr) ctx.io.stderr(r.stderr)
    return r.exitCode
  },
  async diff(p, ctx) {
    const changes = await ctx.engine.containerChanges(p.args[0])
    for (const c of changes ?? []) ctx.io.stdout(`${'CAD'[c.Kind]} ${c.Path}\n`)
    return 0
  },
  async commit(p, ctx) {
    const [container, ref] = p.args
    let repo: string | undefined
    let tag: string | undefined
    if (ref) {
      const r = tryParseReference(ref)
      if (!r.ok) {
        ctx.io.stderr(`Error parsing reference: "${ref}" is not a valid repository/tag: ${r.message}\n`)
        return 1
      }
      const i = ref.lastIndexOf(':')
      const hasTag = i > ref.lastIndexOf('/')
      repo = hasTag ? ref.slice(0, i) : ref
      tag = hasTag ? ref.slice(i + 1) : 'latest'
    }
    const changes = [...(p.flags.get('change') ?? [])]
    if (ctx.labels) for (const [k, v] of Object.entries(ctx.labels)) changes.push(`LABEL ${k}=${v}`)
    const r = await ctx.engine.commitContainer(container, {
      repo,
      tag,
      comment: p.flags.get('message')?.[0],
      author: p.flags.get('author')?.[0],
      changes: changes.length ? changes : undefined,
    })
    ctx.io.stdout(`${r.Id}\n`)
    return 0
  },
  async inspect(p, ctx) {
    const type = p.flags.get('type')?.[0]
    const format = p.flags.get('format')?.[0]
    const found: unknown[] = []
    let failed = false
    const errors: string[] = []
    for (const arg of p.args) {
      let obj: unknown = null
      let why: unknown = null
      const keep = (e: unknown) => ((why = e), null)
      // a container's name or ID never holds ':', '@' or an inner '/': such an argument can only be an image
      if (type === 'container' || (type === undefined && !CANNOT_BE_CONTAINER.test(arg))) obj = await ctx.engine.inspectContainer(arg).catch(keep)
      if (!obj && type !== 'container') obj = await ctx.engine.inspectImage(arg).catch(keep)
      if (!obj) {
        failed = true
        const daemon = isEngineError(why) ? why.message : String((why as Error | null)?.message ?? why)
        // with a type the CLI asks one endpoint and shows its answer ("image inspect" wraps it once more)
        errors.push(
          type === 'image'
            ? `Error response from daemon: no such image: ${arg}: ${daemon}\n`
            : type === 'container'
              ? `Error response from daemon: ${daemon}\n`
              : `Error: No such object: ${arg}\n`,
        )
        continue
      }
      found.push(obj)
    }
    if (format !== undefined) {
      for (const o of found) ctx.io.stdout(`${renderTemplate(format, o)}\n`)
      if (found.length === 0) ctx.io.stdout('\n') // the CLI prints an empty line when nothing matched
    } else {
      ctx.io.stdout(`${found.length ? JSON.stringify(found, null, 4) : '[]'}\n`)
    }
    for (const e of errors) ctx.io.stderr(e)
    return failed ? 1 : 0
  },
  async import(p, ctx) {
    const [file, ref] = p.args
    if (!ctx.host) throw new Error('this terminal cannot read files')
    if (file === '-') throw new Error('Layerlab reads an import from a file, not from standard input')
    let repo: string | undefined
    let tag: string | undefined
    if (ref) {
      const r = tryParseReference(ref)
      if (!r.ok) throw new Error(r.message)
      const i = ref.lastIndexOf(':')
      const hasTag = i > ref.lastIndexOf('/')
      repo = hasTag ? ref.slice(0, i) : ref
      tag = hasTag ? ref.slice(i + 1) : 'latest'
    }
    let data: Uint8Array
    try {
      data = await ctx.host.readFile(file)
    } catch {
      ctx.io.stderr(`open ${file}: no such file or directory\n`)
      return 1
    }
    const changes = [...(p.flags.get('change') ?? [])]
    if (ctx.labels) for (const [k, v] of Object.entries(ctx.labels)) changes.push(`LABEL ${k}=${v}`)
    const id = await ctx.engine.importImage(data, { repo, tag, message: p.flags.get('message')?.[0], changes: changes.length ? changes : undefined })
    ctx.io.stdout(`${id}\n`)
    return 0
  },
  async build(p, ctx) {
    if (!ctx.host) throw new Error('this terminal cannot read files')
    let context: Uint8Array
    try {
      context = await ctx.host.tarDirectory(p.args[0])
    } catch {
      throw new Error(`unable to prepare context: path "${p.args[0]}" not found`)
    }
    const quiet = p.bools.has('quiet')
    if (!quiet) ctx.io.stdout(`Sending build context to Docker daemon  ${humanSize(context.length, 4)}\r\n`)
    const labels: Record<string, string> = { ...(ctx.labels ?? {}) }
    for (const lab of p.flags.get('label') ?? []) {
      const eq = lab.indexOf('=')
      labels[eq > 0 ? lab.slice(0, eq) : lab] = eq > 0 ? lab.slice(eq + 1) : ''
    }
    const id = await ctx.engine.buildImage(
      context,
      { t: p.flags.get('tag'), dockerfile: p.flags.get('file')?.[0], labels: Object.keys(labels).length ? labels : undefined, rm: true },
      quiet ? undefined : jsonMessagePrinter((x) => ctx.io.stdout(x)),
    )
    if (quiet) ctx.io.stdout(`${id}\n`)
    return 0
  },
  async version(_p, ctx) {
    const v = await ctx.engine.version()
    ctx.io.stdout(
      [
        'Client: Layerlab docker emulator',
        ` Engine:           ${ctx.engine.kind}`,
        '',
        `Server:`,
        ` Engine:`,
        `  Version:          ${v.Version}`,
        `  API version:      ${v.ApiVersion}${v.MinAPIVersion ? ` (minimum version ${v.MinAPIVersion})` : ''}`,
        `  OS/Arch:          ${v.Os}/${v.Arch}`,
        `  Kernel Version:   ${v.KernelVersion}`,
        '',
      ].join('\n'),
    )
    return 0
  },
  async info(_p, ctx) {
    const [imgs, cs, v] = await Promise.all([ctx.engine.listImages(), ctx.engine.listContainers({ all: true }), ctx.engine.version()])
    const count = (st: string) => cs.filter((c) => c.State === st).length
    ctx.io.stdout(
      [
        'Server:',
        ` Containers: ${cs.length}`,
        `  Running: ${count('running')}`,
        `  Paused: ${count('paused')}`,
        `  Stopped: ${cs.length - count('running') - count('paused')}`,
        ` Images: ${imgs.length}`,
        ` Server Version: ${v.Version}`,
        ` Kernel Version: ${v.KernelVersion}`,
        ` Engine: ${ctx.engine.kind === 'simulator' ? 'Layerlab simulator' : 'live Docker daemon'}`,
        '',
      ].join('\n'),
    )
    return 0
  },
}

/** Prints a --format listing; a template error is the CLI's own (exit 1, nothing on stdout). */
function printList(ctx: CliContext, render: () => string): number {
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

async function createFromFlags(p: Parsed, ctx: CliContext, isRun: boolean): Promise<string> {
  const [image, ...cmd] = p.args
  const ref = tryParseReference(image)
  if (!ref.ok) throw new Error(ref.message)
  const labels: Record<string, string> = { ...(ctx.labels ?? {}) }
  for (const lab of p.flags.get('label') ?? []) {
    const eq = lab.indexOf('=')
    labels[eq > 0 ? lab.slice(0, eq) : lab] = eq > 0 ? lab.slice(eq + 1) : ''
  }
  const entrypoint = p.flags.get('entrypoint')?.[0]
  const opts = {
    Image: image,
    Cmd: cmd.length ? cmd : undefined,
    Entrypoint: entrypoint !== undefined ? (entrypoint === '' ? [] : [entrypoint]) : undefined,
    Env: p.flags.get('env'),
    Tty: p.bools.has('tty'),
    OpenStdin: p.bools.has('interactive'),
    WorkingDir: p.flags.get('workdir')?.[0],
    Hostname: p.flags.get('hostname')?.[0],
    Labels: Object.keys(labels).length ? labels : undefined,
    name: p.flags.get('name')?.[0],
    HostConfig: { AutoRemove: p.bools.has('rm') && isRun && p.bools.has('detach') ? true : undefined, Binds: p.flags.get('volume') },
  }
  try {
    return (await ctx.engine.createContainer(opts)).Id
  } catch (e) {
    if (!(isEngineError(e) && e.statusCode === 404 && /^No such image/.test(e.message))) throw e
    const shown = ref.ok ? `${image}${image.lastIndexOf(':') > image.lastIndexOf('/') || image.includes('@') ? '' : ':latest'}` : image
    ctx.io.stderr(`Unable to find image '${shown}' locally\n`)
    await pullWithOutput(image, ctx, (s) => ctx.io.stderr(s))
    return (await ctx.engine.createContainer(opts)).Id
  }
}
