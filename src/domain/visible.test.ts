import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { goEscape, visibleControls, visibleText } from './visible'
import { goQuote } from './cli/format'

describe('visibleControls', () => {
  it('shows escape sequences as text', () => {
    expect(visibleControls('\x1b[2J\x1b[31mfake\x1b[0m')).toBe('\\x1b[2J\\x1b[31mfake\\x1b[0m')
    // OSC 8 hyperlink and OSC 0 title, terminated by BEL
    expect(visibleControls('\x1b]8;;https://evil.example/\x07x\x1b]8;;\x07')).toBe('\\x1b]8;;https://evil.example/\\ax\\x1b]8;;\\a')
    expect(visibleControls('a\rb\x7f\x00\t')).toBe('a\\rb\\x7f\\x00\\t')
  })

  it('writes C1 controls, bidi overrides and zero-width characters as \\u escapes', () => {
    expect(visibleControls('\u009b2J')).toBe('\\u009b2J')
    expect(visibleControls('evil\u202etxt.exe')).toBe('evil\\u202etxt.exe')
    expect(visibleControls('\u2066x\u2069\u200b')).toBe('\\u2066x\\u2069\\u200b')
  })

  it('keeps what it is asked to keep, printable text of any script, and can mark each escape', () => {
    expect(visibleControls('a\nb\tc\r', '\n\t')).toBe('a\nb\tc\\r')
    expect(visibleText('a\nb')).toBe('a\\nb')
    expect(visibleText('镜像 ubuntu:14.04 — é ✓ 🐳')).toBe('镜像 ubuntu:14.04 — é ✓ 🐳')
    expect(visibleText(undefined)).toBe('')
    expect(visibleControls('x\x1by', '', (e) => `[${e}]`)).toBe('x[\\x1b]y')
  })

  it('leaves no non-printable character behind, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = visibleControls(s, '\n')
        for (const ch of out) if (ch !== '\n') expect(goEscape(ch), JSON.stringify(ch)).toBeNull()
        // text of printable characters is unchanged
        if ([...s].every((ch) => ch === '\n' || goEscape(ch) === null)) expect(out).toBe(s)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('goQuote (strconv.Quote, as docker ps quotes a command)', () => {
  it('escapes quotes, backslashes and non-printable characters the way Go does', () => {
    expect(goQuote("sh -c 'echo hi'")).toBe(`"sh -c 'echo hi'"`)
    expect(goQuote('echo a\tb  x"y\\z')).toBe('"echo a\\tb  x\\"y\\\\z"')
    expect(goQuote("sh -c 'echo '\x1b[31mX…")).toBe(`"sh -c 'echo '\\x1b[31mX…"`)
    expect(goQuote('x\u202e\u00a0')).toBe('"x\\u202e\\u00a0"')
  })
})
