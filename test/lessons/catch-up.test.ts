/**
 * A lesson under way whose work is not in this simulator sandbox — progress imported from another
 * computer, or a sandbox that started afresh — is caught up when resumed: its setup runs and the
 * solutions of the steps already passed are replayed, so the next step finds what it expects.
 * Work done here is never replayed over; progress is kept as it was.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useServices } from '../helpers/services'

const startServices = useServices()
const BOX = 'changes-go-to-the-container' // setup: pull + run "box"; step 1: a file written in box; step 2: docker diff box

async function start(dataDir?: string) {
  const s = await startServices({ dataDir })
  const containers = async () => (await s.call('engine:snapshot', undefined)).containers.map((c) => `${c.name} ${c.state}`).sort()
  return { ...s, containers }
}

/** machine A: lesson BOX entered and its first step passed; its exported progress */
async function progressFromAnotherComputer(): Promise<string> {
  const a = await start()
  await a.call('lessons:start', { id: BOX })
  await a.run("docker exec box sh -c 'echo hi > /hello'")
  const p = (await a.call('progress:get', undefined)).lessons[BOX]
  expect(p).toMatchObject({ currentStep: 1, passed: [true, false, false, false], commands: 1 })
  expect(p.sandbox).toMatch(/^sim:[0-9a-f-]{36}$/)
  return (await a.call('progress:export', undefined)).text
}

describe('a lesson resumed in a sandbox that does not hold its work (simulator)', () => {
  it('progress imported from another computer: setup and the passed steps replayed, progress kept, the next step passes with the learner’s command', async () => {
    const text = await progressFromAnotherComputer()
    const b = await start()
    expect((await b.call('progress:import', { text })).ok).toBe(true)
    expect(await b.containers()).toEqual([]) // nothing of the lesson here yet
    const p = await b.call('lessons:start', { id: BOX })
    expect(p.caughtUp).toEqual({ steps: 1 })
    expect(p).toMatchObject({ currentStep: 1, passed: [true, false, false, false], commands: 1 })
    expect(await b.containers()).toEqual(['box running'])
    expect((await b.run('docker diff box')).stdout).toContain('A /hello') // step 1's change is there
    const after = (await b.call('progress:get', undefined)).lessons[BOX]
    expect(after).toMatchObject({ currentStep: 2, commands: 2 }) // step 2 passed with the learner's own command
    expect(after.sandbox).not.toBe(JSON.parse(text).lessons[BOX].sandbox) // the work is here now
    // the replayed commands are not the learner's to undo: undo stops where the catch-up ended
    expect((await b.call('engine:undo', undefined)).undone).toBeNull()
    expect((await b.run('docker diff box')).stdout).toContain('A /hello')
  })

  it('resumed where its work is (same sandbox, after a restart too): nothing is replayed', async () => {
    const a = await start()
    await a.call('lessons:start', { id: BOX })
    await a.run("docker exec box sh -c 'echo hi > /hello'")
    await a.run('docker run -d --name extra ubuntu:14.04 sleep 1000') // the learner's own, in the lesson
    await a.call('lessons:close', undefined)
    let p = await a.call('lessons:start', { id: BOX })
    expect(p.caughtUp).toBeUndefined()
    await a.stop()
    const again = await start(a.dataDir)
    p = await again.call('lessons:start', { id: BOX })
    expect(p.caughtUp).toBeUndefined()
    expect(await again.containers()).toEqual(['box running', 'extra running'])
  })

  it('the sandbox started afresh (its state file gone): caught up; a file from before the sandbox id existed: caught up on import', async () => {
    const a = await start()
    await a.call('lessons:start', { id: BOX })
    await a.run("docker exec box sh -c 'echo hi > /hello'")
    await a.stop()
    await rm(path.join(a.dataDir, 'simulator-state.json'))
    const b = await start(a.dataDir)
    expect((await b.call('lessons:start', { id: BOX })).caughtUp).toEqual({ steps: 1 })
    expect(await b.containers()).toEqual(['box running'])

    const c = await start()
    const old = JSON.parse((await b.call('progress:export', undefined)).text)
    delete old.lessons[BOX].sandbox
    expect((await c.call('progress:import', { text: JSON.stringify(old) })).ok).toBe(true)
    expect((await c.call('progress:get', undefined)).lessons[BOX].sandbox).toBe('imported')
    expect((await c.call('lessons:start', { id: BOX })).caughtUp).toEqual({ steps: 1 })
  })

  it('the setup cannot run (a name it needs is taken): nothing replayed, progress untouched; a replayed command that fails stops the replay and says which', async () => {
    const text = await progressFromAnotherComputer()
    const b = await start()
    await b.call('progress:import', { text })
    await b.call('lessons:close', undefined) // the learner's own commands, in the free sandbox
    await b.run('docker pull ubuntu:14.04')
    await b.run('docker run -d --name box ubuntu:14.04 sleep 1000') // their own "box" holds the name
    const p = await b.call('lessons:start', { id: BOX })
    expect(p.caughtUp).toBeUndefined()
    expect(p.nameTaken).toBe('box') // as for any start: the panel offers to rename it
    expect(p).toMatchObject({ currentStep: 1, commands: 1 })

    // lesson 9, step 1 passed on machine A; here the learner's own container holds "builder", a name only step 1 uses
    const REBUILD = 'rebuild-does-not-update-containers'
    const a = await start()
    await a.call('lessons:start', { id: REBUILD })
    for (const line of ['docker run -d --name builder myapp:latest sleep 1000', "docker exec builder sh -c 'echo v2 > /version'", 'docker commit builder myapp:latest']) await a.run(line)
    expect((await a.call('progress:get', undefined)).lessons[REBUILD].currentStep).toBe(1)
    const c = await start()
    await c.call('progress:import', { text: (await a.call('progress:export', undefined)).text })
    await c.call('lessons:close', undefined)
    await c.run('docker pull ubuntu:14.04')
    await c.run('docker run -d --name builder ubuntu:14.04 sleep 1000')
    const q = await c.call('lessons:start', { id: REBUILD })
    expect(q.caughtUp).toEqual({ steps: 0, failed: 'docker run -d --name builder myapp:latest sleep 1000' })
    expect(q).toMatchObject({ currentStep: 1, commands: 3 }) // progress as it was
  })
})
