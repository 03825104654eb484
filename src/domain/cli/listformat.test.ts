import { describe, expect, it } from 'vitest'
import { createSimulator } from '../sim'
import { runDockerCommand } from '.'
import { writeTar } from '../tar'

function setup() {
  let t = Date.parse('2026-01-01T00:00:00Z')
  let seed = 7
  const engine = createSimulator({ clock: () => t, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
  const files = new Map<string, Uint8Array>()
  const host = {
    cwd: '/',
    readFile: async (p: string) => {
      const f = files.get(p)
      if (!f) throw new Error('ENOENT')
      return f
    },
    tarDirectory: async () => writeTar([{ name: 'Dockerfile', content: 'FROM busybox\nCOPY a.txt /a.txt\nCMD ["cat", "/a.txt"]\nWORKDIR /w\n' }, { name: 'a.txt', content: 'a\n', mode: 0o644 }]),
  }
  const run = async (line: string) => {
    let out = ''
    let err = ''
    const code = await runDockerCommand(line, { engine, host, now: () => t, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
    return { code, out, err }
  }
  return { run, tick: (ms: number) => (t += ms) }
}

describe('--format for ps, images and history', () => {
  it('renders fields, table headers, {{json .}} with sorted keys and Go escapes', async () => {
    const { run, tick } = setup()
    await run('docker pull busybox')
    await run('docker run -d --name web busybox sleep 1000')
    tick(2000)
    expect((await run(`docker ps --format '{{.Names}} {{.Image}} {{.Command}} {{.Status}}'`)).out).toBe('web busybox "sleep 1000" Up 2 seconds\n')
    expect((await run(`docker ps --format 'table {{.ID}}\\t{{.Names}}'`)).out).toMatch(/^CONTAINER ID {3}NAMES\n[0-9a-f]{12} {3}web\n$/)
    const json = JSON.parse((await run(`docker ps --format '{{json .}}'`)).out)
    expect(Object.keys(json)).toEqual([...Object.keys(json)].sort())
    expect(json).toMatchObject({ Names: 'web', State: 'running', Networks: 'bridge', Size: '0B (virtual 1.05MB)', Platform: null })
    const img = (await run(`docker images --format '{{json .}}'`)).out
    expect(img).toContain('"Repository":"busybox"')
    expect((await run(`docker images --format '{{.Repository}}:{{.Tag}} {{.Size}} {{.VirtualSize}}'`)).out).toBe('busybox:latest 1.05MB 1.053MB\n')
    expect((await run(`docker images --format 'table {{.Repository}}:{{.Tag}}\\t{{.ID}}'`)).out).toMatch(/^REPOSITORY:TAG {3}IMAGE ID\nbusybox:latest {3}[0-9a-f]{12}\n$/)
    expect((await run('docker images --format table')).out).toMatch(/^REPOSITORY {3}TAG {7}IMAGE ID/)
  })

  it('an unknown field fails as Go templates do; -q wins over --format with a warning', async () => {
    const { run } = setup()
    await run('docker pull busybox')
    await run('docker run -d --name web busybox sleep 1000')
    expect(await run(`docker ps --format '{{.ID}} {{.Nope}}'`)).toEqual({ code: 1, out: '', err: 'failed to execute template: template: :1:10: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext\n' })
    expect((await run(`docker ps --format 'table {{.ID}}\\t{{.Nope}}'`)).err).toContain('template: :1:17: executing "" at <.Nope>')
    const q = await run(`docker ps -q --format '{{.Names}}'`)
    expect(q.out).toMatch(/^[0-9a-f]{12}\n$/)
    expect(q.err).toBe('WARNING: Ignoring custom format, because both --format and --quiet are set.\n')
  })

  it('history --format and the legacy builder texts (COPY tarsum, exec-form CMD, one-space WORKDIR)', async () => {
    const { run } = setup()
    await run('docker pull busybox')
    const b = await run('docker build -t app:1 .')
    expect(b.code).toBe(0)
    expect(b.out).toMatch(/Step 2\/4 : COPY a.txt \/a.txt\n ---> [0-9a-f]{12}\nStep 3\/4/) // COPY runs no container
    const h = (await run(`docker history --no-trunc --format '{{.CreatedBy}}' app:1`)).out.split('\n')
    expect(h[0]).toBe('/bin/sh -c #(nop) WORKDIR /w')
    expect(h[1]).toBe('/bin/sh -c #(nop)  CMD ["cat" "/a.txt"]')
    // sha256("name" + "a.txt" + "mode420uid0gid0size2typeflag0linknameunamegnamedevmajor0devminor0" + "a\n")
    expect(h[2]).toMatch(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/a.txt $/)
  })
})

describe('registry and reference texts as docker 20.10 prints them', () => {
  it('UPPER/case is a lowercase error from the daemon; push streams its errors bare', async () => {
    const { run } = setup()
    expect(await run('docker pull UPPER/case')).toEqual({ code: 1, out: 'Using default tag: latest\n', err: 'Error response from daemon: invalid reference format: repository name must be lowercase\n' })
    await run('docker pull busybox')
    expect((await run('docker tag busybox UPPER/case')).err).toBe('Error response from daemon: invalid reference format: repository name must be lowercase\n')
    expect((await run('docker run UPPER/case')).code).toBe(125)
    await run('docker tag busybox 127.0.0.1:5000/demo:1')
    expect(await run('docker push 127.0.0.1:5000/demo')).toEqual({
      code: 1,
      out: 'Using default tag: latest\nThe push refers to repository [127.0.0.1:5000/demo]\n',
      err: 'tag does not exist: 127.0.0.1:5000/demo:latest\n',
    })
    expect((await run('docker push 127.0.0.1:5000/nosuch:1')).err).toBe('An image does not exist locally with the tag: 127.0.0.1:5000/nosuch\n')
    const push = await run('docker push 127.0.0.1:5000/demo:1')
    expect(push.out).toMatch(/^The push refers to repository \[127\.0\.0\.1:5000\/demo\]\n[0-9a-f]{12}: Preparing\n[0-9a-f]{12}: Pushed\n1: digest: sha256:[0-9a-f]{64} size: \d+\n$/)
    await run('docker tag busybox 127.0.0.1:5000/other:1')
    expect((await run('docker push 127.0.0.1:5000/other:1')).out).toContain(': Mounted from demo\n')
    expect((await run('docker rmi 127.0.0.1:5000/demo:1')).out).toMatch(/^Untagged: 127\.0\.0\.1:5000\/demo:1\nUntagged: 127\.0\.0\.1:5000\/demo@sha256:[0-9a-f]{64}\n$/)
    // the image is still here (busybox): the pull needs no layer
    expect((await run('docker pull 127.0.0.1:5000/demo:1')).out).toMatch(/^1: Pulling from demo\nDigest: sha256:[0-9a-f]{64}\nStatus: Downloaded newer image for 127\.0\.0\.1:5000\/demo:1\n/)
  })
})

describe('json in templates', () => {
  it('{{json .}} of a list row escapes <>& as json.Marshal; {{json .X}} does not (docker turns HTML escaping off)', async () => {
    const { renderTemplate } = await import('./template')
    const { formatList, IMAGE_HEADERS } = await import('./listformat')
    expect(renderTemplate('{{json .Config.Labels}}', { Config: { Labels: { a: '<b>&c' } } })).toBe('{"a":"<b>&c"}')
    expect(formatList('{{json .}}', [{ Tag: '<none>', ID: 'x' }], IMAGE_HEADERS, 'imageContext')).toBe('{"ID":"x","Tag":"\\u003cnone\\u003e"}\n')
    expect(formatList('{{json .Tag}}', [{ Tag: '<none>' }], IMAGE_HEADERS, 'imageContext')).toBe('"<none>"\n')
  })
})
