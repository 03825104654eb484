/**
 * Lessons are data: one JSON file per lesson, validated by this schema. Texts come in both
 * languages; checks are declarative predicates over the Snapshot and the command history.
 */
import * as v from 'valibot'

export const Text = v.strictObject({
  en: v.pipe(v.string(), v.minLength(1)),
  'zh-CN': v.pipe(v.string(), v.minLength(1)),
})
export type Text = v.InferOutput<typeof Text>

const StateName = v.picklist(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'])

export type Check =
  | { all: Check[] }
  | { any: Check[] }
  | { not: Check }
  | { imageTagged: string }
  | { imageCount: { min?: number; max?: number } }
  | { containers: { image?: string; state?: v.InferOutput<typeof StateName>; min?: number; max?: number } }
  | { commandRan: { pattern: string; exitCode?: number } }
  | { containerFile: { name?: string; image?: string; path: string; present: boolean } }
  | { sameImage: [string, string] }
  | { containerImageDiffersFromTag: { tag: string } }

export const CheckSchema: v.GenericSchema<Check> = v.lazy(() =>
  v.union([
    v.strictObject({ all: v.pipe(v.array(CheckSchema), v.minLength(1)) }),
    v.strictObject({ any: v.pipe(v.array(CheckSchema), v.minLength(1)) }),
    v.strictObject({ not: CheckSchema }),
    v.strictObject({ imageTagged: v.pipe(v.string(), v.minLength(1)) }),
    v.strictObject({ imageCount: v.strictObject({ min: v.optional(v.number()), max: v.optional(v.number()) }) }),
    v.strictObject({
      containers: v.strictObject({
        image: v.optional(v.string()),
        state: v.optional(StateName),
        min: v.optional(v.number()),
        max: v.optional(v.number()),
      }),
    }),
    v.strictObject({ commandRan: v.strictObject({ pattern: v.string(), exitCode: v.optional(v.number()) }) }),
    v.strictObject({
      containerFile: v.strictObject({
        name: v.optional(v.string()),
        image: v.optional(v.string()),
        path: v.pipe(v.string(), v.startsWith('/')),
        present: v.boolean(),
      }),
    }),
    v.strictObject({ sameImage: v.tuple([v.string(), v.string()]) }),
    v.strictObject({ containerImageDiffersFromTag: v.strictObject({ tag: v.string() }) }),
  ]) as v.GenericSchema<Check>,
)

export const StepSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/)),
  title: Text,
  body: Text,
  action: v.union([
    v.strictObject({ type: v.literal('command'), example: v.string() }),
    v.strictObject({ type: v.literal('ui'), what: Text }),
  ]),
  check: CheckSchema,
  hints: v.array(Text),
  solution: v.pipe(v.array(v.string()), v.minLength(1)),
  highlight: v.optional(v.array(v.string())),
})
export type Step = v.InferOutput<typeof StepSchema>

export const LessonSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/)),
  sequence: v.string(),
  order: v.number(),
  kind: v.picklist(['lesson', 'challenge', 'quiz']),
  title: Text,
  summary: Text,
  setup: v.optional(v.array(v.string())),
  steps: v.pipe(v.array(StepSchema), v.minLength(1)),
  /** challenges: the whole goal, shown as a goal graph; the last step's check is the same goal */
  goal: v.optional(CheckSchema),
  /** challenges: the command count of the best known solution */
  best: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
})
export type Lesson = v.InferOutput<typeof LessonSchema>

export function parseLesson(data: unknown, source = 'lesson'): Lesson {
  const r = v.safeParse(LessonSchema, data)
  if (!r.success) {
    const issue = r.issues[0]
    const where = issue.path?.map((p) => String(p.key)).join('.') || '(root)'
    throw new Error(`${source}: ${where}: ${issue.message}`)
  }
  return r.output
}
