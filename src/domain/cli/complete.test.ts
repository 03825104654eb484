import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { columns, complete, type CompletionState } from './complete'
import { COMMANDS, GROUPS } from './commands'

const hex = (c: string) => c.repeat(64)
const state: CompletionState = {
  containers: [
    { id: `3f${hex('a').slice(2)}`, name: 'web-server', state: 'running' },
    { id: `3e${hex('b').slice(2)}`, name: 'web-cache', state: 'exited' },
    { id: hex('c'), name: 'db', state: 'paused' },
    { id: hex('d'), name: 'fresh', state: 'created' },
  ],
  images: [
    { id: `sha256:${hex('1')}`, tags: ['ubuntu:14.04', 'ubuntu:latest'] },
    { id: `sha256:${hex('2')}`, tags: ['nginx:1.25'] },
    { id: `sha256:${hex('9')}`, tags: [] },
    { id: `sha256:${hex('7')}`, tags: ['127.0.0.1:5000/ubuntu:14.04'] },
  ],
}
/** the line after completing at its end */
const done = (line: string, s = state) => {
  const c = complete(line, line.length, s)
  return line.slice(0, c.start) + c.insert
}
const cands = (line: string, s = state) => complete(line, line.length, s).candidates

describe('complete: subcommands', () => {
  it('completes docker itself, then a subcommand with its space', () => {
    expect(done('do')).toBe('docker ')
    expect(done('')).toBe('docker ')
    expect(done('docker ins')).toBe('docker inspect ')
    expect(done('docker ps')).toBe('docker ps ')
  })
  it('lists several and inserts their common prefix: docker ima → image, images', () => {
    const c = complete('docker ima', 10, state)
    expect(c.candidates).toEqual(['image', 'images'])
    expect(c.insert).toBe('image')
    expect(c.start).toBe(7)
    expect(c.end).toBe(10)
    expect(complete('docker im', 9, state)).toMatchObject({ insert: 'im', candidates: ['image', 'images', 'import'] })
  })
  it('lists every command and the groups after "docker "', () => {
    const all = cands('docker ')
    for (const name of [...Object.keys(COMMANDS), ...Object.keys(GROUPS)]) expect(all).toContain(name)
    expect(all).toEqual([...all].sort())
    expect(new Set(all).size).toBe(all.length)
  })
  it("completes a group's subcommands: docker image l → list, ls; docker container rm with its containers", () => {
    expect(cands('docker image l')).toEqual(['list', 'ls'])
    expect(done('docker container ren')).toBe('docker container rename ')
    expect(done('docker container rm web-s')).toBe('docker container rm web-server ')
    expect(done('docker image rm ngi')).toBe('docker image rm nginx:1.25 ')
  })
  it("docker's own flags at the first word", () => {
    expect(cands('docker --')).toEqual(['--help', '--version'])
    expect(done('docker --v')).toBe('docker --version ')
  })
  it('nothing for an unknown command, an unknown group subcommand, or a line that is not docker', () => {
    expect(cands('docker nope ')).toEqual([])
    expect(cands('docker image nope ')).toEqual([])
    expect(cands('ls -')).toEqual([])
    expect(cands('docker constructor ')).toEqual([])
    expect(cands('docker toString --')).toEqual([])
    expect(complete('docker nope x', 13, state)).toEqual({ start: 12, end: 13, insert: 'x', candidates: [] })
  })
})

describe('complete: flags from the command records', () => {
  it('long flags after --, with --help', () => {
    expect(cands('docker rm --')).toEqual(['--force', '--help', '--link', '--volumes'])
    expect(done('docker rm --fo')).toBe('docker rm --force ')
    expect(done('docker run --rm --na')).toBe('docker run --rm --name ')
  })
  it('short and long after a single -', () => {
    expect(cands('docker rm -')).toEqual(['--force', '--help', '--link', '--volumes', '-f', '-l', '-v'])
  })
  it('every flag of every command is offered', () => {
    for (const [name, cmd] of Object.entries(COMMANDS)) {
      const all = cands(`docker ${name} -`)
      for (const f of cmd.flags) {
        expect(all).toContain(`--${f.long}`)
        if (f.short) expect(all).toContain(`-${f.short}`)
      }
    }
  })
  it('no flags after --, nor after run/exec/create reached their image or container (the rest is the command)', () => {
    expect(cands('docker rm -- -')).toEqual([])
    expect(cands('docker run ubuntu:14.04 -')).toEqual([])
    expect(cands('docker exec web-server -')).toEqual([])
    expect(cands('docker rm web-server -')).toContain('--force')
  })
})

