/**
 * A lesson under way whose work is in the simulator, continued on the LIVE daemon: nothing is replayed
 * on the real daemon unasked. The lesson is entered again on the switch and its progress offers the
 * catch-up (catchUpOffer: the steps passed elsewhere); `lessons:catchUp` — the learner's "Set it up
 * here" — runs the setup and the passed steps' solutions there, labelled as the lesson's.
 * A throwaway lesson with a name of its own (the daemon is shared), on the mirror's busybox.
 * With CI=true a missing daemon or mirror FAILS this file; elsewhere it is skipped with a printed reason.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { useServices } from '../helpers/services'
import { liveDaemon, step, useLessonDir } from '../helpers/live-lesson'
import { LESSON_LABEL, MANAGED_LABEL } from '../../src/domain/snapshot'
import type { LessonProgress } from '../../src/shared/contract'

const MIRROR = process.env.LAYERLAB_REGISTRY_MIRROR || '127.0.0.1:5000'
const { daemon, why } = await liveDaemon('catch-up live', () =>
  fetch(`http://${MIRROR}/v2/library/busybox/tags/list`).then(
    (r) => (r.ok ? '' : `the mirror ${MIRROR} has no busybox (HTTP ${r.status}; bash scripts/seed-mirror.sh)`),
    (e: Error) => `no registry mirror answers at ${MIRROR} (${e.message})`,
  ),
)

const sfx = Math.random().toString(36).slice(2, 8)
const NAME = `llcatch-${sfx}`
const ID = `live-catch-up-${sfx}`
const lesson = {
  id: ID,
  title: 'Catch up',
  setup: ['docker pull busybox'],
  steps: [
    step('one', 'Run a container and mark it', { containerFile: { name: NAME, path: '/marker', present: true } }, [`docker run -d --name ${NAME} busybox sleep 1000`, `docker exec ${NAME} touch /marker`]),
    step('two', 'Never passes', { containers: { image: 'busybox', min: 500 } }, ['docker ps']),
  ],
}

const start = useServices()
const { dir } = useLessonDir(lesson)
// the setup pulls busybox: taken away after unless the daemon had it before (the daemon is shared)
const hadBusybox = await daemon?.inspectImage('busybox:latest').then(
  () => true,
  () => false,
)
afterAll(async () => {
  await daemon?.removeContainer(NAME, { force: true }).catch(() => {})
  // without force: another client's container on it keeps it (409)
  if (hadBusybox === false) await daemon?.removeImage('busybox:latest').catch(() => {})
  await daemon?.close()
})

describe('a lesson done in the simulator, continued on the live daemon', () => {
  it('is offered, not replayed, on the switch; the learner’s catch-up sets it up there; progress is kept', async (ctx) => {
    if (why) return ctx.skip(why)
    const d = daemon!
    const s = await start({ mode: 'simulator', lessonsDir: dir(), env: { LAYERLAB_REGISTRY_MIRROR: MIRROR } })
    await s.call('lessons:start', { id: ID })
    for (const line of lesson.steps[0].solution) expect((await s.run(line)).exitCode).toBe(0)
    const inSim = (await s.call('progress:get', undefined)).lessons[ID]
    expect(inSim).toMatchObject({ currentStep: 1, passed: [true, false], commands: 2 })
    expect(inSim.sandbox).toMatch(/^sim:/)
    const missing = () => d.inspectContainer(NAME).then(() => false, () => true)
    expect(await missing()).toBe(true)

    // the switch: the lesson is entered again on the daemon and offers the catch-up; nothing ran there
    const pushed = s.events.length
    expect((await s.call('engine:select', { mode: 'live' })).status.kind).toBe('live')
    const progress = s.events.slice(pushed).filter((e) => e.event === 'lesson:progress').map((e) => e.payload as LessonProgress)
    expect(progress.at(-1)).toMatchObject({ lessonId: ID, currentStep: 1, commands: 2, catchUpOffer: 1 })
    expect(progress.at(-1)!.caughtUp).toBeUndefined()
    expect(await missing()).toBe(true)
    // entering it again (a restart, the list) offers it again, still without running anything
    expect(await s.call('lessons:start', { id: ID })).toMatchObject({ catchUpOffer: 1 })
    expect(await missing()).toBe(true)

    // the learner asks: the setup and step 1's solution run on the daemon, as the lesson's own
    const p = await s.call('lessons:catchUp', { id: ID })
    expect(p).toMatchObject({ currentStep: 1, passed: [true, false], commands: 2, caughtUp: { steps: 1 } })
    expect(p.catchUpOffer).toBeUndefined()
    expect(p.sandbox).toMatch(/^live:/)
    const c = await d.inspectContainer(NAME)
    expect(c.State.Running).toBe(true)
    expect(c.Config.Labels).toMatchObject({ [MANAGED_LABEL]: 'true', [LESSON_LABEL]: ID })
    expect(((await d.containerChanges(NAME)) ?? []).map((x) => x.Path)).toContain('/marker')
    // its work is here now: entering again offers nothing, and a second catch-up does nothing
    const again = await s.call('lessons:start', { id: ID })
    expect(again.catchUpOffer).toBeUndefined()
    expect(again.caughtUp).toBeUndefined()
    expect((await s.call('lessons:catchUp', { id: ID })).caughtUp).toBeUndefined()

    // back to the simulator, which still has its own copy of the lesson's work: caught up from the
    // lesson's starting state there (no taken name, one container, its file), progress as it was
    const back = s.events.length
    expect((await s.call('engine:select', { mode: 'simulator' })).status.kind).toBe('simulator')
    const inSimAgain = s.events.slice(back).filter((e) => e.event === 'lesson:progress').map((e) => e.payload as LessonProgress)
    expect(inSimAgain.at(-1)).toMatchObject({ lessonId: ID, currentStep: 1, commands: 2, caughtUp: { steps: 1 } })
    expect(inSimAgain.at(-1)!.nameTaken).toBeUndefined()
    const sim = (await s.call('engine:snapshot', undefined)).containers.filter((x) => x.name === NAME)
    expect(sim.map((x) => x.state)).toEqual(['running'])
    expect((await s.run(`docker exec ${NAME} ls /marker`)).stdout).toBe('/marker\n')
  })
})
