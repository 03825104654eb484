/**
 * Browser mode writes the first screen's data into index.html (src/shared/wire.ts BOOT_DATA_ID):
 * only for a page with the right token, escaped so no text in it can end the element, and left out
 * when the services are slow. Hashed assets are served cacheable, the page never.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { BOOT_DATA_WAIT_MS, bootDataElement, startWebServer, type WebServer } from '../../src/web/server'
import { CHANNELS, type Handlers } from '../../src/shared/contract'
import { BOOT_DATA_ID } from '../../src/shared/wire'

const TOKEN = 'c'.repeat(64)
const PAGE = '<!doctype html><html><head><title>x</title></head><body><div id="app"></div></body></html>'
let dir = ''
let srv: WebServer | null = null

async function serve(answer: (channel: string) => Promise<unknown>, opts: { handlers?: boolean } = {}) {
  dir = await mkdtemp(path.join(os.tmpdir(), 'layerlab-boot-'))
  await writeFile(path.join(dir, 'index.html'), PAGE)
  await mkdir(path.join(dir, 'assets'))
  await writeFile(path.join(dir, 'assets', 'boot-AbCd_-12.js'), 'export {}')
  await writeFile(path.join(dir, 'assets', 'plain.js'), 'export {}')
  srv = await startWebServer({ staticDir: dir, token: TOKEN })
  if (opts.handlers !== false) srv.setHandlers(Object.fromEntries(CHANNELS.map((c) => [c, () => answer(c)])) as unknown as Handlers)
  return srv
}
afterEach(async () => {
  await srv?.close()
  srv = null
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** the page as served, and the data element's JSON (null when there is none) */
async function page(query: string): Promise<{ html: string; data: Record<string, unknown> | null }> {
  const res = await fetch(`${srv!.origin}/${query}`)
  const html = await res.text()
  const m = new RegExp(`<script type="application/json" id="${BOOT_DATA_ID}">(.*?)</script>`, 's').exec(html)
  return { html, data: m ? (JSON.parse(m[1]) as Record<string, unknown>) : null }
}

describe('first-screen data in the page (browser mode)', () => {
  it('a page with the right token carries the lesson list and progress answers, in <head>, before the scripts run', async () => {
    await serve(async (c) => ({ from: c }))
    const { html, data } = await page(`?token=${TOKEN}`)
    expect(data).toEqual({ 'lessons:list': { result: { from: 'lessons:list' } }, 'progress:get': { result: { from: 'progress:get' } } })
    expect(html.indexOf(BOOT_DATA_ID)).toBeLessThan(html.indexOf('</head>'))
  })

  it('no token, a wrong token or no services yet: the plain page (it asks over the WebSocket instead)', async () => {
    await serve(async (c) => ({ from: c }))
    expect((await page('')).data).toBeNull()
    expect((await page(`?token=${'d'.repeat(64)}`)).data).toBeNull()
    expect((await page(`?token=${TOKEN.slice(1)}`)).data).toBeNull()
    await srv!.close()
    await rm(dir, { recursive: true, force: true })
    await serve(async () => ({}), { handlers: false })
    expect((await page(`?token=${TOKEN}`)).html).toBe(PAGE)
  })

  it('a failing service is carried as its error envelope, as the WebSocket would answer', async () => {
    await serve(async (c) => {
      if (c === 'progress:get') throw new Error('progress file unreadable')
      return []
    })
    const { data } = await page(`?token=${TOKEN}`)
    expect(data?.['progress:get']).toMatchObject({ error: { message: 'progress file unreadable' } })
    expect(data?.['lessons:list']).toEqual({ result: [] })
  })

  it('text from the data (an imported progress file, a title) cannot close the element or open a script', async () => {
    const nasty = '</script><script>alert(1)</script><!-- & \u2028\u2029 </SCRIPT >'
    await serve(async () => ({ title: nasty }))
    const { html, data } = await page(`?token=${TOKEN}`)
    expect(html.match(/<script/gi)).toHaveLength(1) // only the data element itself
    expect(html).not.toContain('alert(1)</script>')
    expect(data).toEqual({ 'lessons:list': { result: { title: nasty } }, 'progress:get': { result: { title: nasty } } })
    // the same by construction, for any string
    for (const s of ['<', '>', '&', '\u2028', '\u2029', '</script>', '<!--']) expect(bootDataElement({ 'lessons:list': { result: s } })).not.toMatch(/<\/script>.*<\/script>|<!--|\u2028|\u2029/s)
  })

  it(`services slower than ${BOOT_DATA_WAIT_MS} ms: the page is sent without the data rather than held back`, async () => {
    let release: () => void = () => {}
    await serve((c) => (c === 'lessons:list' ? new Promise((r) => (release = () => r([]))) : Promise.resolve({})))
    const { data } = await page(`?token=${TOKEN}`)
    expect(data).toBeNull()
    release()
  })

  it('hashed build files may be cached for good; the page and unhashed files never', async () => {
    await serve(async () => ({}))
    const cc = async (p: string) => (await fetch(`${srv!.origin}${p}`)).headers.get('cache-control')
    expect(await cc('/assets/boot-AbCd_-12.js')).toBe('public, max-age=31536000, immutable')
    expect(await cc('/assets/plain.js')).toBe('no-store')
    expect(await cc(`/?token=${TOKEN}`)).toBe('no-store')
    expect(await cc('/index.html')).toBe('no-store')
  })
})
