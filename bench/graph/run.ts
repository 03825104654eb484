/**
 * Graph benchmark: Family view for 100 / 1,000 / 2,000 / 5,000 images (+ as many containers).
 *
 * Per size it prints
 *  - projection + tidy-tree layout time (Node; the pure function the renderer calls),
 *  - Layerlab's first render: the app's own graph → Cytoscape module (src/renderer/src/graphCy.ts, bundled
 *    into the page with esbuild) from the Graph to the second animation frame; a big graph's first add holds
 *    only what the first view shows and streams the rest in after, so "all in" (median) is printed too:
 *    the time until every element is in the instance and drawn,
 *  - two bare baselines in the same page and browser, each the same element array given to cytoscape() with
 *    a `preset` layout and Cytoscape's default style, to the second animation frame:
 *    "bare, same view" gets the app's zoom and pan in its options (the same picture area, canvas and pixel
 *    ratio: apples to apples), "bare, fit" lets the preset layout fit everything (Cytoscape's default),
 *  - the frame time while the learner drags the canvas (real mouse events, so Cytoscape's
 *    textures-while-panning path is what is measured).
 * Each first render is run RUNS times after one uncounted warm-up round, the three alternating, with the previous instance destroyed and
 * garbage-collected before the clock starts (so no run pays for the one before); min and median are printed.
 * Beside wall time it prints the CPU time of the renderer's main thread (from /proc): on this busy 2-CPU
 * box wall time moves 2-3× with the load average (printed too), CPU time much less.
 * Run: npm run bench:graph [-- sizes…]   (env RUNS=3)
 */
