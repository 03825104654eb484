/**
 * `npm run lessons:verify [-- --live]`: replays every lesson's solution headless and checks that each
 * step's check fails before its action and passes after it. Prints lesson × engine × steps passed.
 * With --live, also on the Docker daemon Layerlab finds (labelled resources only, removed after);
 * DOCKER_HOST names the one to use, as for the docker CLI: `DOCKER_HOST=unix:///run/podman/podman.sock`
 * runs the lessons on Podman's Docker-compatible API. `--only=id,id` runs those lessons live.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadLessons } from '../src/main/lessons-service'
import { createSimulator } from '../src/domain/sim'
import { runDockerCommand } from '../src/domain/cli'
import { replayLesson, type LessonReport } from '../src/domain/lessons/replay'
import type { DockerEngine } from '../src/domain/engine'
import { LESSON_LABEL, MANAGED_LABEL } from '../src/domain/snapshot'
import type { Lesson } from '../src/domain/lessons/schema'
import { guardEngine } from '../src/main/live/guard'
import { familiarRef } from '../src/main/live/familiar'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function runner(engine: DockerEngine, labels?: Record<string, string>) {
  return async (line: string) => {
    let output = ''
    const exitCode = await runDockerCommand(line, { engine, labels, io: { stdout: (s) => (output += s), stderr: (s) => (output += s) } })
    return { exitCode, output }
  }
}

/** Container names and repositories a lesson's commands mention (for collision checks and cleanup). */
function namesIn(lesson: Lesson): { containers: Set<string>; repos: Set<string> } {
  const lines = [...(lesson.setup ?? []), ...lesson.steps.flatMap((s) => s.solution)]
  const containers = new Set<string>()
  const repos = new Set<string>()
  for (const line of lines) {
    for (const m of line.matchAll(/--name[= ](\S+)/g)) containers.add(m[1]!)
    for (const w of line.split(/\s+/)) if (/^[a-z0-9][a-z0-9._/-]*(:[\w.-]+)?$/.test(w)) repos.add(w.split(':')[0]!)
  }
  return { containers, repos }
}

const repoOf = (tag: string) => tag.slice(0, tag.lastIndexOf(':'))

/**
 * Runs one lesson on the live daemon and puts the daemon back as it found it: removes the
 * containers carrying this run's label, the tags that appeared on repositories the lesson names
 * (pulled images carry no label, so they are tracked by tag), tags it moved go back where they
 * were, and dangling images carrying this run's label (commits) go. Nothing else is touched.
 */
