import { afterEach, describe, expect, it } from 'vitest'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createSettingsStore, parseSettings } from './settings-store'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})
async function tmp() {
  const d = await mkdtemp(path.join(os.tmpdir(), 'll-settings-'))
  dirs.push(d)
  return d
}

describe('settings store', () => {
  it('starts with defaults, saves atomically, and a new store on the same folder reads it back', async () => {
    const dir = await tmp()
    const s = await createSettingsStore(dir)
    expect(s.get()).toEqual({ version: 1, registryMirror: null })
    expect(s.notice).toBeNull()
    await s.update((x) => (x.registryMirror = '127.0.0.1:5000'))
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'))).toEqual({ version: 1, registryMirror: '127.0.0.1:5000' })
    // write-file-atomic leaves no temporary file behind
    expect(await readdir(dir)).toEqual(['settings.json'])
    expect((await createSettingsStore(dir)).get().registryMirror).toBe('127.0.0.1:5000')
  })

  it('updates made at once are applied in order, none lost', async () => {
    const dir = await tmp()
    const s = await createSettingsStore(dir)
    await Promise.all(['a.example.com', 'b.example.com', 'c.example.com'].map((m) => s.update((x) => (x.registryMirror = m))))
    expect(s.get().registryMirror).toBe('c.example.com')
    expect((await createSettingsStore(dir)).get().registryMirror).toBe('c.example.com')
  })

  it('a corrupt file is kept aside (not deleted), the defaults used, and a notice says where it is', async () => {
    for (const text of ['{"version":1,"registryMirror":', '{"version":2}', '{"version":1,"registryMirror":"file:///etc/passwd"}', '[]']) {
      const dir = await tmp()
      await writeFile(path.join(dir, 'settings.json'), text)
      const s = await createSettingsStore(dir)
      expect(s.get(), text).toEqual({ version: 1, registryMirror: null })
      expect(s.notice, text).toMatchObject({ code: 'corrupt' })
      expect(s.notice!.detail).toMatch(/settings\.json could not be read/)
      const aside = s.notice!.aside!
      expect(path.basename(aside)).toMatch(/^settings\.json\.corrupt-/)
      expect(await readFile(aside, 'utf8')).toBe(text) // nothing lost
      // saving again works and does not touch the kept file
      await s.update((x) => (x.registryMirror = 'mirror.example.com'))
      expect(await readFile(aside, 'utf8')).toBe(text)
    }
  })

  it('a failed write rejects and leaves the settings as they were', async () => {
    const dir = await tmp()
    const s = await createSettingsStore(dir)
    await s.update((x) => (x.registryMirror = 'a.example.com'))
    // the file's place taken by a folder: the atomic rename fails (for root too)
    await rm(path.join(dir, 'settings.json'))
    await mkdir(path.join(dir, 'settings.json'))
    await expect(s.update((x) => (x.registryMirror = 'b.example.com'))).rejects.toThrow()
    expect(s.get().registryMirror).toBe('a.example.com')
    // the next write is not blocked by the failed one
    await rm(path.join(dir, 'settings.json'), { recursive: true })
    await s.update((x) => (x.registryMirror = 'c.example.com'))
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')).registryMirror).toBe('c.example.com')
  })

  it('parseSettings refuses unknown versions and non-normalised mirrors', () => {
    expect(() => parseSettings('{"version":1,"registryMirror":"HTTP://X.example.com"}')).toThrow(/registryMirror/)
    expect(parseSettings('{"version":1,"registryMirror":null}')).toEqual({ version: 1, registryMirror: null })
  })
})
