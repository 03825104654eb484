/** The docker CLI's flag parsing (cobra/pflag as docker uses it) and argument counts. */

type FlagType = 'bool' | 'string' | 'list'

export interface FlagSpec {
  long: string
  short?: string
  type: FlagType
}

export interface ArgCount {
  min?: number
  max?: number
  exact?: number
}

export interface CommandSpec {
  usage: string // 'docker rmi [OPTIONS] IMAGE [IMAGE...]'
  flags: FlagSpec[]
  args: ArgCount
  /** flags stop at the first positional (run, exec, create) */
  stopAtPositional?: boolean
}

/** A command line's flags and positional arguments. */
export interface Parsed {
  flags: Map<string, string[]>
  bools: Set<string>
  args: string[]
}

/** A flag the command does not know, or one without its value. */
export class UsageError extends Error {}

/** --help or -h (where -h is no flag of the command's own). */
export class HelpRequest extends Error {}

/** A boolean flag (--rm, --rm=false, -d). */
export const b = (long: string, short?: string): FlagSpec => ({ long, short, type: 'bool' })
/** A flag with a value; the last one given counts (--name x). */
export const s = (long: string, short?: string): FlagSpec => ({ long, short, type: 'string' })
/** A flag that may be repeated, every value kept (-e A=1 -e B=2). */
export const l = (long: string, short?: string): FlagSpec => ({ long, short, type: 'list' })

const flagIndexes = new WeakMap<CommandSpec, { byLong: Map<string, FlagSpec>; byShort: Map<string, FlagSpec> }>()

function flagIndex(spec: CommandSpec): { byLong: Map<string, FlagSpec>; byShort: Map<string, FlagSpec> } {
  let idx = flagIndexes.get(spec)
  if (!idx) {
    idx = { byLong: new Map(spec.flags.map((f) => [f.long, f])), byShort: new Map(spec.flags.filter((f) => f.short).map((f) => [f.short!, f])) }
    flagIndexes.set(spec, idx)
  }
  return idx
}

/** Splits a command's words into flags and arguments; throws UsageError or HelpRequest. */
export function parseFlags(spec: CommandSpec, words: string[]): Parsed {
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
  args.push(...words.slice(i))
  return { flags, bools, args }
}

/** What is wrong with n arguments ('requires 1 argument', …), or null when the count fits. */
export function argCountProblem(a: ArgCount, n: number): string | null {
  return a.exact !== undefined && n !== a.exact
    ? `requires ${a.exact} argument${a.exact === 1 ? '' : 's'}`
    : a.min !== undefined && n < a.min
      ? `requires at least ${a.min} argument${a.min === 1 ? '' : 's'}`
      : a.max !== undefined && n > a.max
        ? a.max === 0
          ? 'accepts no arguments'
          : `accepts at most ${a.max} argument${a.max === 1 ? '' : 's'}`
        : null
}
