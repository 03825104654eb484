/**
 * For the lesson tests on the LIVE daemon: the daemon (or why there is none: with CI=true that fails
 * the file, elsewhere it is printed and the tests skip with it), and a throwaway lesson of the test's
 * own (names with a per-run suffix: the daemon is shared) written to a temporary lessons folder.
 */
import { afterAll, beforeAll } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { selectEngine } from '../../src/main/engine-select'
import { createSimulator } from '../../src/domain/sim'
import type { DockerEngine } from '../../src/domain/engine'

/** The live daemon, or null and why not (`check` adds what else the file needs of it: '' when there). */
export async function liveDaemon(label: string, check: (d: DockerEngine) => Promise<string>): Promise<{ daemon: DockerEngine | null; why: string }> {
  const chosen = await selectEngine({ mode: 'live', createSimulator: () => createSimulator() })
  const daemon = chosen.engine.kind === 'live' ? (chosen.engine as DockerEngine) : null
  const why = daemon ? await check(daemon) : `no Docker daemon (${chosen.status.reason})`
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`)
  if (why) console.log(`[${label}] skipped: ${why}`)
  return { daemon, why }
}

export const text = (en: string) => ({ en, 'zh-CN': en })

/** A step of a throwaway lesson (its title is its id). */
export const step = (id: string, body: string, check: unknown, solution: string[]) => ({
  id,
  title: text(id),
  body: text(body),
  action: { type: 'command', example: solution[0] },
  check,
  hints: [],
  solution,
})

/** Writes the lesson to a temporary lessons folder before the file's tests and removes it after; `dir()` is that folder. */
export function useLessonDir(lesson: { id: string; title: string; setup: string[]; steps: unknown[] }): { dir: () => string } {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'll-live-lessons-'))
    const doc = { id: lesson.id, sequence: 'test', order: 1, kind: 'lesson', title: text(lesson.title), summary: text('A throwaway lesson'), setup: lesson.setup, steps: lesson.steps }
    await writeFile(path.join(dir, `${lesson.id}.json`), JSON.stringify(doc))
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })
  return { dir: () => dir }
}
