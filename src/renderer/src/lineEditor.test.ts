import { describe, expect, it } from 'vitest'
import { LineEditor, charWidth, clearRendered, render, textWidth, typed } from './lineEditor'

/** an editor after these keys; `|` in the result marks the cursor */
function after(keys: string[], history: string[] = [], start = '') {
  const ed = new LineEditor(history)
  if (start) ed.key(start)
  for (const k of keys) ed.key(k)
  return ed
}
const shown = (ed: LineEditor) => ed.line.slice(0, ed.cursor) + '|' + ed.line.slice(ed.cursor)

const LEFT = '\x1b[D'
const RIGHT = '\x1b[C'
const UP = '\x1b[A'
const DOWN = '\x1b[B'

describe('LineEditor: editing', () => {
  it('inserts typed keys and pastes at the cursor; Backspace and Delete', () => {
    expect(shown(after(['d', 'o', 'c']))).toBe('doc|')
    expect(shown(after([LEFT, LEFT, 'X'], [], 'abc'))).toBe('aX|bc')
    expect(shown(after(['\x7f'], [], 'abc'))).toBe('ab|')
    expect(shown(after([LEFT, '\x1b[3~'], [], 'abc'))).toBe('ab|')
    expect(shown(after(['\x01', '\x04'], [], 'abc'))).toBe('|bc')
    expect(shown(after(['\x01', '\x7f'], [], 'abc'))).toBe('|abc')
  })
  it('drops control characters and whatever would be drawn as an escape; odd spaces become spaces', () => {
    expect(shown(after(['docker ps\r\n', '\x07', '\x1b[2J']))).toBe('docker ps|')
    expect(typed('a\u202eb\u200bc\u0085d\u00a0e\tf')).toBe('abcd ef')
    expect(typed('你好 ünï')).toBe('你好 ünï')
    // an escape sequence that is no key of the editor changes nothing
    expect(after(['\x1b[5~'], [], 'abc').key('\x1b[5~')).toBe(false)
  })
  it('moves: Left/Right, Ctrl-B/F, Home/End (every spelling), Ctrl-A/E; not past the ends', () => {
    const ed = after([], [], 'docker ps')
    for (const home of ['\x1b[H', '\x1bOH', '\x1b[1~', '\x01']) {
      ed.key('\x05')
      ed.key(home)
      expect(ed.cursor).toBe(0)
    }
    for (const end of ['\x1b[F', '\x1bOF', '\x1b[4~', '\x05']) {
      ed.key('\x01')
      ed.key(end)
      expect(ed.cursor).toBe(9)
    }
    expect(ed.key(RIGHT)).toBe(false)
    ed.key('\x02')
    expect(ed.cursor).toBe(8)
    ed.key('\x06')
    expect(ed.cursor).toBe(9)
    ed.key('\x01')
    expect(ed.key(LEFT)).toBe(false)
  })
  it('moves by words: Alt-B/F, Ctrl- and Alt-arrows', () => {
    const ed = after([], [], 'docker rm -f web-server')
    ed.key('\x1bb')
    expect(shown(ed)).toBe('docker rm -f web-|server')
    ed.key('\x1b[1;5D')
    expect(shown(ed)).toBe('docker rm -f |web-server')
    ed.key('\x1b[1;3D')
    expect(shown(ed)).toBe('docker rm -|f web-server')
    ed.key('\x1bf')
    expect(shown(ed)).toBe('docker rm -f| web-server')
    ed.key('\x1b[1;5C')
    expect(shown(ed)).toBe('docker rm -f web|-server')
    ed.key('\x1b[1;3C')
    ed.key('\x1bf')
    expect(shown(ed)).toBe('docker rm -f web-server|')
  })
  it('kills: Ctrl-K to the end, Ctrl-U to the start, Ctrl-W a word, Alt-Backspace and Alt-D; Ctrl-Y yanks it back', () => {
    expect(shown(after(['\x1bb', '\x0b'], [], 'docker ps -a'))).toBe('docker ps -|')
    expect(shown(after(['\x1bb', '\x15'], [], 'docker ps -a'))).toBe('|a')
    expect(shown(after(['\x17'], [], 'docker rm -f web-server  '))).toBe('docker rm -f |')
    expect(shown(after(['\x17', '\x17'], [], 'docker rm -f web-server'))).toBe('docker rm |')
    expect(shown(after(['\x1b\x7f'], [], 'docker rm -f web-server'))).toBe('docker rm -f web-|')
    expect(shown(after(['\x01', '\x1bd'], [], 'docker rm'))).toBe('| rm')
    expect(shown(after(['\x17', '\x01', '\x19'], [], 'docker ps'))).toBe('ps|docker ')
    expect(after([], [], 'x').key('\x19')).toBe(false)
    expect(after(['\x05'], [], 'x').key('\x0b')).toBe(false)
  })
  it('Ctrl-T swaps the characters before the cursor (at the end) or around it', () => {
    expect(shown(after(['\x14'], [], 'dokcer'))).toBe('dokcre|')
    expect(shown(after([LEFT, LEFT, LEFT, '\x14'], [], 'dokcer'))).toBe('dock|er')
    expect(after(['\x01'], [], 'ab').key('\x14')).toBe(false)
  })
  it('replace puts a completion in place of a word, the cursor after it', () => {
    const ed = after([LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT], [], 'docker ins --size')
    ed.replace(7, 10, 'inspect ')
    expect(shown(ed)).toBe('docker inspect | --size')
  })
})

