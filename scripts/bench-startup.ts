/**
 * `npm run bench:startup`: browser mode's time to interactive (the first lesson button in the
 * lesson list present, enabled and laid out) beside a bare Vite + Vue page (scripts/bench-startup-bare:
 * same Vite, same Vue plugin, production build, served by the same startWebServer) in the same Debian
 * Chromium, in the same run: RUNS alternating loads, medians, ratio (goal ≤ 1.5×). Layerlab runs on the
 * simulator, so no Docker is involved.
 *
 * A third page is printed for scale, not judged: the bare page plus Pinia and vue-i18n built as
 * Layerlab builds them (scripts/bench-startup-bare-stack) — the part of the ratio that is the stack
 * itself rather than Layerlab's own first screen.
 *
 * Two kinds of start, each page in a fresh browser context:
 * - first start: empty HTTP cache and V8 code cache (a learner's very first start);
 * - restart: the page loaded twice before in the same context, then about:blank, then measured (every
 *   later start: the hashed assets come from the cache and V8 uses the code it cached for them). The
 *   blank page in between is what an app's restart starts from — a new window or tab — so the measured
 *   load does not also tear down the previous copy of the page (until 2026-12-02 it did: Layerlab's
 *   graph and terminal, still animating, cost it ~20 ms there that the bare page's five buttons did not).
 *
 * How TTI is taken: a few lines added to the page at document start (CDP
 * Page.addScriptToEvaluateOnNewDocument) check on every animation frame and report through a CDP
 * binding. Nothing else runs in the page: Playwright's own helpers (waitForFunction, locators) inject
 * a large script into the page that costs ~85 ms of its main thread during the load, and that time
 * once made up a third of the bare page's measured time.
 * Env: BENCH_RUNS (default 9). Expects dist-web/ (the npm script builds it first).
 */
import { chromium, type Browser, type CDPSession } from '@playwright/test'
import { build } from 'vite'
import vue from '@vitejs/plugin-vue'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startWebServer } from '../src/web/server'
import { startBrowserMode } from '../src/web/browser-mode'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/env'
import { RENDERER_DEFINES } from './vite-renderer'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const GOAL = 1.5
/** loads before the measured one in a restart: Chromium stores a script's compiled code on its second load */
const RESTART_WARMUPS = 2

/** the median of the numbers given (a run without a value is left out) */
const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (!s.length) return NaN
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const kb = (dir: string): number =>
  readdirSync(dir).reduce((n, f) => {
    const p = path.join(dir, f)
    return n + (statSync(p).isDirectory() ? kb(p) : statSync(p).size / 1024)
  }, 0)

type Marks = Record<string, number>
type Start = 'first' | 'restart'

/** runs in the page from document start: TTI is the first frame with the lesson button usable */
const TTI_PROBE = `(() => {
  const check = () => {
    const b = document.querySelector('button.lesson')
    if (b && !b.disabled && b.getBoundingClientRect().height > 0) return __benchTti(String(performance.now()))
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
})()`

/** navigates and resolves with the TTI the probe reports */
async function load(cdp: CDPSession, url: string): Promise<number> {
  const reported = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no TTI from ${url} within 30 s`)), 30_000)
    const on = (e: { name: string; payload: string }) => {
      if (e.name !== '__benchTti') return
      clearTimeout(timer)
      cdp.off('Runtime.bindingCalled', on)
      resolve(Number(e.payload))
    }
    cdp.on('Runtime.bindingCalled', on)
  })
  await cdp.send('Page.navigate', { url })
  return reported
}

/** navigates to about:blank and waits for its load (the page before it is gone) */
async function blank(cdp: CDPSession): Promise<void> {
  const loaded = new Promise<void>((resolve) => cdp.once('Page.loadEventFired', () => resolve()))
  await cdp.send('Page.navigate', { url: 'about:blank' })
  await loaded
}

async function timeToInteractive(browser: Browser, url: string, start: Start): Promise<{ tti: number; marks: Marks }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Page.enable')
    await cdp.send('Runtime.enable')
    await cdp.send('Runtime.addBinding', { name: '__benchTti' })
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: TTI_PROBE })
    if (start === 'restart')
      for (let i = 0; i < RESTART_WARMUPS; i++) {
        await load(cdp, url)
        await new Promise((r) => setTimeout(r, 1000)) // the rest of the app loads; code caches are written
      }
    if (start === 'restart') await blank(cdp)
    const tti = await load(cdp, url)
    // Layerlab's own marks (boot.ts, api/client.ts, stores/lesson.ts) and when its entry script arrived
    const { result } = await cdp.send('Runtime.evaluate', {
      returnByValue: true,
      expression: `(() => {
        const m = {}
        for (const e of performance.getEntriesByType('mark')) if (!(e.name in m)) m[e.name] = e.startTime
        const script = performance.getEntriesByType('resource').find((e) => e.name.includes('/assets/index-') && e.name.endsWith('.js'))
        if (script) m['script loaded'] = script.responseEnd
        return m
      })()`,
    })
    if (!result.value) throw new Error(`could not read the page's marks: ${JSON.stringify(result)}`)
    return { tti, marks: result.value as Marks }
  } finally {
    await context.close()
  }
}

