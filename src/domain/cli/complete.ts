/**
 * Tab completion of a `docker …` line, as bash-completion for docker does it: subcommands (and the
 * image/container groups' own), the flags of the command (from its record in commands/), container
 * names and short IDs where the command takes a container, image references (repo:tag) where it
 * takes an image. Pure: the engine's state comes in as an argument (the renderer's snapshot).
 */
import type { ContainerStateName } from '../types'
import { COMMANDS, GROUPS } from './commands'
import type { Command } from './command'
import type { CommandSpec, FlagSpec } from './flags'

/** What completion needs of the engine's state (a Snapshot has it). */
export interface CompletionState {
  containers: ReadonlyArray<{ id: string; name: string; state: ContainerStateName }>
  images: ReadonlyArray<{ id: string; tags: readonly string[] }>
}

export interface Completion {
  /** the word under completion is line[start, end) (end is the cursor) */
  start: number
  end: number
  /** what replaces it: the one candidate and a space, or the candidates' longest common prefix */
  insert: string
  /** every candidate, sorted; one or none means nothing to list */
  candidates: string[]
}

const EMPTY_STATE: CompletionState = { containers: [], images: [] }

/** Length of an ID that docker prints (docker ps, docker images). */
const SHORT_ID = 12

/** What a positional argument of a command is, read from its usage line. */
type ArgKind = 'container' | 'image' | 'repository' | 'any' | 'none'

/** A word of the line: its text, where it starts and ends. */
interface Word {
  text: string
  start: number
  end: number
}

/**
 * Splits line[0, cursor) into whitespace-separated words; the last one is the word under the cursor
 * ('' after a space). Quotes keep their spaces in the word; a word with a quote in it is never completed.
 */
function wordsBefore(line: string, cursor: number): Word[] {
  const words: Word[] = []
  let quote = ''
  let cur: Word | null = null
  for (let i = 0; i < cursor; i++) {
    const c = line[i]
    if (!quote && /\s/.test(c)) {
      if (cur) words.push(cur)
      cur = null
      continue
    }
    if (!cur) cur = { text: '', start: i, end: i }
    if (quote) {
      if (c === quote) quote = ''
    } else if (c === '"' || c === "'") quote = c
    else if (c === '\\' && i + 1 < cursor) {
      cur.text += c
      i++
      cur.text += line[i]
      cur.end = i + 1
      continue
    }
    cur.text += c
    cur.end = i + 1
  }
  words.push(cur ?? { text: '', start: cursor, end: cursor })
  return words
}

/** The positional arguments' kinds from 'docker NAME [OPTIONS] CONTAINER [CONTAINER...]'; the last repeats when it ends in '...'. */
function argKinds(usage: string): { kinds: ArgKind[]; repeats: boolean } {
  const tokens = usage.split(' ').slice(2).filter((t) => t !== '[OPTIONS]' && t !== '|')
  const kinds: ArgKind[] = []
  let repeats = false
  for (const t of tokens) {
    const bare = t.replace(/^\[|\]$/g, '')
    if (bare.endsWith('...')) {
      // [CONTAINER...] repeats the argument before it; [ARG...] is the container's own words
      repeats = bare.replace(/\.\.\.$/, '') !== 'ARG'
      break
    }
    kinds.push(kindOf(bare))
  }
  return { kinds, repeats }
}

function kindOf(token: string): ArgKind {
  if (token === 'CONTAINER') return 'container'
  if (token === 'NAME|ID') return 'any'
  if (/^(IMAGE|SOURCE_IMAGE|TARGET_IMAGE|NAME)\b/.test(token)) return 'image'
  if (token.startsWith('REPOSITORY')) return 'repository'
  return 'none'
}

/** Which containers a command acts on (docker start: stopped ones; stop: running ones …), as bash-completion offers them. */
function containerFilter(name: string): (state: ContainerStateName) => boolean {
  switch (name) {
    case 'start':
      return (s) => s === 'created' || s === 'exited' || s === 'dead'
    case 'stop':
    case 'kill':
    case 'pause':
    case 'exec':
      return (s) => s === 'running' || s === 'restarting'
    case 'unpause':
      return (s) => s === 'paused'
    default:
      return () => true
  }
}

/**
 * Names (or references) that start with `prefix`; when none does, the short IDs that do — a list of
 * names is what a learner reads, and an ID is what they type when they copied one.
 */
function namesElseIds(names: string[], ids: string[], prefix: string): string[] {
  const named = names.filter((n) => n.startsWith(prefix))
  return named.length || !prefix ? named : ids.filter((id) => id.startsWith(prefix)).map((id) => id.slice(0, SHORT_ID))
}

function containerCandidates(state: CompletionState, prefix: string, keep: (s: ContainerStateName) => boolean): string[] {
  const mine = state.containers.filter((c) => keep(c.state))
  return namesElseIds(
    mine.map((c) => c.name),
    mine.map((c) => c.id),
    prefix,
  )
}

/** repo:tag of every image (and the repositories alone, for docker images and commit's target) */
function references(state: CompletionState, repositories: boolean): string[] {
  const out: string[] = []
  for (const i of state.images) {
    for (const t of i.tags) {
      out.push(t)
      const colon = t.lastIndexOf(':')
      if (repositories && colon > t.lastIndexOf('/')) out.push(t.slice(0, colon))
    }
  }
  return out
}

const imageIds = (state: CompletionState) => state.images.map((i) => i.id.replace(/^sha256:/, ''))

