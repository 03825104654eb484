/**
 * The guard over a real DockerEngine (the simulator stands in for the daemon: same interface,
 * same errors), so labels, confirmations and refusals are checked without Docker.
 */
import { describe, expect, it } from 'vitest'
import { createSimulator } from '../../domain/sim/index'
import type { DockerEngine } from '../../domain/engine'
import { EngineError } from '../../domain/errors'
import { fullName, parseReference } from '../../domain/reference'
import { guardEngine, type ConfirmRequest } from './guard'

async function setup(answer = false) {
  const sim = createSimulator()
  await sim.pullImage('busybox')
  const asked: ConfirmRequest[] = []
  const state = { answer }
  const g = guardEngine(sim, { confirm: async (w) => (asked.push(w), state.answer), labels: { 'io.layerlab.lesson': 'l1' } })
  return { sim, g, asked, state }
}

/** The engine as Podman's Docker-compatible API names images: Docker Hub names in full (docker.io/library/busybox:latest). */
function podmanNames(engine: DockerEngine): DockerEngine {
  const full = (t: string) => {
    const r = parseReference(t)
    return `${fullName(r)}${r.tag !== null ? `:${r.tag}` : ''}`
  }
  return Object.assign(Object.create(engine) as DockerEngine, {
    listImages: async (o?: Parameters<DockerEngine['listImages']>[0]) => (await engine.listImages(o)).map((i) => ({ ...i, RepoTags: (i.RepoTags ?? []).map(full) })),
    inspectImage: async (n: string) => {
      const i = await engine.inspectImage(n)
      return { ...i, RepoTags: (i.RepoTags ?? []).map(full) }
    },
  })
}

const codeOf = (p: Promise<unknown>) => p.then(() => 0, (e: unknown) => (e instanceof EngineError ? e.statusCode : -1))

