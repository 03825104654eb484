/**
 * The differentials' common parts: the real docker CLI, transcripts that keep stdout and stderr
 * apart, tables checked for docker's own alignment, a strict normaliser, and a line diff.
 *
 * Strict means: nothing is collapsed. Spaces, blank lines and trailing text are compared as they
 * are. What varies from run to run on its own (IDs, relative times, the host's kernel release, the
 * shared registry's history) is replaced by placeholders — and because a placeholder has another
 * width than what it replaces, a table is first checked for docker's alignment (each column as wide
 * as its widest cell plus three spaces, ten at least, as docker's tabwriter pads) and then compared cell by cell.
 */
import { spawnSync } from 'node:child_process'

export interface Result {
  out: string
  err: string
  code: number
}

/** The docker CLI, as a learner would run it; `env` may point DOCKER_HOST at another daemon. */
export function realDocker(words: string[], opts: { cwd: string; env?: Record<string, string> }): Result {
  const r = spawnSync(words[0]!, words.slice(1), { cwd: opts.cwd, encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '0', ...opts.env }, timeout: 60_000 })
  return { out: r.stdout ?? '', err: r.stderr ?? '', code: r.status ?? -1 }
}

/** docker's tabwriter: a column at least MIN_WIDTH wide, PADDING past its widest cell (docker/cli cli/command/formatter: tabwriter.NewWriter(output, 10, 1, 3, ' ', 0)) */
const MIN_WIDTH = 10
const PADDING = 3
const width = (s: string) => [...s].length

/** Where a table header's columns start: its words in groups separated by two spaces or more. */
function headerColumns(line: string): number[] | null {
  if (!/^[A-Z][A-Z0-9 ]*[A-Z0-9](?: {2,}[A-Z][A-Z0-9 ]*[A-Z0-9])+ *$/.test(line)) return null
  const starts = [0]
  const re = / {2,}(?=\S)/g
  for (let m = re.exec(line); m; m = re.exec(line)) starts.push(m.index + m[0].length)
  return starts.length >= 2 ? starts : null
}

function cellsAt(line: string, starts: number[]): string[] {
  const chars = [...line]
  return starts.map((s, i) => chars.slice(s, i + 1 < starts.length ? starts[i + 1] : undefined).join('').trimEnd())
}

/** The table as docker's tabwriter lays it out from these cells. */
function render(rows: string[][]): string[] {
  const cols = rows[0]!.length
  const widths = Array.from({ length: cols }, (_, c) => Math.max(MIN_WIDTH, Math.max(...rows.map((r) => width(r[c] ?? ''))) + PADDING))
  return rows.map((r) => r.map((cell, c) => (c === cols - 1 ? cell : cell + ' '.repeat(widths[c]! - width(cell)))).join('').trimEnd())
}

/**
 * A text's tables turned into cells (`a │ b │ c`) once their layout is checked against docker's;
 * a table not laid out as docker lays it out keeps a line `!misaligned: …` that no docker output
 * has. Everything else stays as it is.
 */
export function canonicalTables(text: string): string {
  const lines = text.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const starts = headerColumns(lines[i]!)
    if (!starts) {
      out.push(lines[i]!)
      continue
    }
    // a table ends at a blank line or at the transcript's own markers (`--- stderr`, `$ next command`)
    let j = i + 1
    while (j < lines.length && lines[j] !== '' && !/^(--- |\$ )/.test(lines[j]!)) j++
    const block = lines.slice(i, j)
    const rows = block.map((l) => cellsAt(l, starts))
    const expected = render(rows)
    block.forEach((l, k) => {
      out.push(rows[k]!.join(' │ '))
      if (l.trimEnd() !== expected[k]) out.push(`!misaligned: ${JSON.stringify(l)} (docker's layout: ${JSON.stringify(expected[k])})`)
    })
    i = j - 1
  }
  return out.join('\n')
}

/**
 * IDs → <id1>, <id2>… by first appearance (a 12-hex short form shares its full ID's placeholder);
 * the host's kernel release → <kernel>; relative times → <ago>. Spaces are kept.
 */
