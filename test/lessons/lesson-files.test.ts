// Schema-validates every lesson file and checks every text is written in both languages.
// Runs without an engine or the CLI, so it guards the data even while those are being built.
import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { loadLessons } from '../../src/main/lessons-service'

const dir = path.resolve(__dirname, '../../lessons')

function texts(x: unknown, at: string, out: Array<[string, Record<string, unknown>]>): void {
  if (Array.isArray(x)) x.forEach((y, i) => texts(y, `${at}[${i}]`, out))
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>
    if ('en' in o || 'zh-CN' in o) out.push([at, o])
    else for (const [k, y] of Object.entries(o)) texts(y, `${at}.${k}`, out)
  }
}

describe('lesson files', () => {
  it('all parse, have unique ids and orders, and every text exists in en and zh-CN', async () => {
    const lessons = await loadLessons(dir)
    expect(lessons.length).toBeGreaterThanOrEqual(10)
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length)
    for (const l of lessons) {
      const found: Array<[string, Record<string, unknown>]> = []
      texts(l, l.id, found)
      expect(found.length).toBeGreaterThan(0)
      for (const [at, t] of found) {
        expect(typeof t.en === 'string' && t.en.trim().length > 0, `${at}.en`).toBe(true)
        const zh = t['zh-CN']
        // a text that is only a command may be the same in both languages; anything else must be Chinese
        const ok = typeof zh === 'string' && (/[\u4e00-\u9fff]/.test(zh) || (zh === t.en && /^`[^`]+`$/.test(zh)))
        expect(ok, `${at}.zh-CN is written in Chinese`).toBe(true)
      }
      for (const s of l.steps) expect(s.solution.length, `${l.id}/${s.id} solution`).toBeGreaterThan(0)
    }
  })
})