describe('complete: containers', () => {
  it('completes a name for rm (every container), then the next one too', () => {
    expect(done('docker rm -f web-s')).toBe('docker rm -f web-server ')
    expect(cands('docker rm web')).toEqual(['web-cache', 'web-server'])
    expect(complete('docker rm web', 13, state).insert).toBe('web-')
    expect(cands('docker rm ')).toEqual(['db', 'fresh', 'web-cache', 'web-server'])
    expect(done('docker rm web-server d')).toBe('docker rm web-server db ')
  })
  it('offers short IDs when the word starts one and no name', () => {
    expect(cands('docker rm 3')).toEqual(['3e' + 'b'.repeat(10), '3f' + 'a'.repeat(10)])
    expect(done('docker rm 3f')).toBe(`docker rm 3f${'a'.repeat(10)} `)
    expect(cands('docker rm ')).not.toContain('c'.repeat(12))
    // 'd' starts the name db and the ID dddd…: the name
    expect(cands('docker rm d')).toEqual(['db'])
    expect(done('docker rm dd')).toBe(`docker rm ${'d'.repeat(12)} `)
    // an ID of a container the command does not act on is not offered
    expect(cands('docker stop 3')).toEqual(['3f' + 'a'.repeat(10)])
  })
  it('offers the containers a command acts on, as bash-completion does', () => {
    expect(cands('docker start ')).toEqual(['fresh', 'web-cache'])
    expect(cands('docker stop ')).toEqual(['web-server'])
    expect(cands('docker kill ')).toEqual(['web-server'])
    expect(cands('docker pause ')).toEqual(['web-server'])
    expect(cands('docker unpause ')).toEqual(['db'])
    expect(cands('docker exec ')).toEqual(['web-server'])
    expect(cands('docker logs ')).toHaveLength(4)
    expect(cands('docker restart ')).toHaveLength(4)
  })
  it('only where the command takes a container: rename takes one, then a new name; exec one, then its command', () => {
    expect(cands('docker rename ')).toHaveLength(4)
    expect(cands('docker rename web-server ')).toEqual([])
    expect(cands('docker exec web-server ')).toEqual([])
    expect(cands('docker diff web-server ')).toEqual([])
    expect(cands('docker logs web-server ')).toEqual([])
  })
  it("skips a flag's value: docker logs --tail 5 w, docker stop -t 3 w; and gives nothing for the value itself", () => {
    expect(done('docker logs --tail 5 web-s')).toBe('docker logs --tail 5 web-server ')
    expect(done('docker stop -t 3 web-s')).toBe('docker stop -t 3 web-server ')
    expect(done('docker stop --time=3 web-s')).toBe('docker stop --time=3 web-server ')
    expect(cands('docker logs --tail ')).toEqual([])
    expect(cands('docker run --name ')).toEqual([])
    expect(cands('docker run -e ')).toEqual([])
    // -dit: bools together; -de: -e takes the next word
    expect(cands('docker run -dit ub')).toEqual(['ubuntu:14.04', 'ubuntu:latest'])
    expect(cands('docker run -de ')).toEqual([])
    expect(cands('docker run -de A=1 ub')).toEqual(['ubuntu:14.04', 'ubuntu:latest'])
    expect(cands('docker run -eA=1 ub')).toEqual(['ubuntu:14.04', 'ubuntu:latest'])
  })
  it('inspect takes a container or an image', () => {
    expect(cands('docker inspect ')).toEqual(['127.0.0.1:5000/ubuntu:14.04', 'db', 'fresh', 'nginx:1.25', 'ubuntu:14.04', 'ubuntu:latest', 'web-cache', 'web-server'])
    expect(cands('docker inspect db ')).toContain('nginx:1.25')
  })
  it('commit: a container, then a repository', () => {
    expect(cands('docker commit ')).toHaveLength(4)
    expect(cands('docker commit web-server ub')).toEqual(['ubuntu', 'ubuntu:14.04', 'ubuntu:latest'])
    expect(cands('docker commit web-server ubuntu x')).toEqual([])
  })
})