export function strictNormalizer(kernel: string) {
  const seen: string[] = []
  const idOf = (hex: string) => {
    let i = seen.findIndex((h) => h.startsWith(hex) || hex.startsWith(h))
    if (i < 0) i = seen.push(hex) - 1
    else if (hex.length > seen[i]!.length) seen[i] = hex
    return `<id${i + 1}>`
  }
  return (text: string) =>
    (kernel ? text.split(kernel).join('<kernel>') : text)
      .replace(/DEPRECATED: The legacy builder[\s\S]*?environment-variable\.\n\n?/g, '')
      .replace(/\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b/g, (m) => idOf(m))
      .replace(/(Less than a second|About a minute|About an hour|\d+ (seconds?|minutes?|hours?|days?|weeks?|months?|years?)) ago/g, '<ago>')
      .replace(/Up (Less than a second|About a minute|About an hour|\d+ \w+)/g, 'Up <t>')
      // the shared registry keeps what earlier runs and other tests pushed: whether a layer was sent,
      // already there or mounted from another repository depends on that history, not on the engine
      .replace(/^(<id\d+>): (Pushed|Layer already exists|Mounted from \S+)$/gm, '$1: <pushed or already in the registry>')
      // the daemon sends "Verifying Checksum" for a small layer only when its progress throttle lets it through
      .replace(/^<id\d+>: Verifying Checksum\n/gm, '')
      // manifest sizes count the registry's compressed layers
      .replace(/(: digest: sha256:<id\d+>) size: \d+$/gm, '$1 size: <bytes>')
      .replace(/"CreatedAt":"[^"]*"/g, '"CreatedAt":"<time>"')
      .replace(/\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC\b/g, '<time>')
}

/** Layers upload concurrently: a run of push completion lines is compared in layer order, not finishing order. */
export function sortUploads(lines: string[]): string[] {
  const done = /^<id(\d+)>: <pushed or already in the registry>$/
  const out: string[] = []
  for (const line of lines) {
    const m = done.exec(line)
    if (!m) {
      out.push(line)
      continue
    }
    let i = out.length
    while (i > 0 && done.test(out[i - 1]!) && Number(done.exec(out[i - 1]!)![1]) > Number(m[1])) i--
    out.splice(i, 0, line)
  }
  return out
}

/** One command's part of a transcript: stdout and stderr apart, then the exit code. */
export function entry(template: string, r: Result): string {
  return `$ ${template}\n--- stdout\n${r.out}${r.out && !r.out.endsWith('\n') ? '\n' : ''}--- stderr\n${r.err}${r.err && !r.err.endsWith('\n') ? '\n' : ''}--- exit ${r.code}\n`
}

export interface Chunk {
  /** the transcript's command line the difference sits under */
  at: string
  ours: string[]
  real: string[]
}

/** A line diff (longest common subsequence), grouped into chunks under the command they follow. */
export function diffChunks(ours: string[], real: string[]): Chunk[] {
  const n = ours.length
  const m = real.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = ours[i] === real[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const chunks: Chunk[] = []
  let at = ''
  let cur: Chunk | null = null
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && ours[i] === real[j]) {
      if (ours[i]!.startsWith('$ ')) at = ours[i]!
      cur = null
      i++
      j++
      continue
    }
    if (!cur) chunks.push((cur = { at, ours: [], real: [] }))
    if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) cur.real.push(real[j++]!)
    else cur.ours.push(ours[i++]!)
  }
  return chunks
}

/**
 * A difference known by name: where it sits (the command, as a pattern over the transcript's `$ …`
 * line) and why. Every chunk must be claimed by one, and every one must claim a chunk.
 */
export interface Known {
  name: string
  why: string
  at: RegExp
}

export function judge(chunks: Chunk[], known: Known[]): { unexplained: Chunk[]; unused: Known[] } {
  const used = new Set<Known>()
  const unexplained: Chunk[] = []
  for (const c of chunks) {
    const k = known.find((x) => x.at.test(c.at))
    if (k) used.add(k)
    else unexplained.push(c)
  }
  return { unexplained, unused: known.filter((k) => !used.has(k)) }
}

export function showChunks(chunks: Chunk[]): string {
  return chunks.map((c) => `under ${c.at}\n${c.ours.map((l) => `  ours: ${l}`).join('\n')}\n${c.real.map((l) => `  real: ${l}`).join('\n')}`).join('\n')
}
