import { describe, expect, it } from 'vitest'
import { canonicalTables, diffChunks, judge, strictNormalizer } from './harness'

// `docker images` as docker 28 printed it here (tabwriter: columns at least 10 wide, 3 spaces past the widest cell)
const DOCKER_IMAGES = ['REPOSITORY         TAG       IMAGE ID       CREATED             SIZE', 'lldiff/busybox     base      ee648827bfe3   About an hour ago   1.98MB', 'layerlab/busybox   base      ee648827bfe3   About an hour ago   1.98MB'].join('\n')

describe('the differential harness', () => {
  it('takes docker’s own table layout, cell by cell', () => {
    const t = canonicalTables(`$ docker images\n--- stdout\n${DOCKER_IMAGES}\n--- stderr\n--- exit 0\n`)
    expect(t).not.toContain('!misaligned')
    expect(t).toContain('layerlab/busybox │ base │ ee648827bfe3 │ About an hour ago │ 1.98MB')
  })
  it('flags a table one space off, a column padded by two, and one under the minimum width', () => {
    const oneOff = DOCKER_IMAGES.replace('layerlab/busybox   base', 'layerlab/busybox    base')
    expect(canonicalTables(oneOff)).toContain('!misaligned')
    const twoPadding = ['NAME  TAG', 'a-long-name  x'].join('\n')
    expect(canonicalTables(twoPadding)).toContain('!misaligned')
    const narrow = ['ID   NAME', 'ab   c'].join('\n')
    expect(canonicalTables(narrow)).toContain('!misaligned')
  })
  it('keeps spaces, blank lines and carriage returns as they are', () => {
    const norm = strictNormalizer('6.1.0')
    expect(norm('a  b\r\n\nkernel 6.1.0')).toBe('a  b\r\n\nkernel <kernel>')
  })
  it('claims a difference only by a known name, and reports a known one no longer seen', () => {
    const chunks = diffChunks(['$ docker x', 'one', '$ docker y', 'two'], ['$ docker x', 'uno', '$ docker y', 'two'])
    expect(chunks).toEqual([{ at: '$ docker x', ours: ['one'], real: ['uno'] }])
    const k = { name: 'x says one', why: 'test', at: /^\$ docker x$/ }
    const stale = { name: 'y', why: 'test', at: /^\$ docker y$/ }
    expect(judge(chunks, [k, stale])).toEqual({ unexplained: [], unused: [stale] })
    expect(judge(chunks, []).unexplained).toHaveLength(1)
  })
})