async function main() {
  if (!existsSync(path.join(root, 'dist-web/index.html')))
    throw new Error('dist-web/ is missing: run `npm run build:web` first')
  const bareOut = mkdtempSync(path.join(os.tmpdir(), 'layerlab-bare-'))
  const stackOut = mkdtempSync(path.join(os.tmpdir(), 'layerlab-bare-stack-'))
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-bench-startup-'))
  await build({
    root: path.join(root, 'scripts/bench-startup-bare'),
    base: './',
    logLevel: 'error',
    plugins: [vue()],
    build: { outDir: bareOut, emptyOutDir: true },
  })
  const stackDir = path.join(root, 'scripts/bench-startup-bare-stack')
  await build({
    root: stackDir,
    base: './',
    logLevel: 'error',
    // vue-i18n as scripts/vite-renderer.ts builds it: messages compiled at build time, runtime only
    plugins: [vue(), VueI18nPlugin({ include: [path.join(stackDir, 'en.ts')], runtimeOnly: true, compositionOnly: true, fullInstall: false, dropMessageCompiler: true })],
    define: RENDERER_DEFINES,
    build: { outDir: stackOut, emptyOutDir: true },
  })

  const { server: app, close: closeApp } = await startBrowserMode({ root, dataDir, version: 'bench', mode: 'simulator', seed: 42 })
  const bare = await startWebServer({ staticDir: bareOut })
  const stack = await startWebServer({ staticDir: stackOut })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const starts: Start[] = ['first', 'restart']
  const results = Object.fromEntries(starts.map((k) => [k, { layerlab: [] as number[], bare: [] as number[], stack: [] as number[], marks: [] as Marks[] }]))
  const load0 = os.loadavg()[0]
  try {
    // one warm-up each (Chromium's first process start, the server's first file reads), not counted
    await timeToInteractive(browser, bare.url, 'first')
    await timeToInteractive(browser, app.url, 'first')
    await timeToInteractive(browser, stack.url, 'first')
    for (let i = 0; i < RUNS; i++)
      for (const start of starts) {
        const b = await timeToInteractive(browser, bare.url, start)
        const l = await timeToInteractive(browser, app.url, start)
        const st = await timeToInteractive(browser, stack.url, start)
        results[start].bare.push(b.tti)
        results[start].stack.push(st.tti)
        results[start].layerlab.push(l.tti)
        results[start].marks.push(l.marks)
      }
  } finally {
    await browser.close()
    await closeApp()
    await bare.close()
    await stack.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ')
  console.log(
    `start-up, ${RUNS} runs each, a fresh browser context per page, ${CHROMIUM_PATH}; ${os.cpus().length} CPUs, load average ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`,
  )
  console.log(`  TTI: navigation start to the first lesson button present, enabled and laid out; medians. Assets: bare ${kb(bareOut).toFixed(0)} KiB, bare + Pinia + vue-i18n ${kb(stackOut).toFixed(0)} KiB, Layerlab ${kb(path.join(root, 'dist-web')).toFixed(0)} KiB`)
  let met = true
  for (const start of starts) {
    const r = results[start]
    const ml = median(r.layerlab)
    const mb = median(r.bare)
    const ratio = ml / mb
    met &&= ratio <= GOAL
    const step = (name: string) => median(r.marks.map((m) => m[name] ?? NaN)).toFixed(0)
    console.log(start === 'first' ? '  first start (empty caches):' : `  restart (loaded ${RESTART_WARMUPS}× before in the same context, then about:blank: cached assets and compiled code):`)
    console.log(`    bare Vite + Vue : ${mb.toFixed(0)} ms [${fmt(r.bare)}]`)
    console.log(`    Layerlab (web)  : ${ml.toFixed(0)} ms [${fmt(r.layerlab)}]`)
    const ms = median(r.stack)
    console.log(`    for scale, bare + Pinia + vue-i18n: ${ms.toFixed(0)} ms [${fmt(r.stack)}] = ${(ms / mb).toFixed(2)}× bare; Layerlab = ${(ml / ms).toFixed(2)}× that`)
    console.log(`      breakdown: entry script loaded ${step('script loaded')} → lesson list in ${step('layerlab:lessons')} → Vue mounted ${step('layerlab:mounted')} → TTI ${ml.toFixed(0)}`)
    console.log(`    ratio ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×): ${ratio <= GOAL ? 'met' : 'NOT met'}`)
  }
  console.log(`  goal ≤ ${GOAL}× on both: ${met ? 'met' : 'NOT met'}`)
  rmSync(bareOut, { recursive: true, force: true })
  rmSync(stackOut, { recursive: true, force: true })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
