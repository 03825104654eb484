import type { Locale } from '../../../shared/contract'

/** The lesson document as the renderer reads it (defensive: see src/domain/lessons/schema.ts). */
export interface LessonDoc {
  id: string
  kind: 'lesson' | 'challenge' | 'quiz'
  title: Partial<Record<Locale, string>>
  /** challenges: the command count of the best known solution */
  best: number | null
  steps: Array<{
    id: string
    title: Partial<Record<Locale, string>>
    body: Partial<Record<Locale, string>>
    hints?: Array<Partial<Record<Locale, string>>>
    highlight?: string[]
    action?: { type?: string; example?: string }
    solution: string[]
  }>
}

export function asLessonDoc(x: unknown): LessonDoc {
  const o = (x ?? {}) as Record<string, unknown>
  const steps = Array.isArray(o.steps) ? (o.steps as Array<Record<string, unknown>>) : []
  const text = (v: unknown) => (v && typeof v === 'object' ? (v as Partial<Record<Locale, string>>) : { en: String(v ?? '') })
  const kind = o.kind === 'challenge' || o.kind === 'quiz' ? o.kind : 'lesson'
  return {
    id: String(o.id ?? ''),
    kind,
    title: text(o.title),
    best: typeof o.best === 'number' ? o.best : null,
    steps: steps.map((s, i) => ({
      id: String(s.id ?? i),
      title: text(s.title),
      body: text(s.body),
      hints: Array.isArray(s.hints) ? s.hints.map(text) : [],
      highlight: Array.isArray(s.highlight) ? s.highlight.map(String) : undefined,
      action: s.action && typeof s.action === 'object' ? (s.action as { type?: string; example?: string }) : undefined,
      solution: Array.isArray(s.solution) ? s.solution.map(String) : [],
    })),
  }
}