async function liveLesson(lesson: Lesson, engine: DockerEngine, runId: string): Promise<LessonReport> {
  const { containers: names, repos } = namesIn(lesson)
  const runLabel = { key: 'io.layerlab.verify', value: runId }
  for (const c of await engine.listContainers({ all: true })) {
    const name = (c.Names?.[0] ?? '').replace(/^\//, '')
    if (!names.has(name)) continue
    if (c.Labels?.[runLabel.key] === runId) await engine.removeContainer(c.Id, { force: true })
    else return { lesson: lesson.id, steps: [], ok: false, problem: `a container named ${name} already exists on this daemon (not ours); remove or rename it` }
  }
  const tagsBefore = new Map<string, string>()
  // tags in docker's familiar form: Podman lists Docker Hub names in full (docker.io/library/ubuntu:14.04)
  for (const img of await engine.listImages({ all: false })) for (const t of img.RepoTags ?? []) if (t !== '<none>:<none>') tagsBefore.set(familiarRef(t), img.Id)
  const guarded = guardEngine(engine, {
    // a lesson must never need anything it did not make: any question fails the run
    confirm: async (what) => {
      throw new Error(`the lesson wanted to ${what.action} the ${what.kind} ${what.name}, which it did not make`)
    },
    labels: { [LESSON_LABEL]: lesson.id, [runLabel.key]: runId },
  })
  let report: LessonReport
  try {
    report = await replayLesson(lesson, guarded, runner(guarded, { [MANAGED_LABEL]: 'true', [LESSON_LABEL]: lesson.id, [runLabel.key]: runId }))
  } finally {
    for (const c of await engine.listContainers({ all: true, filters: { label: [`${runLabel.key}=${runId}`] } })) {
      await engine.removeContainer(c.Id, { force: true }).catch(() => {})
    }
    for (const img of await engine.listImages({ all: false })) {
      for (const t of img.RepoTags ?? []) {
        const f = familiarRef(t)
        if (t === '<none>:<none>' || !repos.has(repoOf(f))) continue
        const was = tagsBefore.get(f)
        if (was === img.Id) continue
        if (was) await engine.tagImage(was, repoOf(f), f.slice(f.lastIndexOf(':') + 1)).catch(() => {})
        else await engine.removeImage(t).catch(() => {})
      }
    }
    for (const img of await engine.listImages({ all: false, filters: { label: [`${runLabel.key}=${runId}`] } })) {
      if (!(img.RepoTags ?? []).some((t) => t !== '<none>:<none>')) await engine.removeImage(img.Id).catch(() => {})
    }
  }
  return report
}

async function main() {
  const live = process.argv.includes('--live')
  const lessons = await loadLessons(path.join(root, 'lessons'))
  const rows: Array<{ engine: string; report: LessonReport; ms: number }> = []
  for (const lesson of lessons) {
    let now = Date.parse('2026-01-01T00:00:00Z')
    let seed = 11
    const engine = createSimulator({ clock: () => (now += 1000), random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
    const t = performance.now()
    rows.push({ engine: 'simulator', report: await replayLesson(lesson, engine, runner(engine)), ms: performance.now() - t })
  }
  if (live) {
    const mirror = (process.env.LAYERLAB_REGISTRY_MIRROR ||= '127.0.0.1:5000')
    const probe = await fetch(`http://${mirror}/v2/library/ubuntu/manifests/14.04`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      signal: AbortSignal.timeout(3000),
    }).then(
      (r) => (r.ok ? '' : `it has no library/ubuntu:14.04 (HTTP ${r.status}); run bash scripts/seed-mirror.sh ${mirror}`),
      (e: Error) => `it does not answer (${e.message}); start one (bash .ci/services.sh start) or set LAYERLAB_REGISTRY_MIRROR`,
    )
    if (probe) {
      console.error(`lessons:verify --live: the registry mirror ${mirror} cannot serve the lessons: ${probe}`)
      process.exit(1)
    }
    const { selectEngine } = await import('../src/main/engine-select')
    const chosen = await selectEngine({ mode: 'live', createSimulator: () => createSimulator() })
    if (chosen.engine.kind !== 'live') {
      console.error(`lessons:verify --live: no Docker daemon (${chosen.status.reason})`)
      process.exit(1)
    }
    console.log(`live: ${chosen.status.reason || 'daemon'}; Docker Hub names pulled from the mirror ${mirror}`)
    const runId = `verify-${process.pid}-${Date.now().toString(36)}`
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)
    for (const lesson of lessons) {
      if (only && !only.split(',').includes(lesson.id)) continue
      const t = performance.now()
      rows.push({ engine: 'live', report: await liveLesson(lesson, chosen.engine, runId), ms: performance.now() - t })
    }
    await chosen.engine.close()
  }
  const w = Math.max(...rows.map((r) => r.report.lesson.length), 6)
  const engines = [...new Set(rows.map((r) => r.engine))]
  console.log(`${'lesson'.padEnd(w)}  ${engines.map((e) => `${e.padEnd(9)}  `).join('')}result`)
  for (const lesson of lessons) {
    const mine = engines.map((e) => rows.find((r) => r.engine === e && r.report.lesson === lesson.id))
    if (mine.every((r) => !r)) continue
    const cells = mine.map((r) => {
      if (!r) return '—'.padEnd(9)
      const passed = r.report.steps.filter((s) => s.failedBefore && s.passedAfter).length
      return `${passed}/${lesson.steps.length} ${r.report.ok ? 'ok' : 'FAIL'}`.padEnd(9)
    })
    const problems = mine.filter((r) => r && !r.report.ok).map((r) => `${r!.engine}: ${r!.report.problem}`)
    console.log(`${lesson.id.padEnd(w)}  ${cells.map((c) => `${c}  `).join('')}${problems.length ? problems.join('; ') : 'ok'}`)
  }
  for (const e of engines) {
    const mine = rows.filter((r) => r.engine === e)
    const steps = mine.reduce((n, r) => n + r.report.steps.filter((s) => s.failedBefore && s.passedAfter).length, 0)
    const total = mine.reduce((n, r) => n + lessons.find((l) => l.id === r.report.lesson)!.steps.length, 0)
    const secs = mine.reduce((n, r) => n + r.ms, 0) / 1000
    console.log(`${e}: ${mine.filter((r) => r.report.ok).length}/${mine.length} lessons, ${steps}/${total} steps, ${secs.toFixed(1)} s`)
  }
  const failed = rows.filter((r) => !r.report.ok).length
  console.log(`${rows.length - failed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  console.error(`lessons:verify: ${(e as Error).stack ?? e}`)
  process.exit(1)
})