function imageCandidates(state: CompletionState, prefix: string, repositories: boolean): string[] {
  return namesElseIds(references(state, repositories), imageIds(state), prefix)
}

function flagCandidates(spec: { flags?: FlagSpec[] }, word: string): string[] {
  const out = ['--help']
  for (const f of spec.flags ?? []) {
    out.push(`--${f.long}`)
    // short spellings only when asked for with a single '-', as cobra lists them
    if (f.short && !word.startsWith('--')) out.push(`-${f.short}`)
  }
  return out
}

/** The flag that takes the next word as its value, if `w` is one written without it ('--name', '-e', '-de'). */
function wantsValue(spec: { flags?: FlagSpec[] }, w: string): boolean {
  const flags = spec.flags ?? []
  if (w.startsWith('--')) {
    if (w.includes('=')) return false
    const f = flags.find((x) => x.long === w.slice(2))
    return !!f && f.type !== 'bool'
  }
  // -abc: the first short flag that takes a value takes the rest, or the next word when it is last
  for (let i = 1; i < w.length; i++) {
    const f = flags.find((x) => x.short === w[i])
    if (!f) return false
    if (f.type !== 'bool') return i === w.length - 1
  }
  return false
}

const SUBCOMMANDS = [...new Set([...Object.keys(COMMANDS), ...Object.keys(GROUPS)])]

/** Candidates for the word under the cursor, with that word; none when it cannot be completed. */
function candidatesFor(words: Word[], state: CompletionState): string[] {
  const word = words[words.length - 1].text
  const before = words.slice(0, -1).map((w) => w.text)
  if (before.length === 0) return ['docker']
  if (before[0] !== 'docker') return []
  if (before.length === 1) return word.startsWith('-') ? ['--help', '--version'] : SUBCOMMANDS
  let name: string | undefined = before[1]
  let rest = before.slice(2)
  if (Object.hasOwn(GROUPS, name)) {
    if (rest.length === 0) return word.startsWith('-') ? ['--help'] : Object.keys(GROUPS[name])
    name = Object.hasOwn(GROUPS[name], rest[0]) ? GROUPS[name][rest[0]] : undefined
    rest = rest.slice(1)
  }
  if (name === undefined || !Object.hasOwn(COMMANDS, name)) return []
  const cmd: Command & CommandSpec = COMMANDS[name]
  // walk the words after the command as parseFlags does: flags, their values, positionals
  let positionals = 0
  let flagsEnd = false
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]
    if (!flagsEnd && w === '--') flagsEnd = true
    else if (!flagsEnd && w.startsWith('-') && w.length > 1) {
      if (wantsValue(cmd, w)) {
        if (i === rest.length - 1) return [] // the word under the cursor is this flag's value
        i++
      }
    } else {
      positionals++
      if (cmd.stopAtPositional) flagsEnd = true
    }
  }
  if (!flagsEnd && word.startsWith('-')) return flagCandidates(cmd, word)
  const { kinds, repeats } = argKinds(cmd.usage)
  const kind = positionals < kinds.length ? kinds[positionals] : repeats && kinds.length ? kinds[kinds.length - 1] : 'none'
  switch (kind) {
    case 'container':
      return containerCandidates(state, word, containerFilter(name))
    case 'image':
      return imageCandidates(state, word, false)
    case 'repository':
      return imageCandidates(state, word, true)
    case 'any':
      return namesElseIds(
        [...state.containers.map((c) => c.name), ...references(state, false)],
        [...state.containers.map((c) => c.id), ...imageIds(state)],
        word,
      )
    default:
      return []
  }
}

function commonPrefix(xs: string[]): string {
  if (xs.length === 0) return ''
  let p = xs[0]
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1)
  return p
}

/**
 * Completes the word before `cursor` in `line` with the engine's `state`. One candidate: it, and a
 * space. Several: their longest common prefix, and all of them to list. None: the word as it is.
 */
export function complete(line: string, cursor: number, state: CompletionState = EMPTY_STATE): Completion {
  cursor = Math.max(0, Math.min(cursor, line.length))
  const words = wordsBefore(line, cursor)
  const cur = words[words.length - 1]
  const none: Completion = { start: cur.start, end: cursor, insert: line.slice(cur.start, cursor), candidates: [] }
  if (/["'\\]/.test(cur.text)) return none
  const candidates = [...new Set(candidatesFor(words, state).filter((c) => c.startsWith(cur.text)))].sort()
  if (candidates.length === 0) return none
  if (candidates.length === 1) return { ...none, insert: `${candidates[0]} `, candidates }
  return { ...none, insert: commonPrefix(candidates), candidates }
}

/**
 * Lays candidates out in columns across `width` cells, down then across, as bash lists them;
 * one per line when one is wider than the terminal.
 */
export function columns(candidates: string[], width: number): string[] {
  if (candidates.length === 0) return []
  const cell = Math.max(...candidates.map((c) => c.length)) + 2
  const perRow = Math.max(1, Math.floor((width + 2) / cell))
  const rows = Math.ceil(candidates.length / perRow)
  const out: string[] = []
  for (let r = 0; r < rows; r++) {
    const parts: string[] = []
    for (let c = 0; c * rows + r < candidates.length; c++) parts.push(candidates[c * rows + r])
    out.push(parts.map((p, i) => (i < parts.length - 1 ? p.padEnd(cell) : p)).join(''))
  }
  return out
}
