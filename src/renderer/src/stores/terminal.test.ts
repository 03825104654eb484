import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApiClient } from '../api/client'
import { useTerminalStore, COMMAND_ECHO_MS } from './terminal'
import { useLessonStore } from './lesson'
import { fakeClient } from './test-client'

beforeEach(() => setActivePinia(createPinia()))

describe('terminal store', () => {
  it('prints streamed chunks of its own run once, and not the final result again', async () => {
    const f = fakeClient({})
    const out: Array<[string, boolean]> = []
    f.client.invoke = (async (_c: string, req: { runId: string }) => {
      f.emit('terminal:output', { runId: 'someone-else', stream: 'stdout', data: 'NOT MINE' })
      f.emit('terminal:output', { runId: req.runId, stream: 'stdout', data: 'Pulling…\n' })
      f.emit('terminal:output', { runId: req.runId, stream: 'stderr', data: 'oops\n' })
      return { exitCode: 0, stdout: 'Pulling…\n', stderr: 'oops\n' }
    }) as never
    setApiClient(f.client)
    const t = useTerminalStore()
    const code = await t.run('docker pull ubuntu:14.04', (d, e) => out.push([d, e]))
    expect(code).toBe(0)
    expect(out).toEqual([['Pulling…\n', false], ['oops\n', true]])
    expect(t.lastCommand).toBe('docker pull ubuntu:14.04')
    expect(f.listeners.get('terminal:output')?.size).toBe(0)
    // a graph change now is put down to the command; one long after it (a container exiting on its own) is not
    expect(t.commandFor()).toBe('docker pull ubuntu:14.04')
    expect(t.commandFor(Date.now() + COMMAND_ECHO_MS + 1000)).toBe('')
  })
  it('prints the final result when nothing streamed, and errors in red', async () => {
    const f = fakeClient({ 'terminal:run': () => ({ exitCode: 1, stdout: 'a\n', stderr: 'Error response from daemon: No such image: nope:latest\n' }) })
    setApiClient(f.client)
    const out: Array<[string, boolean]> = []
    const code = await useTerminalStore().run('docker run nope', (d, e) => out.push([d, e]))
    expect(code).toBe(1)
    expect(out).toEqual([['a\n', false], ['Error response from daemon: No such image: nope:latest\n', true]])
    setApiClient(fakeClient({}).client)
    const out2: Array<[string, boolean]> = []
    await useTerminalStore().run('docker ps', (d, e) => out2.push([d, e]))
    expect(out2).toEqual([['no handler for terminal:run\n', true]])
  })
})

describe('Show me output', () => {
  it('goes to the attached terminal with the step example as title', async () => {
    const doc = { id: 'l1', title: { en: 'One' }, steps: [{ id: 's', title: { en: 'S' }, body: { en: 'b' }, action: { type: 'command', example: 'docker pull ubuntu:14.04' } }] }
    const f = fakeClient({
      'lessons:list': () => [],
      'lessons:get': () => doc,
      'lessons:start': () => ({ lessonId: 'l1', currentStep: 0, passed: [false], completed: false, commands: 0 }),
      'lessons:showMe': () => ({ exitCode: 0, stdout: 'Status: Downloaded\n', stderr: 'warn\n' }),
    })
    setApiClient(f.client)
    const out: Array<[string, boolean]> = []
    useTerminalStore().attach((d, e) => out.push([d, e]))
    const l = useLessonStore()
    await l.open('l1')
    await l.showMe(0)
    expect(out.map((o) => o[0]).join('')).toContain('# docker pull ubuntu:14.04\nStatus: Downloaded\nwarn\n')
    expect(out.find((o) => o[0] === 'warn\n')?.[1]).toBe(true)
    expect(useTerminalStore().lastCommand).toBe('docker pull ubuntu:14.04')
  })
})

describe('Show me and the graph’s explanation', () => {
  it('a change made while a Show me runs is put down to its command, not to the one before it; a failed one ends too', async () => {
    const step = (example: string) => ({ id: example, title: { en: 'S' }, body: { en: 'b' }, action: { type: 'command', example } })
    const doc = { id: 'l1', title: { en: 'One' }, steps: [step('docker commit builder myapp:latest'), step('docker run -d --name new myapp:latest sleep 1000'), step('docker ps')] }
    const seen: string[] = []
    const f = fakeClient({
      'lessons:list': () => [],
      'lessons:get': () => doc,
      'lessons:start': () => ({ lessonId: 'l1', currentStep: 0, passed: [false, false, false], completed: false, commands: 0 }),
      'lessons:showMe': (req: unknown) => {
        // what the graph's explanation would name for a change arriving now
        seen.push(useTerminalStore().commandFor())
        if ((req as { step: number }).step === 2) throw new Error('daemon gone')
        return { exitCode: 0, stdout: '', stderr: '' }
      },
    })
    setApiClient(f.client)
    const t = useTerminalStore()
    const l = useLessonStore()
    await l.open('l1')
    await l.showMe(0)
    await l.showMe(1)
    expect(seen).toEqual(['docker commit builder myapp:latest', 'docker run -d --name new myapp:latest sleep 1000'])
    expect(t.running).toBeNull()
    await l.showMe(2)
    expect(seen.at(-1)).toBe('docker ps')
    expect(t.running).toBeNull() // the failed one ended: Ctrl-C and later commands are not held by it
    expect(t.commandFor(Date.now() + COMMAND_ECHO_MS + 1)).toBe('')
  })
})

describe('prompt history', () => {
  it('keeps the lines entered, oldest first, not blank ones nor the same line twice in a row, across the terminal being shown again', () => {
    const t = useTerminalStore()
    for (const line of ['docker ps', '  ', 'docker ps', 'docker images', 'docker ps']) t.remember(line)
    expect([...t.history]).toEqual(['docker ps', 'docker images', 'docker ps'])
    // the same array for every reader (the line editor holds it)
    expect(useTerminalStore().history).toBe(t.history)
  })
})
