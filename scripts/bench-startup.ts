/**
 * `npm run bench:startup`: browser mode's time to interactive (the first lesson button in the
 * lesson list present and enabled) beside a bare Vite + Vue page (scripts/bench-startup-bare: same
 * Vite, same Vue plugin, production build, served by the same startWebServer) in the same Debian
 * Chromium, in the same run: RUNS alternating loads each in a fresh browser context, medians, ratio
 * (goal ≤ 1.5×). Layerlab runs on the simulator, so no Docker is involved.
 * Env: BENCH_RUNS (default 9). Expects dist-web/ (the npm script builds it first).
 */
import { chromium, type Browser } from '@playwright/test'
import { build } from 'vite'
import vue from '@vitejs/plugin-vue'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startWebServer } from '../src/web/server'
import { startBrowserMode } from '../src/web/browser-mode'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/env'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const GOAL = 1.5

/** the median of the numbers given (a run without a value, e.g. no paint entry yet, is left out) */
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

async function timeToInteractive(browser: Browser, url: string): Promise<{ tti: number; fcp: number; marks: Marks }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  try {
    await page.goto(url, { waitUntil: 'commit' })
    const tti = (await (
      await page.waitForFunction(
        () => {
          // runs in the page (this file is type-checked without the DOM lib)
          const doc = (
            globalThis as unknown as {
              document: {
                querySelector(s: string): { disabled: boolean; getBoundingClientRect(): { height: number } } | null
              }
            }
          ).document
          const b = doc.querySelector('button.lesson')
          return b && !b.disabled && b.getBoundingClientRect().height > 0 ? performance.now() : false
        },
        null,
        { polling: 'raf', timeout: 30_000 },
      )
    ).jsonValue()) as number
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN)
    // Layerlab's own marks (main.ts, api/client.ts, stores.ts) and when its entry script arrived
    const marks = await page.evaluate(() => {
      const m: Record<string, number> = {}
      for (const e of performance.getEntriesByType('mark')) if (!(e.name in m)) m[e.name] = e.startTime
      const script = performance.getEntriesByType('resource').find((e) => /\/assets\/index-[^/]*\.js$/.test(e.name)) as { responseEnd: number } | undefined
      if (script) m['script loaded'] = script.responseEnd
      return m
    })
    return { tti, fcp, marks }
  } finally {
    await context.close()
  }
}

async function main() {
  if (!existsSync(path.join(root, 'dist-web/index.html')))
    throw new Error('dist-web/ is missing: run `npm run build:web` first')
  const bareOut = mkdtempSync(path.join(os.tmpdir(), 'layerlab-bare-'))
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-bench-startup-'))
  await build({
    root: path.join(root, 'scripts/bench-startup-bare'),
    base: './',
    logLevel: 'error',
    plugins: [vue()],
    build: { outDir: bareOut, emptyOutDir: true },
  })

  const { server: app, close: closeApp } = await startBrowserMode({ root, dataDir, version: 'bench', mode: 'simulator', seed: 42 })
  const bare = await startWebServer({ staticDir: bareOut })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const results = {
    layerlab: [] as number[],
    bare: [] as number[],
    layerlabFcp: [] as number[],
    bareFcp: [] as number[],
    marks: [] as Marks[],
  }
  const load0 = os.loadavg()[0]
  try {
    // one warm-up each (Chromium's first process start, the server's first file reads), not counted
    await timeToInteractive(browser, bare.url)
    await timeToInteractive(browser, app.url)
    for (let i = 0; i < RUNS; i++) {
      const b = await timeToInteractive(browser, bare.url)
      const l = await timeToInteractive(browser, app.url)
      results.bare.push(b.tti)
      results.bareFcp.push(b.fcp)
      results.layerlab.push(l.tti)
      results.layerlabFcp.push(l.fcp)
      results.marks.push(l.marks)
    }
  } finally {
    await browser.close()
    await closeApp()
    await bare.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const ml = median(results.layerlab)
  const mb = median(results.bare)
  const ratio = ml / mb
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ')
  console.log(
    `start-up, ${RUNS} runs each, fresh context per load, ${CHROMIUM_PATH}; ${os.cpus().length} CPUs, load average ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`,
  )
  console.log('  times from navigation start to the first lesson button present and enabled (TTI), medians')
  console.log(
    `  bare Vite + Vue : TTI median ${mb.toFixed(0)} ms (FCP ${median(results.bareFcp).toFixed(0)} ms) [${fmt(results.bare)}]  assets ${kb(bareOut).toFixed(0)} KiB`,
  )
  console.log(
    `  Layerlab (web)  : TTI median ${ml.toFixed(0)} ms (FCP ${median(results.layerlabFcp).toFixed(0)} ms) [${fmt(results.layerlab)}]  assets ${kb(path.join(root, 'dist-web')).toFixed(0)} KiB`,
  )
  const step = (name: string) => median(results.marks.map((m) => m[name] ?? NaN)).toFixed(0)
  console.log(
    `    Layerlab breakdown: entry script loaded ${step('script loaded')} → Vue mounted ${step('layerlab:mounted')} · WebSocket open ${step('layerlab:ws-open')} → lesson list received ${step('layerlab:lessons')} → TTI ${ml.toFixed(0)}`,
  )
  console.log(`  ratio ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×): ${ratio <= GOAL ? 'met' : 'NOT met'}`)
  rmSync(bareOut, { recursive: true, force: true })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
