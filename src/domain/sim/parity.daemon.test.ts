/**
 * Parity with the real daemon: the same calls against dockerd (over /var/run/docker.sock) and the
 * simulator must give the same HTTP status and the same message. Needs the daemon and the busybox
 * base tar: fails in CI when they are missing, skips with a printed reason elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimulator, type SimulatorEngine } from './index'
import { isEngineError } from '../errors'

const SOCKET = '/var/run/docker.sock'
const TAR = '/tmp/layerlab-services/busybox-rootfs.tar'
const BASE = 'layerlab/busybox:base'

function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: { message?: string } & Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request({ socketPath: SOCKET, method, path: `/v1.41${path}`, headers: data ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : {} }))
    })
    req.on('error', reject)
    req.setTimeout(5000, () => req.destroy(new Error('timeout')))
    req.end(data)
  })
}

async function daemonUp(): Promise<string | null> {
  if (!existsSync(SOCKET)) return `no Docker socket at ${SOCKET}`
  if (!existsSync(TAR)) return `${TAR} is missing (bash .ci/services.sh start)`
  try {
    const r = await api('GET', `/images/${BASE}/json`)
    if (r.status !== 200) return `${BASE} is not on the daemon (bash .ci/services.sh start)`
  } catch (e) {
    return `the daemon does not answer: ${(e as Error).message}`
  }
  return null
}

async function simCall(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p
    return { status: 0, message: '' }
  } catch (e) {
    if (!isEngineError(e)) throw e
    return { status: e.statusCode, message: e.message }
  }
}

const NAME = 'layerlab-parity-h1'
let reason: string | null = null
let sim: SimulatorEngine
let realId = ''
let simId = ''

beforeAll(async () => {
  reason = await daemonUp()
  if (reason) {
    console.log(`daemon parity tests skipped: ${reason}`)
    if (process.env.CI === 'true') throw new Error(`CI needs the Docker daemon: ${reason}`)
    return
  }
  await api('DELETE', `/containers/${NAME}?force=1`)
  const r = await api('POST', `/containers/create?name=${NAME}`, { Image: BASE, Cmd: ['sleep', '300'], Labels: { 'io.layerlab.test': 'parity' } })
  realId = String(r.json.Id)
  sim = createSimulator()
  await sim.importImage(new Uint8Array(readFileSync(TAR)), { repo: 'layerlab/busybox', tag: 'base' })
  simId = (await sim.createContainer({ Image: BASE, Cmd: ['sleep', '300'], name: NAME })).Id
})

afterAll(async () => {
  if (!reason && realId) await api('DELETE', `/containers/${realId}?force=1`)
})

describe('same status and message as dockerd', () => {
  const cases: Array<[string, () => Promise<{ status: number; json: { message?: string } }>, () => Promise<unknown>]> = [
    ['inspect a missing container', () => api('GET', '/containers/nosuch-h1/json'), () => sim.inspectContainer('nosuch-h1')],
    ['create from a missing image', () => api('POST', '/containers/create', { Image: 'nosuch:1' }), () => sim.createContainer({ Image: 'nosuch:1' })],
    ['create from an uppercase reference', () => api('POST', '/containers/create', { Image: 'Bad' }), () => sim.createContainer({ Image: 'Bad' })],
    ['remove a missing image', () => api('DELETE', '/images/abc123'), () => sim.removeImage('abc123')],
    ['history of a missing image', () => api('GET', '/images/nosuch/history'), () => sim.imageHistory('nosuch')],
    ['pause a created container', () => api('POST', `/containers/${NAME}/pause`), () => sim.pauseContainer(NAME)],
    ['unpause a created container', () => api('POST', `/containers/${NAME}/unpause`), () => sim.unpauseContainer(NAME)],
    ['rename to the same name', () => api('POST', `/containers/${NAME}/rename?name=${NAME}`), () => sim.renameContainer(NAME, NAME)],
    ['unknown image filter', () => api('GET', `/images/json?filters=${encodeURIComponent('{"foo":["x"]}')}`), () => sim.listImages({ filters: { foo: ['x'] } })],
    ['bad dangling filter', () => api('GET', `/images/json?filters=${encodeURIComponent('{"dangling":["maybe"]}')}`), () => sim.listImages({ filters: { dangling: ['maybe'] } })],
    ['bad status filter', () => api('GET', `/containers/json?filters=${encodeURIComponent('{"status":["sleeping"]}')}`), () => sim.listContainers({ filters: { status: ['sleeping'] } })],
    ['before a missing container', () => api('GET', `/containers/json?filters=${encodeURIComponent('{"before":["nosuch-h1"]}')}`), () => sim.listContainers({ filters: { before: ['nosuch-h1'] } })],
    ['kill a created container', () => api('POST', `/containers/${NAME}/kill`), () => sim.killContainer(NAME)],
    ['exec in a created container', () => api('POST', `/containers/${NAME}/exec`, { Cmd: ['ls'] }), () => sim.exec(NAME, { Cmd: ['ls'] })],
    ['name conflict', () => api('POST', `/containers/create?name=${NAME}`, { Image: BASE, Cmd: ['true'] }), () => sim.createContainer({ Image: BASE, Cmd: ['true'], name: NAME })],
  ]
  for (const [title, real, simulated] of cases) {
    it(title, async (ctx) => {
      if (reason) {
        ctx.skip(`daemon parity skipped: ${reason}`)
        return
      }
      const r = await real()
      const s = await simCall(simulated())
      const norm = (m: string) => m.replaceAll(realId, '<id>').replaceAll(simId, '<id>')
      expect({ status: s.status, message: norm(s.message) }).toEqual({ status: r.status, message: norm(String(r.json.message)) })
    })
  }
})
