/**
 * Undo in the simulator, through the contract as the terminal uses it: each command that changed
 * the sandbox can be taken back, newest first; read-only commands leave nothing to undo; a live
 * daemon refuses (a real daemon cannot take a command back).
 */
import { describe, expect, it } from 'vitest'
import { useServices } from '../helpers/services'

const start = useServices()

describe('undo (simulator)', () => {
  it('takes back the commands that changed the sandbox, newest first, and no further', async () => {
    const { call, run } = await start()
    expect(await call('engine:undo', undefined)).toMatchObject({ ok: false, reason: 'empty' })
    await run('docker pull busybox')
    await run('docker run --name first busybox echo hi')
    await run('docker ps -a') // read-only: nothing to undo for it
    await run('docker tag busybox mine:1')
    const names = async () => (await call('engine:snapshot', undefined)).containers.map((c) => c.name)
    const tags = async () => (await call('engine:snapshot', undefined)).images.flatMap((i) => i.tags).sort()
    expect(await tags()).toEqual(['busybox:latest', 'mine:1'])

    expect(await call('engine:undo', undefined)).toMatchObject({ ok: true, undone: 'docker tag busybox mine:1', remaining: 2 })
    expect(await tags()).toEqual(['busybox:latest'])
    expect(await names()).toEqual(['first'])

    expect(await call('engine:undo', undefined)).toMatchObject({ ok: true, undone: 'docker run --name first busybox echo hi', remaining: 1 })
    expect(await names()).toEqual([])
    // the container's name is free again, as if the run never happened
    expect((await run('docker run --name first busybox true')).exitCode).toBe(0)
    expect(await call('engine:undo', undefined)).toMatchObject({ ok: true, remaining: 1 })

    expect(await call('engine:undo', undefined)).toMatchObject({ ok: true, undone: 'docker pull busybox', remaining: 0 })
    expect(await tags()).toEqual([])
    expect(await call('engine:undo', undefined)).toMatchObject({ ok: false, reason: 'empty' })
  })

  it('a failed command leaves nothing to undo; the snapshot revision keeps counting up', async () => {
    const { call, run } = await start()
    await run('docker pull busybox')
    const r1 = (await call('engine:snapshot', undefined)).revision
    expect((await run('docker rmi nosuch')).exitCode).toBe(1)
    expect(await call('engine:undo', undefined)).toMatchObject({ ok: true, undone: 'docker pull busybox' })
    expect((await call('engine:snapshot', undefined)).revision).toBeGreaterThan(r1)
  })

  it('the undone state is what is saved: it survives a restart', async () => {
    const a = await start()
    await a.run('docker pull busybox')
    await a.run('docker run --name keep busybox true')
    await a.run('docker run --name gone busybox true')
    await a.call('engine:undo', undefined)
    await a.stop()
    const b = await start({ dataDir: a.dataDir })
    expect((await b.call('engine:snapshot', undefined)).containers.map((c) => c.name)).toEqual(['keep'])
  })
})

const live = process.env.LAYERLAB_TEST_DOCKER ?? 'unix:///var/run/docker.sock'
describe('undo (live)', () => {
  it('is refused on a real daemon, and the sandbox is left alone', async () => {
    const { call, services } = await start({ mode: 'live' })
    if (services.status().kind !== 'live') {
      if (process.env.CI === 'true') throw new Error(`CI=true but no daemon at ${live}: ${services.status().reason}`)
      console.log(`[undo live] skipped: ${services.status().reason}`)
      return
    }
    expect(await call('engine:undo', undefined)).toMatchObject({ ok: false, reason: 'live' })
  })
})
