import { describe, expect, it } from 'vitest'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createSimulatorStore } from '../src/main/sim-store'

describe('the sandbox simulator on disk', () => {
  it('survives a restart: what was pulled and run is there again', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'll-sim-'))
    const file = path.join(dir, 'simulator-state.json')
    const a = await createSimulatorStore(file, { seed: 1 })
    await a.engine.pullImage('ubuntu:14.04')
    const { Id } = await a.engine.createContainer({ Image: 'ubuntu:14.04', Cmd: ['sleep', '1000'], name: 'kept' })
    a.scheduleSave()
    await a.flush()
    const b = await createSimulatorStore(file)
    expect(b.notice).toBeNull()
    expect((await b.engine.inspectContainer('kept')).Id).toBe(Id)
    expect((await b.engine.listImages()).map((i) => i.RepoTags).flat()).toContain('ubuntu:14.04')
  })

  it('sets a corrupt state file aside with a notice and starts a fresh sandbox', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'll-sim-'))
    const file = path.join(dir, 'simulator-state.json')
    await writeFile(file, '{"format":"layerlab-sim/1", "images": 42')
    const s = await createSimulatorStore(file)
    expect(s.notice).toMatch(/could not be loaded/)
    expect(await s.engine.listImages()).toEqual([])
    const aside = (await readdir(dir)).find((f) => f.startsWith('simulator-state.json.corrupt-'))
    expect(aside).toBeDefined()
    expect(await readFile(path.join(dir, aside!), 'utf8')).toBe('{"format":"layerlab-sim/1", "images": 42')
  })

  it('keeps one identity per sandbox: the same after restarts (also with nothing changed), a new one when it starts fresh', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'll-sim-'))
    const file = path.join(dir, 'simulator-state.json')
    const a = await createSimulatorStore(file)
    await a.flush() // nothing changed in the sandbox; its new identity is written anyway
    const b = await createSimulatorStore(file)
    await b.flush()
    expect(b.sandboxId).toBe(a.sandboxId)
    expect(JSON.parse(await readFile(file, 'utf8')).sandboxId).toBe(a.sandboxId)
    // a state file from before the identity existed is loaded as it is and gets one
    const { sandboxId: _, ...old } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    await writeFile(file, JSON.stringify(old))
    const c = await createSimulatorStore(file)
    expect(c.notice).toBeNull()
    expect(c.sandboxId).not.toBe(a.sandboxId)
    await c.flush()
    expect((await createSimulatorStore(file)).sandboxId).toBe(c.sandboxId)
    await writeFile(file, '{"format": 7')
    expect((await createSimulatorStore(file)).sandboxId).not.toBe(c.sandboxId)
  })
})
