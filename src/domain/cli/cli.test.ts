import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSimulator } from '../sim'
import { runDockerCommand, parseDockerLine, CliParseError } from '.'
import { table, humanSize, ellipsis } from './format'
import { renderTemplate } from './template'
import { CancelledError } from '../errors'

function setup() {
  let t = Date.parse('2026-01-01T00:00:00Z')
  let seed = 5
  const engine = createSimulator({ clock: () => t, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
  const run = async (line: string) => {
    let out = ''
    let err = ''
    const code = await runDockerCommand(line, { engine, now: () => t, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
    return { code, out, err }
  }
  return { engine, run, tick: (ms: number) => (t += ms) }
}

describe('docker CLI emulator', () => {
  it('formats tables as docker’s tabwriter: min width 10, 3 spaces of padding, last column bare', () => {
    expect(table([['REPOSITORY', 'TAG', 'IMAGE ID'], ['layerlab/busybox', 'base', '6a7707d7ac05']])).toBe(
      'REPOSITORY         TAG       IMAGE ID\nlayerlab/busybox   base      6a7707d7ac05\n',
    )
  })

  it('sizes and truncation as go-units and docker print them', () => {
    expect(humanSize(1982256)).toBe('1.98MB')
    expect(humanSize(0)).toBe('0B')
    expect(humanSize(72_900_000)).toBe('72.9MB')
    expect(humanSize(999)).toBe('999B')
    expect(ellipsis('sh -c while true; do sleep 1; done', 20)).toBe('sh -c while true; d…')
  })

  it('a cancelled pull (Ctrl-C, Cancel) prints nothing more and exits 130, as docker 20 and 28 do', async () => {
    const { engine } = setup()
    const ac = new AbortController()
    ac.abort()
    for (const line of ['docker pull ubuntu:14.04', 'docker run ubuntu:14.04 true', 'docker push 127.0.0.1:5000/x:1']) {
      let out = ''
      let err = ''
      const code = await runDockerCommand(line, { engine, signal: ac.signal, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
      expect(code, line).toBe(130)
      expect(err, line).not.toMatch(/cancel/)
      expect(out, line).not.toMatch(/cancel/)
    }
    // cancelled midway through several arguments: the rest are not attempted, and no error line
    let err = ''
    const cancelling = { ...engine, removeImage: async () => { throw new CancelledError() } } as typeof engine
    expect(await runDockerCommand('docker rmi a b', { engine: cancelling, io: { stdout: () => {}, stderr: (s) => (err += s) } })).toBe(130)
    expect(err).toBe('')
  })

  it('pull, images, run -d, ps: the foundation’s four commands', async () => {
    const { run, tick } = setup()
    expect((await run('docker images')).out).toBe('REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n')
    const pull = await run('docker pull ubuntu:14.04')
    expect(pull.code).toBe(0)
    expect(pull.out).toMatch(/^14\.04: Pulling from library\/ubuntu\n/)
    expect(pull.out).toMatch(/Status: Downloaded newer image for ubuntu:14\.04\ndocker\.io\/library\/ubuntu:14\.04\n$/)
    expect((await run('docker pull ubuntu:14.04')).out).toContain('Status: Image is up to date for ubuntu:14.04')
    const images = await run('docker images')
    expect(images.out.split('\n')[1]).toMatch(/^ubuntu {7}14\.04 {5}[0-9a-f]{12} {3}\S.* ago {3}\d/)
    const r = await run('docker run -d ubuntu:14.04 sleep 1000')
    expect(r.out).toMatch(/^[0-9a-f]{64}\n$/)
    tick(3000)
    const ps = await run('docker ps')
    const [head, row] = ps.out.split('\n')
    expect(head).toBe('CONTAINER ID   IMAGE          COMMAND        CREATED         STATUS         PORTS     NAMES')
    expect(row.startsWith(r.out.slice(0, 12))).toBe(true)
    expect(row).toContain('"sleep 1000"')
    expect(row).toContain('3 seconds ago')
    expect(row).toContain('Up 3 seconds')
  })

  it('writes go to the container’s writable layer: exec, diff, a fresh container does not see them', async () => {
    const { run } = setup()
    await run('docker pull ubuntu:14.04')
    await run('docker run -d --name one ubuntu:14.04 sleep 1000')
    await run('docker run -d --name two ubuntu:14.04 sleep 1000')
    expect((await run(`docker exec one sh -c 'echo hi > /hello'`)).code).toBe(0)
    expect((await run('docker diff one')).out).toContain('A /hello')
    expect((await run('docker diff two')).out).not.toContain('/hello')
    expect((await run('docker exec one cat /hello')).out).toBe('hi\n')
    expect((await run('docker exec two cat /hello')).code).not.toBe(0)
  })

  it('prints docker’s errors with docker’s exit codes', async () => {
    const { run } = setup()
    expect(await run('docker frobnicate')).toEqual({ code: 1, out: '', err: "docker: unknown command: docker frobnicate\n\nRun 'docker --help' for more information\n" })
    const flag = await run('docker run --foo x')
    expect(flag.code).toBe(125)
    expect(flag.err).toMatch(/^unknown flag: --foo\n\nUsage: {2}docker run \[OPTIONS\] IMAGE \[COMMAND\] \[ARG\.\.\.\]\n/)
    const missing = await run('docker rmi')
    expect(missing.code).toBe(1)
    expect(missing.err).toContain("docker: 'docker rmi' requires at least 1 argument")
    expect(await run('docker stop nosuch')).toEqual({ code: 1, out: '', err: 'Error response from daemon: No such container: nosuch\n' })
    expect(await run('docker inspect nosuch')).toEqual({ code: 1, out: '[]\n', err: 'Error: No such object: nosuch\n' })
    const bad = await run('docker pull UPPER')
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/^invalid reference format/)
    expect((await run('ls -l')).code).toBe(127)
    expect((await run('')).code).toBe(0)
  })

  it('inspect -f renders the Go-template forms learners use', async () => {
    const { run } = setup()
    await run('docker pull ubuntu:14.04')
    await run('docker run -d --name web ubuntu:14.04 sleep 1000')
    expect((await run(`docker inspect -f '{{.State.Status}} {{.Config.Cmd}}' web`)).out).toBe('running [sleep 1000]\n')
    const layers = JSON.parse((await run(`docker inspect -f '{{json .RootFS.Layers}}' ubuntu:14.04`)).out)
    expect(layers).toHaveLength(3)
    expect((await run(`docker inspect -f '{{len .RootFS.Layers}}' ubuntu:14.04`)).out).toBe('3\n')
    expect(renderTemplate('{{range .L}}{{println .}}{{end}}', { L: ['a', 'b'] })).toBe('a\nb\n')
    expect(renderTemplate('{{index .T 1}}', { T: ['x', 'y'] })).toBe('y')
  })

  it('parseDockerLine splits like a shell and refuses shell operators', () => {
    expect(parseDockerLine(`docker run -d ubuntu sh -c 'echo a > /b'`)).toEqual({ command: 'run', args: ['-d', 'ubuntu', 'sh', '-c', 'echo a > /b'] })
    expect(parseDockerLine('docker ps | grep x')).toBeInstanceOf(CliParseError)
  })

  it('hostile lines: nothing escapes, every failure is a message with a non-zero exit, state unchanged', async () => {
    const { engine, run } = setup()
    await run('docker pull ubuntu:14.04')
    const word = fc.oneof(
      fc.constantFrom('docker', 'run', 'rm', 'rmi', '-f', '--name', 'ps', 'images', 'tag', 'ubuntu:14.04', '-d', 'exec', 'inspect', '"', "'", '\\', '>', '|', ';', '{{.Id}}', '-it', '--no-trunc', '\u0000', '\u001b[31m'),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 8 }), async (words) => {
        const line = ['docker', ...words].join(' ')
        const before = JSON.stringify(engine.saveState())
        const r = await run(line)
        expect(typeof r.code).toBe('number')
        if (r.code !== 0) {
          expect(r.err.length + r.out.length).toBeGreaterThan(0)
          // a command that failed without doing any part of its work (multi-argument commands such as
          // `rmi a b` report per argument, as docker does, and may have done the first) changes nothing
          // (`run` whose program cannot start keeps the container it created, as dockerd does)
          if (r.out === '' && !/OCI runtime create failed/.test(r.err)) expect(JSON.stringify(engine.saveState())).toBe(before)
        }
      }),
      { numRuns: 300 },
    )
  })
})