import { build } from 'esbuild'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import { projectSnapshot, type Graph } from '../../src/domain/graph'
import { synthetic } from './synthetic'
import { rendererCpu } from './cpu'

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
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'],
})
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
await page.setContent('<div id="cy" style="position:absolute;inset:0"></div>')
await page.addScriptTag({ content: bundle.outputFiles[0].text })
// tsx keeps function names with a __name helper that the page does not have
await page.evaluate('window.__name = (f) => f')
const cpu = await rendererCpu(browser)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x: number) => `${x.toFixed(0)} ms`
console.log(`Chromium ${browser.version()} headless, --disable-gpu, 1280×800; ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${RUNS} runs (min / median)`)
console.log('first render = to the 2nd animation frame, wall min / median and main-thread cpu min; ratio = Layerlab / bare same view (min wall / min cpu)')
console.log('images+cont.  | elements | layout (Node)   | Layerlab first render          | bare, same view                | bare, fit                      | ratio         | pan frame avg / p95')
for (const n of SIZES) {
  const snap = synthetic(n)
  let elements = 0
  projectSnapshot(synthetic(50), 'family') // warm up the JIT
  const layouts: number[] = []
  let g: Graph = { nodes: [], edges: [] }
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now()
    g = projectSnapshot(snap, 'family')
    layouts.push(performance.now() - t0)
  }
  await page.evaluate((g) => {
    const w = globalThis as unknown as { __g: unknown; __els: unknown; LL: { toElements: (g: unknown) => unknown } }
    w.__g = g
    w.__els = w.LL.toElements(g)
  }, g)
  type Kind = 'app' | 'bare' | 'bareFit'
  const res: Record<Kind, { wall: number[]; cpu: number[] }> = { app: { wall: [], cpu: [] }, bare: { wall: [], cpu: [] }, bareFit: { wall: [], cpu: [] } }
  let view: { zoom: number; pan: { x: number; y: number } } | null = null
  const allIn: number[] = []
  // round -1 warms up the JIT on this size and is not counted
  for (let r = -1; r < RUNS; r++) {
    for (const kind of ['app', 'bare', 'bareFit'] as Kind[]) {
      // previous instance gone and collected before the clock starts
      await page.evaluate(async () => {
        const w = globalThis as unknown as { __cy?: { destroy(): void }; gc(): void; requestAnimationFrame(cb: () => void): void }
        w.__cy?.destroy()
        w.__cy = undefined
        await new Promise((r) => w.requestAnimationFrame(() => r(null)))
        w.gc()
        w.gc()
        await new Promise((r) => setTimeout(r, 50))
      })
      const c0 = await cpu()
      const out: { ms: number; t0: number; view: { zoom: number; pan: { x: number; y: number } }; elements: number; partial: boolean } = await page.evaluate(
        async ({ kind, view }) => {
          // runs in the page; the Node project has no DOM types
          const w = globalThis as unknown as {
            LL: { cytoscape: (o: object) => any; createGraphCy: (c: unknown, g: unknown, o: object) => any }
            __cy?: any
            __g: unknown
            __els: unknown[]
            requestAnimationFrame(cb: () => void): void
            document: { getElementById(id: string): unknown }
          }
          const frame = () => new Promise((r) => w.requestAnimationFrame(() => r(null)))
          const container = w.document.getElementById('cy')
          const t = performance.now()
          const cy =
            kind === 'app'
              ? w.LL.createGraphCy(container, w.__g, { dark: false })
              : kind === 'bare'
                ? w.LL.cytoscape({ container, elements: w.__els, layout: { name: 'preset', fit: false }, zoom: view!.zoom, pan: view!.pan })
                : w.LL.cytoscape({ container, elements: w.__els, layout: { name: 'preset' } })
          await frame()
          await frame()
          w.__cy = cy
          return { ms: performance.now() - t, t0: t, view: { zoom: cy.zoom(), pan: cy.pan() }, elements: w.__els.length, partial: cy.elements().length < w.__els.length }
        },
        { kind, view },
      )
      const c1 = await cpu()
      if (kind === 'app' && out.partial) {
        // a big graph streams in the elements outside its first view: time until all are in and drawn
        const all = await page.evaluate(async (t0) => {
          const w = globalThis as unknown as { __cy: unknown; LL: { whenComplete(cy: unknown): Promise<void> }; requestAnimationFrame(cb: () => void): void }
          await w.LL.whenComplete(w.__cy)
          await new Promise((r) => w.requestAnimationFrame(() => r(null)))
          return performance.now() - t0
        }, out.t0)
        if (r >= 0) allIn.push(all)
      }
      if (kind === 'app') view = out.view
      elements = out.elements
      if (r < 0) continue
      res[kind].wall.push(out.ms)
      if (c0 != null && c1 != null) res[kind].cpu.push(c1 - c0)
    }
  }
  // the app's instance is the one panned
  await page.evaluate(async () => {
    const w = globalThis as unknown as { __cy?: { destroy(): void }; __g: unknown; gc(): void; LL: { createGraphCy: (c: unknown, g: unknown, o: object) => any; whenComplete(cy: unknown): Promise<void> }; requestAnimationFrame(cb: () => void): void; document: { getElementById(id: string): unknown } }
    w.__cy?.destroy()
    w.gc()
    w.__cy = w.LL.createGraphCy(w.document.getElementById('cy'), w.__g, { dark: false })
    await new Promise((r) => w.requestAnimationFrame(() => r(null)))
    await w.LL.whenComplete(w.__cy)
    await new Promise((r) => setTimeout(r, 300))
  })
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
  const cell = (k: Kind) => {
    const { wall, cpu: c } = res[k]
    return `${ms(Math.min(...wall))} / ${ms(median(wall))}` + (c.length ? `, cpu ${ms(Math.min(...c))}` : '')
  }
  const streamed = allIn.length ? `; all in ${ms(median(allIn))}` : ''
  const ratio = (k: 'wall' | 'cpu') => (res.bare[k].length ? `${(Math.min(...res.app[k]) / Math.min(...res.bare[k])).toFixed(2)}×` : '–')
  console.log(
    [
      `${n} + ${n}`.padEnd(13),
      String(elements).padEnd(8),
      `${ms(Math.min(...layouts))} / ${ms(median(layouts))}`.padEnd(15),
      (cell('app') + streamed).padEnd(30),
      cell('bare').padEnd(30),
      cell('bareFit').padEnd(30),
      `${ratio('wall')} / ${ratio('cpu')}`.padEnd(13),
      `${avg.toFixed(1)} / ${p95.toFixed(1)} ms (${frames.length} frames)`,
    ].join(' | '),
  )
}
await browser.close()
