/**
 * A lesson's starting state on the LIVE daemon: during a lesson, what Layerlab creates also carries
 * io.layerlab.lesson=<id>; "Reset lesson" removes exactly those (never anything else, and without
 * asking, since they are Layerlab's own) and runs the setup again; a name the setup needs that a
 * container Layerlab did not make holds stops the setup with the reason, and that container is left.
 * Uses a throwaway lesson with names of its own (the daemon is shared) on layerlab/busybox:base.
 * With CI=true a missing daemon FAILS this file; elsewhere it is skipped with a printed reason.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { useServices } from '../helpers/services'
import { liveDaemon, step, useLessonDir } from '../helpers/live-lesson'
import { LESSON_LABEL, MANAGED_LABEL } from '../../src/domain/snapshot'
import type { DockerEngine } from '../../src/domain/engine'

const { daemon, why } = await liveDaemon('lesson start live', (d) => d.inspectImage('layerlab/busybox:base').then(() => '', () => 'no layerlab/busybox:base image on the daemon'))

const sfx = Math.random().toString(36).slice(2, 8)
const NAME = `llstart-${sfx}`
const ID = `live-start-${sfx}`
const lesson = {
  id: ID,
  title: 'Live start',
  setup: [`docker create --name ${NAME} layerlab/busybox:base true`],
  steps: [step('one', 'Run anything', { containers: { image: 'layerlab/busybox:base', min: 5 } }, ['docker ps'])],
}

const start = useServices()
const { dir } = useLessonDir(lesson)
const REG = `127.0.0.1:5000/layerlab-test/llreset-${sfx}`
/** Images of our own in the local registry, each unique (a label with the run's suffix), gone locally again. */
async function pushUnique(d: DockerEngine, tag: string): Promise<string> {
  const c = await d.createContainer({ Image: 'layerlab/busybox:base', Cmd: ['true'] })
  const { Id } = await d.commitContainer(c.Id, { repo: REG, tag, changes: [`LABEL llreset=${sfx}-${tag}`] })
  await d.removeContainer(c.Id, { force: true })
  await d.pushImage(`${REG}:${tag}`)
  await d.removeImage(`${REG}:${tag}`)
  return Id
}
afterAll(async () => {
  for (const n of [NAME, `${NAME}-extra`, `${NAME}-mine`, `${NAME}-mine-2`, `${NAME}-user`]) await daemon?.removeContainer(n, { force: true }).catch(() => {})
  for (const r of [`${REG}:a`, `${REG}:b`, `${REG}:c`, `llreset-${sfx}-tag:v1`, `llreset-${sfx}-had:v1`]) await daemon?.removeImage(r).catch(() => {})
  await daemon?.close()
})

