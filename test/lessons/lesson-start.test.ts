/**
 * A lesson's starting state on the simulator, through the contract as the renderer calls it:
 * "Reset lesson" and entering a lesson with no command typed put the sandbox back where the lesson
 * starts (the checkpoint from before its setup, then the setup); the setup's own commands are not
 * undoable; a container name the setup needs that is taken stops the setup with a clear reason.
 */
import { describe, expect, it } from 'vitest'
import { useServices } from '../helpers/services'
import { setupContainerNames } from '../../src/domain/lessons/names'

const startServices = useServices()
const SLEEPER = 'challenge-wake-the-sleeper'

async function start(dataDir?: string) {
  const s = await startServices({ dataDir })
  const containers = async () =>
    (await s.call('engine:snapshot', undefined)).containers.map((c) => `${c.name} ${c.imageRef} ${c.state}`).sort()
  const tags = async () => (await s.call('engine:snapshot', undefined)).images.flatMap((i) => i.tags).sort()
  /** stderr the terminal printed since `from` (setup commands print through it too) */
  const stderrSince = (from: number) =>
    s.events
      .slice(from)
      .filter((e) => e.event === 'terminal:output' && (e.payload as { stream: string }).stream === 'stderr')
      .map((e) => (e.payload as { data: string }).data)
      .join('')
  return { ...s, containers, tags, stderrSince }
}

describe('setupContainerNames', () => {
  it('finds the names run/create give, in either spelling, once each', () => {
    expect(setupContainerNames(['docker pull x', 'docker run -d --name a x sleep 1', 'docker container create --name=b x', 'docker run --name a x', 'docker stop a'])).toEqual(['a', 'b'])
    expect(setupContainerNames(undefined)).toEqual([])
  })
})

