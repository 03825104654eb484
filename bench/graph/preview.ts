/**
 * A look-at-the-UI harness (not product code): serves dist-web through the real web server with a
 * simulator and a tiny stand-in for the docker CLI (pull / run -d / images / ps / stop / rm), so the
 * renderer can be screenshotted before the real CLI lands.
 * Usage: node --import tsx bench/graph/preview.ts [port]   → prints the URL.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createSimulator } from '../../src/domain/sim'
import { startWebServer } from '../../src/web/server'
import type { Handlers, LessonProgress } from '../../src/shared/contract'

const root = path.resolve(import.meta.dirname, '../..')
const sim = createSimulator({ seed: 7 } as never)
const port = Number(process.argv[2] ?? 5198)
const server = await startWebServer({ staticDir: path.join(root, 'dist-web'), port, token: 'preview' })
const lessons = readdirSync(path.join(root, 'lessons'))
  .filter((f) => /^\d.*\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(path.join(root, 'lessons', f), 'utf8')) as Record<string, never>)
let progress: LessonProgress | null = null
sim.onEvent(() => server.emit('engine:changed', { event: null, revision: 0 }))
const status = {
  kind: 'simulator' as const, reason: 'Simulator — no Docker socket at /var/run/docker.sock', endpoint: null, version: null,
  apiVersion: null, connected: true, tried: [], mode: 'simulator' as const,
}
async function run(line: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const a = line.trim().split(/\s+/)
  if (a[0] === 'preview-lose') {
    server.emit('engine:status', { ...status, kind: 'live', connected: false, reason: 'Docker 20.10 — the daemon at /var/run/docker.sock stopped answering' })
    return { exitCode: 0, stdout: '', stderr: '' }
  }
  if (a[0] === 'preview-confirm') {
    server.emit('confirm:request', { id: 'c1', action: 'remove', kind: 'container', target: 'my-web' })
    return { exitCode: 0, stdout: '', stderr: '' }
  }
  if (a[0] !== 'docker') return { exitCode: 127, stdout: '', stderr: `${a[0]}: command not found\n` }
  try {
    if (a[1] === 'pull') {
      await sim.pullImage(a[2])
      return { exitCode: 0, stdout: `${a[2]}: Pulling from library\nStatus: Downloaded newer image for ${a[2]}\n`, stderr: '' }
    }
    if (a[1] === 'run') {
      const rest = a.slice(2).filter((x) => x !== '-d')
      const c = await sim.createContainer({ Image: rest[0], Cmd: rest.slice(1) } as never)
      await sim.startContainer(c.Id)
      return { exitCode: 0, stdout: c.Id + '\n', stderr: '' }
    }
    if (a[1] === 'images') return { exitCode: 0, stdout: (await sim.listImages()).map((i) => `${i.RepoTags?.join(',')} ${i.Id.slice(7, 19)}`).join('\n') + '\n', stderr: '' }
    if (a[1] === 'ps') return { exitCode: 0, stdout: (await sim.listContainers({ all: a[2] === '-a' })).map((c) => `${c.Id.slice(0, 12)} ${c.Image} ${c.State}`).join('\n') + '\n', stderr: '' }
    if (a[1] === 'stop') return (await sim.stopContainer(a[2]), { exitCode: 0, stdout: a[2] + '\n', stderr: '' })
    if (a[1] === 'tag') return (await sim.tagImage(a[2], ...(a[3].split(':') as [string, string])), { exitCode: 0, stdout: '', stderr: '' })
    if (a[1] === 'exec') {
      const r = await sim.exec(a[2], { Cmd: a.slice(3) })
      return { exitCode: 0, stdout: JSON.stringify(r).slice(0, 200) + '\n', stderr: '' }
    }
    return { exitCode: 1, stdout: '', stderr: `preview harness: '${a[1]}' not supported\n` }
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `Error response from daemon: ${(e as Error).message}\n` }
  }
}
const handlers: Record<string, (r: any) => Promise<unknown>> = {
  'app:info': async () => ({ transport: 'web', version: 'preview', platform: process.platform }),
  'engine:status': async () => status,
  'engine:select': async () => (server.emit('engine:status', status), { ok: true, status }),
  'engine:snapshot': async () => sim.snapshot(),
  'terminal:run': async ({ line }) => run(line),
  'lessons:list': async () =>
    lessons.map((l: Record<string, never>) => ({ id: l.id, sequence: l.sequence, title: l.title, summary: l.summary, steps: (l.steps as unknown[]).length, kind: l.kind })),
  'lessons:get': async ({ id }) => lessons.find((l) => l.id === id),
  'lessons:start': async ({ id }) => (progress = { lessonId: id, currentStep: 1, passed: [true, false, false], completed: false, commands: 1 }),
  'lessons:reset': async ({ id }) => (progress = { lessonId: id, currentStep: 0, passed: [false, false, false], completed: false, commands: 0 }),
  'lessons:showMe': async () => run('docker pull ubuntu:14.04'),
  'progress:get': async () => ({ version: 1, locale: null, activeLesson: null, lessons: {} }),
  'progress:setLocale': async ({ locale }) => ({ version: 1, locale, activeLesson: null, lessons: {} }),
  'confirm:answer': async () => ({ ok: true }),
}
server.setHandlers(handlers as unknown as Handlers)
void progress
console.log(server.url)
