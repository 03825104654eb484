import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fastSplit, shellQuoteSplit, splitLine } from '.'

describe('splitLine fast path', () => {
  it('splits the usual learner lines without shell-quote', () => {
    expect(fastSplit(`docker run -d --name web ubuntu:14.04 sh -c 'echo hi > /f'`)).toEqual(['docker', 'run', '-d', '--name', 'web', 'ubuntu:14.04', 'sh', '-c', 'echo hi > /f'])
    expect(fastSplit(`docker inspect -f "{{.State.Status}} {{json .Config}}" web`)).toEqual(['docker', 'inspect', '-f', '{{.State.Status}} {{json .Config}}', 'web'])
    expect(fastSplit(`docker ps --format 'table {{.ID}}\\t{{.Names}}'`)).toEqual(['docker', 'ps', '--format', 'table {{.ID}}\\t{{.Names}}'])
    expect(fastSplit(`a''b "" ''`)).toEqual(['ab', '', ''])
    expect(fastSplit('  \t ')).toEqual([])
  })

  it('leaves $, backslashes, operators, comments, unterminated quotes and non-ASCII to shell-quote', () => {
    for (const line of ['echo $HOME', 'a\\ b', 'ps | grep', 'a; b', 'x # c', `'open`, '"open', 'é', 'a\nb', '"a$b"', '"a\\"b"']) expect(fastSplit(line)).toBeNull()
  })

  it('agrees with shell-quote on every line it answers', () => {
    const alphabet = fc.constantFrom(' ', '\t', 'a', 'Z', '0', '-', '=', ':', '/', '.', '{', '}', '*', '?', "'", '"', '$', '\\', '|', '&', ';', '(', ')', '<', '>', '#', '~', '!', '`', 'é', '\u00a0', '\n', '\u0000', '[', ']', ',', '@')
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (chars) => {
        const line = chars.join('')
        const fast = fastSplit(line)
        let slow: string[] | string
        try {
          slow = shellQuoteSplit(line)
        } catch (e) {
          slow = `error: ${(e as Error).message}`
        }
        if (fast !== null) expect(fast).toEqual(slow)
        let full: string[] | string
        try {
          full = splitLine(line)
        } catch (e) {
          full = `error: ${(e as Error).message}`
        }
        expect(full).toEqual(slow)
      }),
      { numRuns: 5_000 },
    )
  })
})

describe('other fast paths agree with the plain versions', () => {
  it('normPath: the already-normal shortcut changes no result', async () => {
    const { normPath } = await import('../sim/layerfs')
    const slow = (p: string, cwd = '/') => {
      const parts: string[] = []
      for (const seg of (p.startsWith('/') ? p : `${cwd}/${p}`).split('/')) {
        if (seg === '' || seg === '.') continue
        if (seg === '..') parts.pop()
        else parts.push(seg)
      }
      return '/' + parts.join('/')
    }
    const seg = fc.constantFrom('', '.', '..', 'a', 'bin', '...', '.a', 'a.', '..b')
    fc.assert(
      fc.property(fc.boolean(), fc.array(seg, { maxLength: 6 }), fc.constantFrom('/', '/x', '/x/y', '/x/'), (abs, segs, cwd) => {
        const p = (abs ? '/' : '') + segs.join('/')
        expect(normPath(p, cwd)).toBe(slow(p, cwd))
      }),
      { numRuns: 3000 },
    )
  })

  it('table: same text as the plain tabwriter port', async () => {
    const { table } = await import('./format')
    const plain = (rows: string[][]) => {
      if (rows.length === 0) return ''
      const cols = Math.max(...rows.map((r) => r.length))
      const widths: number[] = []
      for (let c = 0; c < cols - 1; c++) widths.push(Math.max(10, Math.max(...rows.map((r) => [...(r[c] ?? '')].length)) + 3))
      return rows.map((r) => r.map((cell, c) => (c < cols - 1 ? cell + ' '.repeat(Math.max(0, widths[c] - [...cell].length)) : cell)).join('').replace(/\s+$/, '') + '\n').join('')
    }
    const cell = fc.oneof(fc.string({ maxLength: 14 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('', ' ', '😀', '\ud800', 'a\u00a0', 'b\v', 'c\f', '\t'))
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 5 }), (rows) => {
        expect(table(rows)).toBe(plain(rows))
      }),
      { numRuns: 2000 },
    )
  })
})

describe('the container shell’s tokenizer', () => {
  it('agrees with shell-quote on every script it answers', async () => {
    const { fastTokens } = await import('../tokenize')
    const { parse } = await import('shell-quote')
    expect(fastTokens(`echo 1 > /f && cat /f; ls -l /tmp || echo "no tmp" >> /log`)).toEqual(['echo', '1', { op: '>' }, '/f', { op: '&&' }, 'cat', '/f', { op: ';' }, 'ls', '-l', '/tmp', { op: '||' }, 'echo', 'no tmp', { op: '>>' }, '/log'])
    const alphabet = fc.constantFrom(' ', '\t', 'a', '1', '-', '=', '/', '.', '{', '}', '*', '?', "'", '"', '$', '\\', '|', '&', ';', '(', ')', '<', '>', '#', '~', 'é', '\n', '[')
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }), (chars) => {
        const script = chars.join('')
        const fast = fastTokens(script)
        if (fast === null) return
        let slow: unknown
        try {
          slow = parse(script, (k: string) => (k === 'HOME' ? '/root' : ''))
        } catch (e) {
          slow = `error: ${(e as Error).message}`
        }
        expect(fast).toEqual(slow)
      }),
      { numRuns: 5_000 },
    )
  })
})