describe('a lesson starts from its starting state (simulator)', () => {
  it('entering a challenge again with no command typed does not run its setup twice', async () => {
    const s = await start()
    await s.call('lessons:start', { id: SLEEPER })
    expect(await s.containers()).toEqual(['sleeper ubuntu:14.04 exited'])
    await s.call('lessons:close', undefined)
    const from = s.events.length
    const p = await s.call('lessons:start', { id: SLEEPER })
    expect(p.nameTaken).toBeUndefined()
    expect(s.stderrSince(from)).toBe('') // the setup did not fail on the name "sleeper"
    expect(await s.containers()).toEqual(['sleeper ubuntu:14.04 exited'])
  })

  it('reset puts the sandbox back as the lesson starts: what the learner did is gone, the setup is there again', async () => {
    const s = await start()
    await s.call('lessons:start', { id: SLEEPER })
    await s.run('docker rm sleeper')
    await s.run('docker run -d --name extra ubuntu:14.04 sleep 1000')
    await s.run('docker tag ubuntu:14.04 ubuntu:mine')
    expect(await s.containers()).toEqual(['extra ubuntu:14.04 running'])
    const from = s.events.length
    const p = await s.call('lessons:reset', { id: SLEEPER })
    expect(p).toMatchObject({ commands: 0, currentStep: 0, completed: false })
    expect(p.nameTaken).toBeUndefined()
    expect(s.stderrSince(from)).toBe('')
    expect(await s.containers()).toEqual(['sleeper ubuntu:14.04 exited'])
    expect(await s.tags()).toEqual(['ubuntu:14.04'])
    // and the challenge is solvable from there, in its best number of commands
    await s.run('docker start sleeper')
    expect((await s.call('progress:get', undefined)).lessons[SLEEPER]).toMatchObject({ completed: true, commands: 1 })
  })

  it('reset of a lesson without a setup takes back what was done in it, and keeps what came before it', async () => {
    const s = await start()
    await s.run('docker pull busybox') // the free sandbox, before the lesson
    await s.call('lessons:start', { id: 'image-vs-container' })
    await s.run('docker pull ubuntu:14.04')
    await s.run('docker run -d ubuntu:14.04 sleep 1000')
    await s.call('lessons:reset', { id: 'image-vs-container' })
    expect(await s.tags()).toEqual(['busybox:latest'])
    expect(await s.containers()).toEqual([])
  })

  it('reset still works after a restart (the lesson start is kept on disk)', async () => {
    const a = await start()
    await a.call('lessons:start', { id: SLEEPER })
    await a.run('docker start sleeper')
    await a.run('docker run -d --name extra ubuntu:14.04 sleep 1000')
    await a.stop()
    const b = await start(a.dataDir)
    const from = b.events.length
    await b.call('lessons:start', { id: SLEEPER }) // resume: it has commands, so no setup
    const p = await b.call('lessons:reset', { id: SLEEPER })
    expect(p.nameTaken).toBeUndefined()
    expect(b.stderrSince(from)).toBe('')
    expect(await b.containers()).toEqual(['sleeper ubuntu:14.04 exited'])
  })

  it('undo stops at the lesson’s starting state: its setup commands are not undoable', async () => {
    const s = await start()
    await s.run('docker pull busybox')
    await s.call('lessons:start', { id: SLEEPER })
    expect(await s.call('engine:undo', undefined)).toMatchObject({ ok: false, reason: 'empty' })
    await s.run('docker start sleeper')
    await s.run('docker tag ubuntu:14.04 ubuntu:mine')
    expect(await s.call('engine:undo', undefined)).toMatchObject({ ok: true, undone: 'docker tag ubuntu:14.04 ubuntu:mine', remaining: 1 })
    expect(await s.call('engine:undo', undefined)).toMatchObject({ ok: true, undone: 'docker start sleeper', remaining: 0 })
    expect(await s.call('engine:undo', undefined)).toMatchObject({ ok: false, reason: 'empty' })
    expect(await s.containers()).toEqual(['sleeper ubuntu:14.04 exited'])
    expect(await s.tags()).toEqual(['busybox:latest', 'ubuntu:14.04'])
    // after a reset, too
    await s.run('docker start sleeper')
    await s.call('lessons:reset', { id: SLEEPER })
    expect(await s.call('engine:undo', undefined)).toMatchObject({ ok: false, reason: 'empty' })
  })

  it('a name the setup needs that the learner’s own container holds: the setup does not run, nothing changes, the reason is given', async () => {
    const s = await start()
    await s.run('docker pull busybox')
    await s.run('docker run -d --name sleeper busybox sleep 1000')
    const p = await s.call('lessons:start', { id: SLEEPER })
    expect(p.nameTaken).toBe('sleeper')
    expect(s.events.some((e) => e.event === 'lesson:progress' && (e.payload as { nameTaken?: string }).nameTaken === 'sleeper')).toBe(true)
    expect(await s.containers()).toEqual(['sleeper busybox running'])
    expect(await s.tags()).toEqual(['busybox:latest'])
    // not saved: the progress file knows nothing of it
    expect((await s.call('progress:get', undefined)).lessons[SLEEPER].nameTaken).toBeUndefined()
    // the learner renames theirs and resets: the setup runs, theirs is kept
    await s.run('docker rename sleeper my-sleeper')
    // the panel keeps saying so until the lesson has set itself up
    const pushed = s.events.filter((e) => e.event === 'lesson:progress').at(-1)?.payload as { commands: number; nameTaken?: string }
    expect(pushed).toMatchObject({ commands: 1, nameTaken: 'sleeper' })
    const r = await s.call('lessons:reset', { id: SLEEPER })
    expect(r.nameTaken).toBeUndefined()
    expect(await s.containers()).toEqual(['my-sleeper busybox running', 'sleeper ubuntu:14.04 exited'])
  })

  it('the learner confirms renaming their container in the panel: it keeps running under the offered free name and the lesson sets itself up', async () => {
    const s = await start()
    await s.run('docker pull busybox')
    await s.run('docker run -d --name sleeper busybox sleep 1000')
    await s.run('docker create --name sleeper-mine busybox true') // the first suggestion is taken too
    const p = await s.call('lessons:start', { id: SLEEPER })
    expect(p).toMatchObject({ nameTaken: 'sleeper', nameTakenRename: 'sleeper-mine-2' })
    const id = (await s.services.engine().inspectContainer('sleeper')).Id
    // only the holder the panel named, to the name it offered
    await expect(s.call('lessons:renameHolder', { id: SLEEPER, name: 'sleeper', to: 'other' })).rejects.toThrow('nothing was changed')
    await expect(s.call('lessons:renameHolder', { id: SLEEPER, name: 'sleeper-mine', to: 'sleeper-mine-2' })).rejects.toThrow('nothing was changed')
    expect(await s.containers()).toEqual(['sleeper busybox running', 'sleeper-mine busybox created'])
    const r = await s.call('lessons:renameHolder', { id: SLEEPER, name: 'sleeper', to: 'sleeper-mine-2' })
    expect(r.nameTaken).toBeUndefined()
    expect(r).toMatchObject({ commands: 0, currentStep: 0 })
    expect(await s.containers()).toEqual(['sleeper ubuntu:14.04 exited', 'sleeper-mine busybox created', 'sleeper-mine-2 busybox running'])
    expect((await s.services.engine().inspectContainer('sleeper-mine-2')).Id).toBe(id)
    // the challenge is solvable from there, in its best number of commands
    await s.run('docker start sleeper')
    expect((await s.call('progress:get', undefined)).lessons[SLEEPER]).toMatchObject({ completed: true, commands: 1 })
  })

  it('entering again after the sandbox changed outside the lesson: nothing of the learner’s is dropped without asking; reset starts it over', async () => {
    const s = await start()
    await s.call('lessons:start', { id: SLEEPER })
    await s.call('lessons:close', undefined)
    await s.run('docker pull busybox') // free sandbox, after the challenge set itself up
    const p = await s.call('lessons:start', { id: SLEEPER })
    expect(p.nameTaken).toBe('sleeper')
    expect(await s.tags()).toEqual(['busybox:latest', 'ubuntu:14.04'])
    const r = await s.call('lessons:reset', { id: SLEEPER })
    expect(r.nameTaken).toBeUndefined()
    expect(await s.containers()).toEqual(['sleeper ubuntu:14.04 exited'])
  })
})