describe('LineEditor: history', () => {
  const history = ['docker ps', 'docker images', 'docker run ubuntu:14.04 echo hi']
  it('Up/Down and Ctrl-P/N walk it; Down past the newest brings back the line being written', () => {
    const ed = after(['docker r'], history)
    ed.key(UP)
    expect(shown(ed)).toBe('docker run ubuntu:14.04 echo hi|')
    ed.key('\x10')
    expect(ed.line).toBe('docker images')
    ed.key(UP)
    expect(ed.line).toBe('docker ps')
    expect(ed.key(UP)).toBe(false)
    ed.key('\x0e')
    ed.key(DOWN)
    expect(ed.line).toBe('docker run ubuntu:14.04 echo hi')
    ed.key(DOWN)
    expect(shown(ed)).toBe('docker r|')
    expect(ed.key(DOWN)).toBe(false)
  })
  it('an empty history: Up does nothing', () => {
    expect(after([], []).key(UP)).toBe(false)
  })
  it('submit gives the line and starts afresh, at the newest entry; it reads the history the caller grows', () => {
    const h: string[] = []
    const ed = new LineEditor(h)
    ed.key('docker ps')
    expect(ed.submit()).toBe('docker ps')
    h.push('docker ps')
    expect(shown(ed)).toBe('|')
    ed.key(UP)
    expect(ed.line).toBe('docker ps')
    ed.key('x')
    ed.reset()
    expect(shown(ed)).toBe('|')
    ed.key(UP)
    expect(ed.line).toBe('docker ps')
  })
})

