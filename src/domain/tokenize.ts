/**
 * The fast path of shell word splitting, shared by the docker CLI's line splitter (cli/line.ts) and the
 * simulator's `sh -c` (sim/shell.ts): printable ASCII words separated by spaces or tabs, with '…' and "…"
 * quoting. Each function returns null for anything else, which its caller hands to shell-quote; the two
 * agree wherever the fast path answers (tested in cli/fastpaths.test.ts).
 */

export interface OpToken {
  op: string
}

/** What a character does to the scan (one table per mode, indexed by char code below 128). */
const WORD = 0
const BLANK = 1
const QUOTE = 2
const OPERATOR = 3
const GIVE_UP = 4

function kinds(mode: 'words' | 'shell'): Uint8Array {
  const k = new Uint8Array(128).fill(GIVE_UP) // control characters; everything from 128 on gives up too
  for (let c = 33; c <= 126; c++) k[c] = WORD
  k[32] = k[9] = BLANK
  k[39] = k[34] = QUOTE
  for (const ch of '$\\#') k[ch.charCodeAt(0)] = GIVE_UP
  // words: an operator is refused (the CLI explains it); shell: it is a token of its own
  for (const ch of '|&;()<>') k[ch.charCodeAt(0)] = mode === 'words' ? GIVE_UP : OPERATOR
  // globs: the CLI passes them on as written; the shell expands them (not here)
  if (mode === 'shell') for (const ch of '*?') k[ch.charCodeAt(0)] = GIVE_UP
  return k
}

const WORDS = kinds('words')
const SHELL = kinds('shell')

const CONTROL_AT = /\|\||&(?:&|>>?)|;;&?|[;|]&|<\(|<<<|<<-|<<(?!\()|>>|>[&|(]|<[&>]|[&;()|<>]/y

/** A "…" body the fast path may take as written: printable ASCII without $ or backslash. */
function plainDoubleQuoted(body: string): boolean {
  for (let k = 0; k < body.length; k++) {
    const x = body.charCodeAt(k)
    if (x < 32 || x > 126 || x === 36 /* $ */ || x === 92 /* \ */) return false
  }
  return true
}

function scan(line: string, table: Uint8Array): Array<string | OpToken> | null {
  const tokens: Array<string | OpToken> = []
  let cur = ''
  let inWord = false
  const n = line.length
  let i = 0
  while (i < n) {
    const c = line.charCodeAt(i)
    const kind = c < 128 ? table[c] : GIVE_UP
    if (kind === BLANK || kind === OPERATOR) {
      if (inWord) {
        tokens.push(cur)
        cur = ''
        inWord = false
      }
      if (kind === BLANK) i++
      else {
        CONTROL_AT.lastIndex = i
        const m = CONTROL_AT.exec(line) as RegExpExecArray
        tokens.push({ op: m[0] })
        i += m[0].length
      }
      continue
    }
    if (kind === GIVE_UP) return null
    if (kind === QUOTE) {
      const j = line.indexOf(line[i], i + 1)
      if (j < 0) return null
      const body = line.slice(i + 1, j)
      if (c === 34 /* " */ && !plainDoubleQuoted(body)) return null
      cur += body
      inWord = true
      i = j + 1
      continue
    }
    let j = i + 1
    while (j < n) {
      const x = line.charCodeAt(j)
      if (x >= 128 || table[x] !== WORD) break
      j++
    }
    cur += line.slice(i, j)
    inWord = true
    i = j
  }
  if (inWord) tokens.push(cur)
  return tokens
}

/** A docker command line's words; null for $, backslashes, operators, #, other characters or an open quote. */
export function fastSplit(line: string): string[] | null {
  return scan(line, WORDS) as string[] | null
}

/**
 * shell-quote's tokens for the common scripts (words and operators such as ; && || > >>); null for
 * anything with $, backslashes, #, globs, other characters or an open quote.
 */
export function fastTokens(script: string): Array<string | OpToken> | null {
  return scan(script, SHELL)
}
