/**
 * App settings on disk: `settings.json` in the user-data folder (today: the registry mirror),
 * written atomically (write-file-atomic: a crash mid-write leaves the old file or the new one).
 * A file that does not validate is renamed aside (never deleted), the defaults are used and the
 * settings screen says so. Kept apart from progress.json on purpose: progress is exported and
 * imported between machines, a mirror is this machine's network.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import * as v from 'valibot'
import writeFileAtomic from 'write-file-atomic'
import { parseRegistryMirror } from '../shared/registry-mirror'
import type { SettingsNotice } from '../shared/contract'
import { loadJsonFile, settleJsonLoad } from './json-file'

export interface AppSettings {
  version: 1
  /** normalised (parseRegistryMirror), or null */
  registryMirror: string | null
}

const SettingsSchema = v.object({
  version: v.literal(1),
  registryMirror: v.nullable(
    v.pipe(
      v.string(),
      v.check((s) => {
        const r = parseRegistryMirror(s)
        return r.ok && r.mirror === s
      }, 'not a valid registry mirror'),
    ),
  ),
})

export function defaultSettings(): AppSettings {
  return { version: 1, registryMirror: null }
}

export function parseSettings(text: string): AppSettings {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message})`)
  }
  const r = v.safeParse(SettingsSchema, data)
  if (!r.success) {
    const issue = r.issues[0]
    const field = issue.path?.map((p) => String(p.key)).join('.') || '(root)'
    throw new Error(`${field}: ${issue.message}`)
  }
  return { version: 1, registryMirror: r.output.registryMirror }
}

export interface SettingsStore {
  readonly file: string
  /** Set when the file could not be used at start. */
  readonly notice: SettingsNotice | null
  get(): AppSettings
  /** Changes and saves; resolves once the file is written (rejects if it could not be, nothing changed). */
  update(fn: (s: AppSettings) => void): Promise<AppSettings>
}

export async function createSettingsStore(dataDir: string, opts: { log?: (l: string) => void } = {}): Promise<SettingsStore> {
  const file = path.join(dataDir, 'settings.json')
  const { value, problem } = settleJsonLoad(await loadJsonFile(file, parseSettings), 'settings.json', 'settings', opts.log)
  const notice: SettingsNotice | null = problem
  let settings = value ?? defaultSettings()
  let writing: Promise<unknown> = Promise.resolve()
  return {
    file,
    get notice() {
      return notice
    },
    get: () => ({ ...settings }),
    update(fn) {
      // in order, each from the state the previous one left (no lost update)
      const job = writing.catch(() => {}).then(async () => {
        const next = { ...settings }
        fn(next)
        const data = JSON.stringify(next, null, 2) + '\n'
        await fs.mkdir(dataDir, { recursive: true })
        await writeFileAtomic(file, data)
        settings = next
        return { ...next }
      })
      writing = job
      return job
    },
  }
}
