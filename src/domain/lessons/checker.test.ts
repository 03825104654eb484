import { describe, expect, it } from 'vitest'
import { createSimulator } from '../sim'
import { evaluate } from './checker'
import { seededRandom as seeded } from '../random'

async function sim() {
  let t = Date.parse('2026-01-01T00:00:00Z')
  const engine = createSimulator({ clock: () => (t += 1000), random: seeded(7) })
  return engine
}

describe('lesson checks over a real simulator snapshot', () => {
  it('imageTagged fails before a pull and passes after, with a reason in both languages', async () => {
    const e = await sim()
    const before = evaluate({ imageTagged: 'ubuntu:14.04' }, { snapshot: await e.snapshot(), history: [] })
    expect(before.ok).toBe(false)
    expect(before.why?.en).toContain('ubuntu:14.04')
    expect(before.why?.['zh-CN']).toContain('ubuntu:14.04')
    await e.pullImage('ubuntu:14.04')
    expect(evaluate({ imageTagged: 'ubuntu:14.04' }, { snapshot: await e.snapshot(), history: [] }).ok).toBe(true)
    expect(evaluate({ imageTagged: 'ubuntu' }, { snapshot: await e.snapshot(), history: [] }).ok).toBe(false)
  })

  it('counts running containers of an image, ignoring IDs', async () => {
    const e = await sim()
    await e.pullImage('ubuntu:14.04')
    const check = { containers: { image: 'ubuntu:14.04', state: 'running' as const, min: 2 } }
    const { Id } = await e.createContainer({ Image: 'ubuntu:14.04', Cmd: ['sleep', '1000'] })
    await e.startContainer(Id)
    expect(evaluate(check, { snapshot: await e.snapshot(), history: [] }).ok).toBe(false)
    const b = await e.createContainer({ Image: 'ubuntu:14.04', Cmd: ['sleep', '1000'] })
    await e.startContainer(b.Id)
    expect(evaluate(check, { snapshot: await e.snapshot(), history: [] }).ok).toBe(true)
    await e.stopContainer(b.Id)
    expect(evaluate(check, { snapshot: await e.snapshot(), history: [] }).ok).toBe(false)
  })

  it('sees a file in one container’s writable layer and not in another’s', async () => {
    const e = await sim()
    await e.pullImage('ubuntu:14.04')
    const a = await e.createContainer({ Image: 'ubuntu:14.04', Cmd: ['sleep', '1000'], name: 'box-a' })
    const b = await e.createContainer({ Image: 'ubuntu:14.04', Cmd: ['sleep', '1000'], name: 'box-b' })
    await e.startContainer(a.Id)
    await e.startContainer(b.Id)
    await e.exec('box-a', { Cmd: ['sh', '-c', 'echo hi > /hello'] })
    const snapshot = await e.snapshot()
    expect(evaluate({ containerFile: { name: 'box-a', path: '/hello', present: true } }, { snapshot, history: [] }).ok).toBe(true)
    expect(evaluate({ containerFile: { name: 'box-b', path: '/hello', present: false } }, { snapshot, history: [] }).ok).toBe(true)
    expect(evaluate({ containerFile: { name: 'box-b', path: '/hello', present: true } }, { snapshot, history: [] }).ok).toBe(false)
  })

  it('commandRan matches only commands of this step with the wanted exit code', async () => {
    const e = await sim()
    const snapshot = await e.snapshot()
    const check = { commandRan: { pattern: '^docker\\s+ps', exitCode: 0 } }
    expect(evaluate(check, { snapshot, history: [] }).ok).toBe(false)
    expect(evaluate(check, { snapshot, history: [{ line: 'docker ps --bogus', exitCode: 125 }] }).ok).toBe(false)
    expect(evaluate(check, { snapshot, history: [{ line: 'docker ps', exitCode: 0 }] }).ok).toBe(true)
  })

  it('all / any / not compose', async () => {
    const e = await sim()
    await e.pullImage('ubuntu:14.04')
    const snapshot = await e.snapshot()
    const yes = { imageTagged: 'ubuntu:14.04' }
    const nope = { imageTagged: 'ubuntu:12.04' }
    expect(evaluate({ all: [yes, nope] }, { snapshot, history: [] }).ok).toBe(false)
    expect(evaluate({ any: [nope, yes] }, { snapshot, history: [] }).ok).toBe(true)
    expect(evaluate({ not: nope }, { snapshot, history: [] }).ok).toBe(true)
  })
})