describe.skipIf(!!why)('lesson start on the live daemon', () => {
  it('reset removes what the lesson made (labelled) and sets it up again; a taken name stops the setup, the holder untouched', async () => {
    const d = daemon!
    const s = await start({ mode: 'live', lessonsDir: dir() })
    expect(s.services.status().kind).toBe('live')
    // a container Layerlab did not make (no labels), which must survive everything below
    const mine = await d.createContainer({ name: `${NAME}-mine`, Image: 'layerlab/busybox:base', Cmd: ['true'] })

    await s.call('lessons:start', { id: ID })
    const first = await d.inspectContainer(NAME)
    expect(first.Config?.Labels).toMatchObject({ [MANAGED_LABEL]: 'true', [LESSON_LABEL]: ID })
    expect((await s.run(`docker create --name ${NAME}-extra layerlab/busybox:base true`)).exitCode).toBe(0)
    expect((await d.inspectContainer(`${NAME}-extra`)).Config?.Labels?.[LESSON_LABEL]).toBe(ID)

    const p = await s.call('lessons:reset', { id: ID })
    expect(p.nameTaken).toBeUndefined()
    expect(p.commands).toBe(0)
    await expect(d.inspectContainer(`${NAME}-extra`)).rejects.toMatchObject({ statusCode: 404 })
    const again = await d.inspectContainer(NAME)
    expect(again.Id).not.toBe(first.Id) // set up anew
    expect((await d.inspectContainer(`${NAME}-mine`)).Id).toBe(mine.Id)
    expect(s.events.filter((e) => e.event === 'confirm:request')).toEqual([])

    // the name held by a container Layerlab did not make: reported, nothing changed
    await d.removeContainer(NAME, { force: true })
    const holder = await d.createContainer({ name: NAME, Image: 'layerlab/busybox:base', Cmd: ['true'] })
    const r = await s.call('lessons:reset', { id: ID })
    expect(r.nameTaken).toBe(NAME)
    const h = await d.inspectContainer(NAME)
    expect(h.Id).toBe(holder.Id)
    expect(h.Config?.Labels?.[MANAGED_LABEL]).toBeUndefined()
    expect(s.events.filter((e) => e.event === 'confirm:request')).toEqual([])
    // the learner confirms renaming theirs in the panel (NAME-mine is taken, so NAME-mine-2 is offered):
    // it is renamed, not removed or relabelled, the guard does not ask a second time, the lesson sets itself up
    expect(r.nameTakenRename).toBe(`${NAME}-mine-2`)
    const done = await s.call('lessons:renameHolder', { id: ID, name: NAME, to: `${NAME}-mine-2` })
    expect(done.nameTaken).toBeUndefined()
    const renamed = await d.inspectContainer(`${NAME}-mine-2`)
    expect(renamed.Id).toBe(holder.Id)
    expect(renamed.Config?.Labels?.[MANAGED_LABEL]).toBeUndefined()
    expect((await d.inspectContainer(NAME)).Config?.Labels?.[LESSON_LABEL]).toBe(ID)
    expect(s.events.filter((e) => e.event === 'confirm:request')).toEqual([])
  }, 60_000)

  it('reset also takes away image names the lesson pulled or tagged into empty slots (after a restart too); never the learner\'s, never an image in use', async () => {
    const d = daemon!
    await d.removeContainer(NAME, { force: true }).catch(() => {}) // the first test's lesson container
    const [a, b, c] = [await pushUnique(d, 'a'), await pushUnique(d, 'b'), await pushUnique(d, 'c')]
    await d.tagImage('layerlab/busybox:base', `llreset-${sfx}-had`, 'v1') // the learner's before the lesson
    const s1 = await start({ mode: 'live', lessonsDir: dir() })
    await s1.call('lessons:start', { id: ID })
    for (const line of [`docker pull ${REG}:a`, `docker pull ${REG}:c`, `docker tag layerlab/busybox:base llreset-${sfx}-tag:v1`, `docker pull ${REG}:a`]) {
      expect((await s1.run(line)).exitCode, line).toBe(0)
    }
    // outside Layerlab during the lesson: the learner pulls b, and runs a container of c
    await d.pullImage(`${REG}:b`)
    await d.createContainer({ name: `${NAME}-user`, Image: `${REG}:c`, Cmd: ['true'] })
    await s1.stop() // a restart mid-lesson
    const s2 = await start({ mode: 'live', lessonsDir: dir(), dataDir: s1.dataDir })
    const p = await s2.call('lessons:reset', { id: ID })
    expect(p.nameTaken).toBeUndefined()
    await expect(d.inspectImage(a)).rejects.toMatchObject({ statusCode: 404 }) // pulled by the lesson: gone
    await expect(d.inspectImage(`llreset-${sfx}-tag:v1`)).rejects.toMatchObject({ statusCode: 404 }) // tagged by the lesson: gone
    expect((await d.inspectImage('layerlab/busybox:base')).RepoTags).toContain(`llreset-${sfx}-had:v1`) // the learner's name and image stay
    expect((await d.inspectImage(b)).RepoTags).toEqual([`${REG}:b`]) // pulled outside the lesson: stays
    expect((await d.inspectImage(c)).RepoTags).toEqual([`${REG}:c`]) // a container uses it: stays
    expect((await d.inspectContainer(NAME)).Config?.Labels?.[LESSON_LABEL]).toBe(ID) // set up again
    expect(s2.events.filter((e) => e.event === 'confirm:request')).toEqual([])
  }, 90_000)
})
