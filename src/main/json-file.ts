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