describe('LineEditor: reverse search (Ctrl-R)', () => {
  const history = ['docker ps', 'docker run -d --name web nginx', 'docker images', 'docker rm -f web']
  it('finds the newest entry holding what is typed, the cursor on the match, with bash’s prompt', () => {
    const ed = after(['\x12'], history)
    expect(ed.searching).toBe(true)
    expect(ed.prompt('$ ')).toBe("(reverse-i-search)`': ")
    ed.key('w')
    ed.key('e')
    ed.key('b')
    expect(shown(ed)).toBe('docker rm -f |web')
    expect(ed.prompt('$ ')).toBe("(reverse-i-search)`web': ")
    // Ctrl-R again: the one before
    ed.key('\x12')
    expect(shown(ed)).toBe('docker run -d --name |web nginx')
    // none older: the search fails, the line stays
    ed.key('\x12')
    expect(ed.prompt('$ ')).toBe("(failing reverse-i-search)`web': ")
    expect(ed.line).toBe('docker run -d --name web nginx')
  })
  it('Backspace shortens the query; Enter (submit) runs what was found', () => {
    const ed = after(['\x12', 'i', 'm', 'x'], history)
    expect(ed.prompt('$ ')).toContain('failing')
    ed.key('\x7f')
    expect(ed.line).toBe('docker images')
    expect(ed.prompt('$ ')).toBe("(reverse-i-search)`im': ")
    expect(ed.submit()).toBe('docker images')
    expect(ed.searching).toBe(false)
  })
  it('Esc and Ctrl-G bring back the line from before; another key keeps the line found and acts', () => {
    for (const cancel of ['\x1b', '\x07']) {
      const ed = after(['\x12', 'p', 's', cancel], history, 'dock')
      expect(shown(ed)).toBe('dock|')
      expect(ed.searching).toBe(false)
    }
    const ed = after(['\x12', 'p', 's', '\x05'], history)
    expect(shown(ed)).toBe('docker ps|')
    expect(ed.searching).toBe(false)
    expect(ed.prompt('$ ')).toBe('$ ')
    // after it, Down goes on from the entry found
    ed.key(DOWN)
    expect(ed.line).toBe('docker run -d --name web nginx')
  })
  it('endSearch(false) when cancelled; Backspace on an empty query does nothing', () => {
    const ed = after(['\x12'], history, 'x')
    expect(ed.key('\x7f')).toBe(false)
    ed.key('ima')
    expect(ed.line).toBe('docker images')
    ed.endSearch(false)
    expect(shown(ed)).toBe('x|')
    ed.key(UP)
    expect(ed.line).toBe('docker rm -f web')
  })
})

describe('render: the prompt and a line that wraps', () => {
  it('one row: clears from the start of the row, draws, puts the cursor back', () => {
    expect(render('$ ', 'docker ps', 9, 80, 0)).toEqual({ out: '\r\x1b[J$ docker ps\r\x1b[11C', cursorRow: 0 })
    expect(render('$ ', 'docker ps', 0, 80, 0)).toEqual({ out: '\r\x1b[J$ docker ps\r\x1b[2C', cursorRow: 0 })
    expect(render('', '', 0, 80, 0).out).toBe('\r\x1b[J\r')
  })
  it('wrapped: moves up to the prompt row first, then to the cursor’s row and column', () => {
    // '$ ' + 18 characters on a 10 column terminal: rows of 10, 10; the cursor after 'abc' is at cell 5
    const r = render('$ ', 'abcdefghijklmnopqr', 3, 10, 1)
    expect(r).toEqual({ out: '\x1b[1A\r\x1b[J$ abcdefghijklmnopqr\r\n\x1b[2A\r\x1b[5C', cursorRow: 0 })
    const end = render('$ ', 'abcdefghijklmnopq', 17, 10, 0)
    expect(end).toEqual({ out: '\r\x1b[J$ abcdefghijklmnopq\r\x1b[9C', cursorRow: 1 })
  })
  it('a row filled to the last column: the cursor goes to the next row explicitly', () => {
    const r = render('$ ', 'abcdefgh', 8, 10, 0)
    expect(r).toEqual({ out: '\r\x1b[J$ abcdefgh\r\n\r', cursorRow: 1 })
  })
  it('wide characters take two cells, and one that does not fit in the last column starts the next row', () => {
    expect(charWidth('你')).toBe(2)
    expect(charWidth('a')).toBe(1)
    expect(charWidth('\u0301')).toBe(0)
    expect(textWidth('echo 你好')).toBe(9)
    // '$ ' + 'abcdefg' = 9 cells; '你' does not fit in the 10th, so it goes to row 1 (cells 0-1)
    expect(render('$ ', 'abcdefg你', 8, 10, 0)).toEqual({ out: '\r\x1b[J$ abcdefg你\r\x1b[2C', cursorRow: 1 })
  })
  it('clearRendered goes up to the prompt row and clears to the end of the screen', () => {
    expect(clearRendered(0)).toBe('\r\x1b[J')
    expect(clearRendered(2)).toBe('\x1b[2A\r\x1b[J')
  })
})
