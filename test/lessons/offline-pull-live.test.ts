/**
 * A live daemon with no way to Docker Hub and no mirror: the lesson says so (offlinePull on the
 * pushed progress) and keeps going; nothing of it is saved. The daemon is faked here (the message
 * is the real dockerd's); lessons-live.test.ts covers the real daemon with a mirror.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DockerEngine } from '../../src/domain/engine'
import { createSimulator } from '../../src/domain/sim'
import { createLessonService } from '../../src/main/lessons-service'
import { createProgressStore } from '../../src/main/progress-store'
import type { LessonProgress, TerminalResult } from '../../src/shared/contract'

const HUB = 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host\n'

async function setup(kind: 'live' | 'simulator') {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'll-offline-'))
  const sim = createSimulator()
  const engine = new Proxy(sim, { get: (t, k) => (k === 'kind' ? kind : Reflect.get(t, k)) }) as DockerEngine
  const ran: string[] = []
  const pushed: LessonProgress[] = []
  const runCommand = async (line: string): Promise<TerminalResult> => {
    ran.push(line)
    return line.startsWith('docker pull') ? { exitCode: 1, stdout: '', stderr: HUB } : { exitCode: 0, stdout: '', stderr: '' }
  }
  const store = await createProgressStore(dir)
  const svc = await createLessonService({
    lessonsDir: path.resolve(__dirname, '../../lessons'),
    store,
    getEngine: () => engine,
    runCommand,
    emitProgress: (p) => pushed.push(p),
  })
  return { svc, ran, pushed, dir, runCommand }
}

describe('a pull that finds no registry, in live mode', () => {
  it('stops the setup at the failed pull and names the image on the progress', async () => {
    const { svc, ran, pushed, dir } = await setup('live')
    const p = await svc.start('changes-go-to-the-container')
    expect(ran).toEqual(['docker pull ubuntu:14.04'])
    expect(p.offlinePull).toBe('ubuntu:14.04')
    expect(pushed.at(-1)?.offlinePull).toBe('ubuntu:14.04')
    const saved = JSON.parse(await readFile(path.join(dir, 'progress.json'), 'utf8'))
    expect(JSON.stringify(saved)).not.toContain('offlinePull')
  })
  it('after a typed pull fails offline, and clears on the next command', async () => {
    const { svc, pushed, runCommand } = await setup('live')
    await svc.start('image-vs-container')
    const r = await runCommand('docker pull ubuntu:14.04')
    await svc.afterCommand('docker pull ubuntu:14.04', r)
    expect(pushed.at(-1)).toMatchObject({ lessonId: 'image-vs-container', offlinePull: 'ubuntu:14.04', currentStep: 0 })
    await svc.afterCommand('docker images', { exitCode: 0, stdout: '', stderr: '' })
    expect(pushed.at(-1)?.offlinePull).toBeUndefined()
  })
  it('says nothing on the simulator', async () => {
    const { svc, ran } = await setup('simulator')
    const p = await svc.start('changes-go-to-the-container')
    expect(p.offlinePull).toBeUndefined()
    expect(ran.length).toBe(2)
  })
})