describe('guardEngine', () => {
  it('labels what it creates: containers, commits, imports', async () => {
    const { g } = await setup()
    const { Id } = await g.createContainer({ Image: 'busybox', Cmd: ['sh'], Labels: { mine: 'x' } })
    expect((await g.inspectContainer(Id)).Config.Labels).toEqual({ mine: 'x', 'io.layerlab.managed': 'true', 'io.layerlab.lesson': 'l1' })
    const { Id: img } = await g.commitContainer(Id, { repo: 'snap', tag: 'v1' })
    expect((await g.inspectImage(img)).Config.Labels).toMatchObject({ 'io.layerlab.managed': 'true', 'io.layerlab.lesson': 'l1' })
  })

  it('asks before changing an unlabelled container, refuses with a clear 403, and leaves it as it was', async () => {
    const { sim, g, asked, state } = await setup(false)
    const { Id } = await sim.createContainer({ name: 'theirs', Image: 'busybox', Cmd: ['sh'] })
    const before = await sim.inspectContainer(Id)
    for (const [name, p] of [
      ['start', () => g.startContainer('theirs')],
      ['remove', () => g.removeContainer('theirs', { force: true })],
      ['rename', () => g.renameContainer('theirs', 'x')],
      ['kill', () => g.killContainer('theirs')],
    ] as Array<[string, () => Promise<unknown>]>) {
      const e = await p().catch((x: unknown) => x)
      expect(e).toBeInstanceOf(EngineError)
      expect((e as EngineError).statusCode).toBe(403)
      expect((e as EngineError).message).toBe(`Layerlab did not create container theirs; it asked before it would ${name} it and was told no, so it was not changed`)
    }
    expect(asked.map((a) => `${a.action} ${a.kind} ${a.name} ${a.id === Id}`)).toEqual(['start container theirs true', 'remove container theirs true', 'rename container theirs true', 'kill container theirs true'])
    expect(await sim.inspectContainer(Id)).toEqual(before)
    state.answer = true
    await g.removeContainer('theirs')
    expect(await codeOf(sim.inspectContainer(Id))).toBe(404)
  })

  it('reading, committing an unlabelled container and adding a new tag are free', async () => {
    const { sim, g, asked } = await setup(false)
    const { Id } = await sim.createContainer({ name: 'theirs', Image: 'busybox', Cmd: ['sh'] })
    await g.inspectContainer(Id)
    await g.snapshot()
    await g.commitContainer(Id, { repo: 'fromtheirs' })
    await g.tagImage('busybox', 'myapp', 'v1')
    expect(asked).toEqual([])
  })

  it('untagging its own tag is free; removing the learner’s image or moving their tag asks', async () => {
    const { sim, g, asked } = await setup(false)
    await g.tagImage('busybox', 'myapp', 'v1')
    await g.removeImage('myapp:v1')
    expect(asked).toEqual([])
    expect(await codeOf(g.removeImage('busybox'))).toBe(403)
    const { Id } = await g.createContainer({ Image: 'busybox', Cmd: ['sh'] })
    const { Id: other } = await g.commitContainer(Id, { repo: 'other' })
    await sim.tagImage('busybox', 'theirs', 'latest')
    expect(await codeOf(g.tagImage(other, 'theirs', 'latest'))).toBe(403)
    expect(asked.map((a) => [a.kind, a.name])).toEqual([['image', 'busybox'], ['image', 'theirs:latest']])
    expect((await sim.inspectImage('theirs:latest')).Id).toBe((await sim.inspectImage('busybox')).Id)
  })

  it('never mounts the Docker socket', async () => {
    const { g } = await setup()
    for (const b of ['/var/run/docker.sock:/var/run/docker.sock', '/run/user/1000/docker.sock:/s', '/run/podman/podman.sock:/p:ro']) {
      await expect(g.createContainer({ Image: 'busybox', HostConfig: { Binds: [b] } })).rejects.toMatchObject({ statusCode: 403 })
    }
    expect((await g.listContainers({ all: true })).length).toBe(0)
  })

  it('cleanup removes labelled resources only', async () => {
    const { sim, g } = await setup()
    const { Id: theirs } = await sim.createContainer({ name: 'theirs', Image: 'busybox', Cmd: ['sh'] })
    const { Id: mine } = await g.createContainer({ Image: 'busybox', Cmd: ['sh'] })
    const { Id: img } = await g.commitContainer(mine, { repo: 'mine' })
    const r = await g.cleanup()
    expect(r).toEqual({ containers: [mine], images: [img] })
    expect((await sim.listContainers({ all: true })).map((c) => c.Id)).toEqual([theirs])
    expect((await sim.listImages()).map((i) => i.RepoTags)).toEqual([['busybox:latest']])
  })

  it('cleanup with `only` removes one lesson\'s resources and leaves another\'s', async () => {
    const { sim, g } = await setup()
    const other = guardEngine(sim, { confirm: async () => false, labels: { 'io.layerlab.lesson': 'l2' } })
    const { Id: mine } = await g.createContainer({ Image: 'busybox', Cmd: ['sh'] })
    const { Id: img } = await g.commitContainer(mine, { repo: 'mine' })
    const { Id: keep } = await other.createContainer({ Image: 'busybox', Cmd: ['sh'] })
    const { Id: keepImg } = await other.commitContainer(keep, { repo: 'theirs' })
    expect(await g.cleanup({ only: { 'io.layerlab.lesson': 'l1' } })).toEqual({ containers: [mine], images: [img] })
    expect((await sim.listContainers({ all: true })).map((c) => c.Id)).toEqual([keep])
    expect((await sim.listImages()).map((i) => i.Id)).toContain(keepImg)
    expect(await other.cleanup()).toEqual({ containers: [keep], images: [keepImg] })
  })

  it('cleanup({only}) forgets only the tags it removed: a pulled tag stays free, a removed one asks again', async () => {
    const { sim, g, asked } = await setup(false)
    await g.pullImage('alpine')
    const { Id: c } = await g.createContainer({ Image: 'busybox', Cmd: ['sh'] })
    await g.commitContainer(c, { repo: 'snap', tag: 'v1' })
    await g.cleanup({ only: { 'io.layerlab.lesson': 'l1' } })
    // snap:v1 went with its image; the same name made again outside Layerlab is the learner's
    const { Id: c2 } = await sim.createContainer({ Image: 'busybox', Cmd: ['sh'] })
    await sim.commitContainer(c2, { repo: 'snap', tag: 'v1' })
    expect(await codeOf(g.removeImage('snap:v1'))).toBe(403)
    expect(asked.map((a) => a.name)).toEqual(['snap:v1'])
    // alpine was pulled by this guard and not removed by the cleanup: still its own, no question
    expect(await codeOf(g.removeImage('alpine'))).toBe(0)
    expect(asked).toHaveLength(1)
  })

  it('reports the names it fills (created only into an empty slot) and removeCreated takes away only those it may', async () => {
    const sim = createSimulator()
    await sim.pullImage('busybox')
    await sim.tagImage('busybox', 'mine', 'v1') // the learner's before the lesson
    const seen: Array<[string, boolean]> = []
    const refs: Record<string, string> = {}
    const asked: ConfirmRequest[] = []
    const g = guardEngine(sim, { confirm: async (w) => (asked.push(w), false), onRef: (r, id, created) => (seen.push([r, created]), created && (refs[r] = id)) })
    const inv = await sim.listImages({ all: true })
    const before = { tags: inv.flatMap((i) => i.RepoTags ?? []), ids: inv.map((i) => i.Id) }
    await g.pullImage('busybox') // already there: not created
    await g.pullImage('alpine') // empty slot: created
    await g.pullImage('debian:12') // created; a container will use it
    await g.tagImage('busybox', 'extra', 'v1') // a new name on an image from before (it keeps busybox:latest)
    await g.tagImage('alpine', 'alias') // a second name on a created image
    await g.tagImage('busybox', 'mine', 'v1') // same image, same name: nothing made
    expect(seen).toEqual([['busybox:latest', false], ['alpine:latest', true], ['debian:12', true], ['extra:v1', true], ['alias:latest', true], ['mine:v1', false]])
    const { Id: user } = await sim.createContainer({ Image: 'debian:12', Cmd: ['sh'] })
    const r = await g.removeCreated({ refs, before })
    expect(r.removed.sort()).toEqual(['alias:latest', 'alpine:latest', 'extra:v1'])
    expect(r.kept).toEqual([{ ref: 'debian:12', reason: 'inUse' }])
    const tags = (await sim.listImages()).flatMap((i) => i.RepoTags ?? []).sort()
    expect(tags).toEqual(['busybox:latest', 'debian:12', 'mine:v1'])
    expect((await sim.inspectContainer(user)).Image).toBe(refs['debian:12'])
    expect(asked).toEqual([])
    // a name that something else changed since, and a name from before, stay
    await sim.removeContainer(user)
    await sim.tagImage('busybox', 'debian', '12')
    expect((await g.removeCreated({ refs: { 'debian:12': refs['debian:12'], 'mine:v1': 'x' }, before: { tags: ['mine:v1'], ids: [] } })).kept).toEqual([
      { ref: 'mine:v1', reason: 'before' },
      { ref: 'debian:12', reason: 'changed' },
    ])
  })

  it('removeCreated never deletes an image from before through its last name', async () => {
    const sim = createSimulator()
    await sim.pullImage('busybox')
    const id = (await sim.inspectImage('busybox')).Id
    const g = guardEngine(sim, { confirm: async () => false })
    // the image existed before (say, without a name) and the lesson named it: untagging would delete it
    const r = await g.removeCreated({ refs: { 'busybox:latest': id }, before: { tags: [], ids: [id] } })
    expect(r).toEqual({ removed: [], kept: [{ ref: 'busybox:latest', reason: 'lastNameOfOldImage' }] })
    expect((await sim.inspectImage(id)).RepoTags).toEqual(['busybox:latest'])
  })

  it('on a daemon that lists names in full (Podman: docker.io/library/snap:v1), cleanup still forgets the names it removed and asks by the familiar name', async () => {
    const sim = createSimulator()
    await sim.pullImage('busybox')
    const asked: ConfirmRequest[] = []
    const g = guardEngine(podmanNames(sim), { confirm: async (w) => (asked.push(w), false), labels: { 'io.layerlab.lesson': 'l1' } })
    const { Id: c } = await g.createContainer({ Image: 'busybox', Cmd: ['sh'] })
    await g.commitContainer(c, { repo: 'snap', tag: 'v1' })
    await g.cleanup({ only: { 'io.layerlab.lesson': 'l1' } })
    // the same name made again outside Layerlab is the learner's: removing it asks
    const { Id: c2 } = await sim.createContainer({ Image: 'busybox', Cmd: ['sh'] })
    const { Id: theirs } = await sim.commitContainer(c2, { repo: 'snap', tag: 'v1' })
    expect(await codeOf(g.removeImage('snap:v1'))).toBe(403)
    expect(await codeOf(g.removeImage(theirs))).toBe(403)
    expect(asked.map((a) => a.name)).toEqual(['snap:v1', 'snap:v1'])
  })

  it('removeCreated keeps a name from before when the daemon listed it in full (Podman)', async () => {
    const sim = createSimulator()
    await sim.pullImage('busybox')
    await sim.pullImage('alpine')
    const podman = podmanNames(sim)
    const inv = await podman.listImages({ all: true })
    const before = { tags: inv.flatMap((i) => i.RepoTags ?? []), ids: inv.map((i) => i.Id) }
    expect(before.tags).toContain('docker.io/library/alpine:latest')
    const g = guardEngine(podman, { confirm: async () => false })
    const id = (await sim.inspectImage('alpine')).Id
    const bb = (await sim.inspectImage('busybox')).Id
    // (say the learner removed alpine during the lesson and pulled it again: Layerlab recorded the pull as its own;
    // and a name typed in full, as `docker tag … docker.io/library/busybox` records it)
    expect(await g.removeCreated({ refs: { 'alpine:latest': id, 'docker.io/library/busybox:latest': bb }, before })).toEqual({
      removed: [],
      kept: [
        { ref: 'docker.io/library/busybox:latest', reason: 'before' },
        { ref: 'alpine:latest', reason: 'before' },
      ],
    })
    expect((await sim.inspectImage('alpine')).RepoTags).toEqual(['alpine:latest'])
  })

  it('keeps engine extras reachable (onStatus, apiVersion)', () => {
    const extra = { onStatus: () => () => {}, apiVersion: '1.41' }
    const g = guardEngine(Object.assign(createSimulator(), extra) as DockerEngine, { confirm: async () => false })
    expect((g as unknown as typeof extra).apiVersion).toBe('1.41')
    expect(typeof (g as unknown as typeof extra).onStatus).toBe('function')
  })
})
