/**
 * docker rmi as dockerd 20.10 decides it (moby daemon/images/image_delete.go: ImageDelete,
 * imageDeleteHelper, imageIsDangling), each rule seen on the daemon here with the docker CLI 28 and
 * held by test/differential/generated.test.ts too:
 * - by the last tag of an image another image was built FROM: untagged, kept as an untagged parent;
 * - by ID: refused while a child depends on it, forced or not ("cannot be forced");
 * - once its last child goes, an untagged parent goes with it (pruning);
 * - an image-ID prefix two images share names neither ("No such image").
 */
import { describe, expect, it } from 'vitest'
import { runDockerCommand } from '../cli'
import { seededRandom } from '../random'
import { createSimulator } from './index'

async function session() {
  const sim = createSimulator({ random: seededRandom(3) })
  const run = async (line: string) => {
    let out = ''
    let err = ''
    const code = await runDockerCommand(line, { engine: sim, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
    return { out, err, code }
  }
  expect((await run('docker pull busybox')).code).toBe(0)
  expect((await run('docker tag busybox p/base:1')).code).toBe(0)
  await run('docker rmi busybox')
  await run("docker run --name cc p/base:1 sh -c 'echo 1 > /f'")
  expect((await run('docker commit cc p/child:1')).code).toBe(0)
  await run('docker rm cc')
  const parent = (await sim.inspectImage('p/base:1')).Id
  const child = (await sim.inspectImage('p/child:1')).Id
  return { sim, run, parent, child }
}

describe('docker rmi and parent images', () => {
  it('by the last tag of a parent: untagged, and the image stays as the child’s parent', async () => {
    const { sim, run, parent, child } = await session()
    expect((await sim.inspectImage(child)).Parent).toBe(parent)
    expect(await run('docker rmi p/base:1')).toEqual({ out: 'Untagged: p/base:1\n', err: '', code: 0 })
    expect((await sim.inspectImage(parent)).RepoTags).toEqual([])
    expect((await sim.inspectImage(child)).Parent).toBe(parent)
  })

  it('by ID: refused while a child depends on it, even forced', async () => {
    const { run, parent } = await session()
    const refusal = `Error response from daemon: conflict: unable to delete ${parent.slice(7, 19)} (cannot be forced) - image has dependent child images\n`
    expect(await run(`docker rmi ${parent}`)).toEqual({ out: '', err: refusal, code: 1 })
    expect(await run(`docker rmi -f ${parent.slice(7, 19)}`)).toEqual({ out: '', err: refusal, code: 1 })
  })

  it('the untagged parent goes with its last child', async () => {
    const { sim, run, parent, child } = await session()
    await run('docker rmi p/base:1')
    const r = await run('docker rmi p/child:1')
    expect(r.code).toBe(0)
    expect(r.out.split('\n').filter(Boolean)).toEqual(expect.arrayContaining(['Untagged: p/child:1', `Deleted: ${child}`, `Deleted: ${parent}`]))
    await expect(sim.inspectImage(parent)).rejects.toThrow(/No such image/)
  })

  it('an image-ID prefix two images share names neither; one they do not share names one', async () => {
    const sim = createSimulator({ random: seededRandom(5) })
    const io = { stdout: () => {}, stderr: () => {} }
    await runDockerCommand('docker pull busybox', { engine: sim, io })
    // commit containers until two image IDs share their first hex digit (at most 17 images)
    const ids: string[] = []
    let shared: [string, string] | null = null
    for (let i = 0; i < 17 && !shared; i++) {
      await runDockerCommand(`docker run --name k${i} busybox sh -c 'echo ${i} > /n'`, { engine: sim, io })
      await runDockerCommand(`docker commit k${i} k/img:${i}`, { engine: sim, io })
      const id = (await sim.inspectImage(`k/img:${i}`)).Id
      const other = ids.find((x) => x[7] === id[7])
      if (other) shared = [other, id]
      ids.push(id)
    }
    expect(shared).not.toBeNull()
    const [a, b] = shared!
    const common = a.slice(7).split('').findIndex((ch, i) => b[7 + i] !== ch)
    const ambiguous = a.slice(7, 7 + common)
    await expect(sim.inspectImage(ambiguous)).rejects.toThrow(new RegExp(`^no such image: ${ambiguous}: No such image: ${ambiguous}`))
    expect((await sim.inspectImage(a.slice(7, 7 + common + 1))).Id).toBe(a)
    expect((await sim.inspectImage(b.slice(7, 7 + common + 1))).Id).toBe(b)
  })
})
