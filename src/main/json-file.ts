/**
 * Reading one of Layerlab's own JSON state files (progress.json, settings.json) at start: missing
 * is fine, unreadable is reported, and a file that does not parse is set aside as
 * `<file>.corrupt-<time>` (never deleted) so the defaults can be used and nothing is lost.
 */
import { promises as fs } from 'node:fs'

export type JsonFileLoad<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'missing' }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'corrupt'; error: Error; aside: string | null }

export async function loadJsonFile<T>(file: string, parse: (text: string) => T): Promise<JsonFileLoad<T>> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    return { kind: 'unreadable', detail: `could not read ${file}: ${(e as Error).message}` }
  }
  try {
    return { kind: 'ok', value: parse(text) }
  } catch (e) {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
    const moved = await fs.rename(file, aside).then(
      () => true,
      () => false,
    )
    return { kind: 'corrupt', error: e as Error, aside: moved ? aside : null }
  }
}

/** Why a file could not be used at start (its load was 'unreadable' or 'corrupt'), as the stores report it. */
export interface JsonFileProblem {
  code: 'unreadable' | 'corrupt'
  /** the file renamed aside, or null (unreadable: left where it is; or the rename failed) */
  aside: string | null
  /** English, for logs and the notice: `<name> could not be read (…); it was kept as <aside>` */
  detail: string
}

/**
 * A store's start: the loaded value (undefined when the file was missing or could not be used) and
 * the problem, if any; a corrupt file is logged as `[tag] detail`.
 */
export function settleJsonLoad<T>(loaded: JsonFileLoad<T>, name: string, tag: string, log?: (line: string) => void): { value: T | undefined; problem: JsonFileProblem | null } {
  if (loaded.kind === 'ok') return { value: loaded.value, problem: null }
  if (loaded.kind === 'missing') return { value: undefined, problem: null }
  if (loaded.kind === 'unreadable') return { value: undefined, problem: { code: 'unreadable', aside: null, detail: loaded.detail } }
  const { aside } = loaded
  const detail = `${name} could not be read (${loaded.error.message})${aside ? `; it was kept as ${aside}` : ''}`
  log?.(`[${tag}] ${detail}`)
  return { value: undefined, problem: { code: 'corrupt', aside, detail } }
}
