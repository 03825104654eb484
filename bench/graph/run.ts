/**
 * Graph benchmark: Family view for 100 / 1,000 / 2,000 / 5,000 images (+ as many containers).
 *
 * Per size it prints
 *  - projection + tidy-tree layout time (Node; the pure function the renderer calls),
 *  - Layerlab's first render: the app's own graph → Cytoscape module (src/renderer/src/graphCy.ts, bundled
 *    into the page with esbuild) from the Graph to the second animation frame,
 *  - the bare baseline in the same page and browser: the same element array given to cytoscape() with a
 *    `preset` layout and Cytoscape's default style, to the second animation frame,
 *  - the frame time while the learner drags the canvas (real mouse events, so Cytoscape's
 *    textures-while-panning path is what is measured).
 * Each first render is run RUNS times, app and bare alternating; min and median are printed.
 * The machine's load average is printed too: on a busy 2-CPU box the figures move by 2-3×.
 * Run: npm run bench:graph [-- sizes…]   (env RUNS=3)
 */
import { build } from 'esbuild'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import { projectSnapshot, type Graph } from '../../src/domain/graph'
import { synthetic } from './synthetic'

const sizes = process.argv.slice(2).map(Number).filter(Boolean)
const SIZES = sizes.length ? sizes : [100, 1000, 2000, 5000]
const RUNS = Number(process.env.RUNS ?? 3)

const bundle = await build({
  entryPoints: [path.join(import.meta.dirname, 'page.ts')],
  bundle: true,
  format: 'iife',
  globalName: 'LL',
  write: false,
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
})

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
await page.setContent('<div id="cy" style="position:absolute;inset:0"></div>')
await page.addScriptTag({ content: bundle.outputFiles[0].text })
// tsx keeps function names with a __name helper that the page does not have
await page.evaluate('window.__name = (f) => f')

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x: number) => `${x.toFixed(0)} ms`
console.log(`Chromium ${browser.version()} headless, --disable-gpu, 1280×800; ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${RUNS} runs (min / median)`)
console.log('images+containers | elements | layout (Node) | Layerlab first render | bare Cytoscape preset | ratio (min) | pan frame avg / p95')
for (const n of SIZES) {
  const snap = synthetic(n)
  projectSnapshot(synthetic(50), 'family') // warm up the JIT
  const layouts: number[] = []
  let g: Graph = { nodes: [], edges: [] }
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now()
    g = projectSnapshot(snap, 'family')
    layouts.push(performance.now() - t0)
  }
  const res = await page.evaluate(
    async ({ g, runs }) => {
      // runs in the page; the Node project has no DOM types
      const w = globalThis as unknown as {
        LL: { cytoscape: (o: object) => any; createGraphCy: (c: unknown, g: unknown, o: object) => any; toElements: (g: unknown) => unknown[] }
        __cy?: any
        requestAnimationFrame(cb: () => void): void
        document: { getElementById(id: string): unknown }
      }
      const frame = () => new Promise((r) => w.requestAnimationFrame(() => r(null)))
      const host = w.document.getElementById('cy')
      const els = w.LL.toElements(g)
      async function once(kind: 'app' | 'bare') {
        w.__cy?.destroy()
        w.__cy = undefined
        await frame()
        await new Promise((r) => setTimeout(r, 50))
        const t = performance.now()
        const cy =
          kind === 'bare' ? w.LL.cytoscape({ container: host, elements: els, layout: { name: 'preset' } }) : w.LL.createGraphCy(host, g, { dark: false })
        await frame()
        await frame()
        w.__cy = cy
        return performance.now() - t
      }
      const app: number[] = []
      const bare: number[] = []
      for (let r = 0; r < runs; r++) {
        bare.push(await once('bare'))
        app.push(await once('app'))
      }
      return { app, bare, elements: els.length }
    },
    { g, runs: RUNS },
  )
  // pan: drag the canvas with the mouse while recording frame intervals
  await page.evaluate(() => {
    const w = globalThis as unknown as { __frames: number[]; __rec: boolean; requestAnimationFrame(cb: (t: number) => void): void }
    w.__frames = []
    w.__rec = true
    let last = performance.now()
    const tick = () => {
      const now = performance.now()
      w.__frames.push(now - last)
      last = now
      if (w.__rec) w.requestAnimationFrame(tick)
    }
    w.requestAnimationFrame(tick)
  })
  await page.mouse.move(640, 400)
  await page.mouse.down()
  for (let i = 0; i < 60; i++) await page.mouse.move(640 - i * 6, 400 - i * 2)
  await page.mouse.up()
  const frames = await page.evaluate(() => {
    const w = globalThis as unknown as { __frames: number[]; __rec: boolean; __cy?: { destroy(): void } }
    w.__rec = false
    w.__cy?.destroy()
    w.__cy = undefined
    return w.__frames.slice(1)
  })
  frames.sort((a, b) => a - b)
  const avg = frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length)
  const p95 = frames[Math.floor(frames.length * 0.95)] ?? 0
  const appMin = Math.min(...res.app)
  const bareMin = Math.min(...res.bare)
  console.log(
    [
      `${n} + ${n}`.padEnd(17),
      String(res.elements).padEnd(8),
      `${ms(Math.min(...layouts))} / ${ms(median(layouts))}`.padEnd(13),
      `${ms(appMin)} / ${ms(median(res.app))}`.padEnd(21),
      `${ms(bareMin)} / ${ms(median(res.bare))}`.padEnd(21),
      `${(appMin / bareMin).toFixed(2)}×`.padEnd(11),
      `${avg.toFixed(1)} / ${p95.toFixed(1)} ms (${frames.length} frames)`,
    ].join(' | '),
  )
}
await browser.close()
