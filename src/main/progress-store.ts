/**
 * Lesson progress on disk: `progress.json` in the user-data folder, written atomically, validated
 * on load. A file that does not validate is renamed aside (never deleted) and the learner told.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import * as v from 'valibot'
import writeFileAtomic from 'write-file-atomic'
import type { ProgressFile, ProgressImportReason } from '../shared/contract'
import { loadJsonFile, settleJsonLoad } from './json-file'

const LessonProgressSchema = v.object({
  lessonId: v.string(),
  currentStep: v.pipe(v.number(), v.integer(), v.minValue(0)),
  passed: v.array(v.boolean()),
  completed: v.boolean(),
  commands: v.pipe(v.number(), v.integer(), v.minValue(0)),
  sandbox: v.optional(v.pipe(v.string(), v.maxLength(300))),
})

const ProgressSchema = v.object({
  version: v.literal(1),
  locale: v.nullable(v.picklist(['en', 'zh-CN'])),
  activeLesson: v.nullable(v.string()),
  lessons: v.record(v.string(), LessonProgressSchema),
  welcomed: v.optional(v.boolean()),
})

export interface ProgressStore {
  readonly file: string
  /** Set when a corrupt file was set aside at load. */
  readonly notice: string | null
  get(): ProgressFile
  update(fn: (p: ProgressFile) => void): Promise<ProgressFile>
  exportText(): string
  importText(text: string): Promise<ProgressFile>
}

export function emptyProgress(): ProgressFile {
  return { version: 1, locale: null, activeLesson: null, lessons: {} }
}

/** A progress text that does not validate: the English message, and the reason as a code. */
export class ProgressParseError extends Error {
  override readonly name = 'ProgressParseError'
  constructor(
    message: string,
    readonly reason: ProgressImportReason,
  ) {
    super(message)
  }
}

export function parseProgress(text: string): ProgressFile {
  if (!text.trim()) throw new ProgressParseError('empty', { code: 'empty' })
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new ProgressParseError(`not JSON (${(e as Error).message})`, { code: 'notJson' })
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ProgressParseError('(root): not an object', { code: 'notProgress' })
  const version = (data as { version?: unknown }).version
  if (version !== 1) {
    throw new ProgressParseError(`version: expected 1, found ${JSON.stringify(version) ?? 'none'}`, { code: 'version', version: version === undefined ? '—' : String(JSON.stringify(version)).slice(0, 20) })
  }
  const r = v.safeParse(ProgressSchema, data)
  if (!r.success) {
    const issue = r.issues[0]
    const field = issue.path?.map((p) => String(p.key)).join('.') || '(root)'
    throw new ProgressParseError(`${field}: ${issue.message}`, field === '(root)' ? { code: 'notProgress' } : { code: 'field', field: field.slice(0, 120) })
  }
  return r.output as ProgressFile
}

export async function createProgressStore(dataDir: string, opts: { log?: (l: string) => void } = {}): Promise<ProgressStore> {
  const file = path.join(dataDir, 'progress.json')
  const { value, problem } = settleJsonLoad(await loadJsonFile(file, parseProgress), 'progress.json', 'progress', opts.log)
  const notice = problem?.detail ?? null
  let progress = value ?? emptyProgress()
  let writing: Promise<void> = Promise.resolve()
  const save = () => {
    const data = JSON.stringify(progress, null, 2)
    writing = writing
      .then(() => fs.mkdir(dataDir, { recursive: true }))
      .then(() => writeFileAtomic(file, data))
      .catch((e) => opts.log?.(`[progress] could not save: ${(e as Error).message}`))
    return writing
  }
  return {
    file,
    notice,
    get: () => structuredClone(progress),
    async update(fn) {
      fn(progress)
      await save()
      return structuredClone(progress)
    },
    exportText: () => JSON.stringify(progress, null, 2),
    async importText(t) {
      progress = parseProgress(t)
      await save()
      return structuredClone(progress)
    },
  }
}