describe('complete: images', () => {
  it('completes repo:tag for run and create, with the common prefix first', () => {
    expect(done('docker run ng')).toBe('docker run nginx:1.25 ')
    expect(complete('docker run ub', 13, state).insert).toBe('ubuntu:')
    expect(cands('docker create ubuntu:')).toEqual(['ubuntu:14.04', 'ubuntu:latest'])
    expect(done('docker run -d --name web ng')).toBe('docker run -d --name web nginx:1.25 ')
    expect(done('docker container run ng')).toBe('docker container run nginx:1.25 ')
  })
  it('rmi, history, tag, push, pull: local references; an untagged image by its short ID', () => {
    expect(cands('docker rmi ')).toEqual(['127.0.0.1:5000/ubuntu:14.04', 'nginx:1.25', 'ubuntu:14.04', 'ubuntu:latest'])
    expect(done('docker rmi 9')).toBe(`docker rmi ${'9'.repeat(12)} `)
    expect(done('docker rmi nginx:1.25 ub')).toBe('docker rmi nginx:1.25 ubuntu:')
    expect(done('docker history ng')).toBe('docker history nginx:1.25 ')
    expect(done('docker tag ng')).toBe('docker tag nginx:1.25 ')
    expect(done('docker tag nginx:1.25 12')).toBe('docker tag nginx:1.25 127.0.0.1:5000/ubuntu:14.04 ')
    expect(cands('docker tag a b ')).toEqual([])
    expect(done('docker push 127')).toBe('docker push 127.0.0.1:5000/ubuntu:14.04 ')
    expect(done('docker pull ng')).toBe('docker pull nginx:1.25 ')
  })
  it('docker images: repositories and references', () => {
    expect(cands('docker images ')).toEqual(['127.0.0.1:5000/ubuntu', '127.0.0.1:5000/ubuntu:14.04', 'nginx', 'nginx:1.25', 'ubuntu', 'ubuntu:14.04', 'ubuntu:latest'])
    expect(cands('docker images ubuntu x')).toEqual([])
  })
  it('nothing where no image goes: build, import, version', () => {
    expect(cands('docker build ')).toEqual([])
    expect(cands('docker import ')).toEqual([])
    expect(cands('docker version ')).toEqual([])
    expect(cands('docker ps ')).toEqual([])
  })
  it('an empty engine offers no names, and no state at all is an empty engine', () => {
    expect(cands('docker rm ', { containers: [], images: [] })).toEqual([])
    expect(complete('docker rm w', 11).candidates).toEqual([])
    expect(complete('docker ins', 10).insert).toBe('inspect ')
  })
})

describe('complete: the word under the cursor', () => {
  it('completes the word before the cursor, in the middle of a line', () => {
    const line = 'docker rm web-s --force'
    const c = complete(line, 15, state)
    expect(c).toMatchObject({ start: 10, end: 15, insert: 'web-server ' })
    // in a word: what is before the cursor is completed
    expect(complete('docker rm web-sXYZ', 15, state)).toMatchObject({ start: 10, end: 15, insert: 'web-server ' })
    // the cursor after a space, in the middle: a new word
    expect(complete('docker  rm', 7, state).candidates.length).toBeGreaterThan(10)
  })
  it('leaves a quoted or escaped word alone, and counts a quoted word with spaces as one', () => {
    expect(cands('docker rm "web')).toEqual([])
    expect(cands("docker rm 'web")).toEqual([])
    expect(cands('docker rm web\\ ')).toEqual([])
    expect(cands('docker rename "a b" ')).toEqual([])
    expect(cands('docker run -e "A=1 2" ng')).toEqual(['nginx:1.25'])
  })
  it('clamps a cursor out of the line', () => {
    expect(complete('docker ins', 99, state).insert).toBe('inspect ')
    expect(complete('docker ins', -3, state)).toEqual({ start: 0, end: 0, insert: 'docker ', candidates: ['docker'] })
  })
  it('never throws, and what it inserts starts with the word it replaces (property)', () => {
    const alphabet = fc.constantFrom(...'docker rmi -f --name web ubuntu:14.04 "\'\\ \t image container'.split(''))
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')), fc.nat(45), (line, cur) => {
        const c = complete(line, cur, state)
        const word = line.slice(c.start, c.end)
        expect(c.start).toBeLessThanOrEqual(c.end)
        expect(c.insert.startsWith(word)).toBe(true)
        for (const x of c.candidates) expect(x.startsWith(word)).toBe(true)
      }),
    )
  })
})

describe('columns', () => {
  it('lays candidates out down then across, within the width', () => {
    expect(columns(['a', 'bb', 'c', 'd', 'e'], 8)).toEqual(['a   d', 'bb  e', 'c'])
    expect(columns(['image', 'images'], 80)).toEqual(['image   images'])
    for (const row of columns(cands('docker '), 40)) expect(row.length).toBeLessThanOrEqual(40)
  })
  it('one per row when a candidate is wider than the terminal; none for none', () => {
    expect(columns(['a-very-long-name', 'b'], 5)).toEqual(['a-very-long-name', 'b'])
    expect(columns([], 80)).toEqual([])
  })
})
