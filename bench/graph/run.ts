/**
 * Graph benchmark: Family view for 100 / 1,000 / 2,000 / 5,000 images (+ as many containers).
 * Prints, per size: projection + tidy-tree layout time (Node), first-render time of Layerlab's
 * Cytoscape setup (its stylesheet, elements added in one batch like useCytoscape) beside a bare
 * Cytoscape page loading the same elements with a preset layout, in the same headless Chromium,
 * and the frame time while panning.
 * Run: node --import tsx bench/graph/run.ts [sizes…]
 */
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import { projectSnapshot, type Graph } from '../../src/domain/graph'
import { graphStyle } from '../../src/renderer/src/graphStyle'
import type { Snapshot, SnapshotContainer, SnapshotImage } from '../../src/domain/snapshot'

const require = createRequire(import.meta.url)
const cytoscapePath = require.resolve('cytoscape/dist/cytoscape.min.js')
const sizes = process.argv.slice(2).map(Number).filter(Boolean)
const SIZES = sizes.length ? sizes : [100, 1000, 2000, 5000]

const hex = (n: number, salt: string) => (salt + n.toString(16)).padStart(64, '0').slice(-64)
/** n images in families of up to 10 (base + children each adding one layer), n containers. */
function synthetic(n: number): Snapshot {
  const images: SnapshotImage[] = []
  const containers: SnapshotContainer[] = []
  let parent: SnapshotImage | null = null
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) parent = null
    const layers: string[] = parent ? [...parent.layers, 'sha256:' + hex(i, 'b')] : ['sha256:' + hex(i, 'a'), 'sha256:' + hex(i, 'c')]
    const img: SnapshotImage = {
      id: 'sha256:' + hex(i, 'd'),
      parentId: parent?.id ?? null,
      tags: i % 3 === 2 ? [] : [`app${i}:v1`],
      digests: [],
      created: 1000 + i,
      size: layers.length * 1000,
      layers,
      history: layers.map((l) => ({ createdBy: `/bin/sh -c #(nop) ADD file:${l.slice(7, 15)} in /`, size: 1000, emptyLayer: false, created: 1000 + i })),
      config: { cmd: ['sh'], entrypoint: null, env: [], labels: {}, workingDir: '' },
      managed: false,
    }
    images.push(img)
    parent = img
    containers.push({
      id: hex(i, 'e'), name: `c${i}`, imageId: img.id, imageRef: img.tags[0] ?? img.id, command: 'sleep 1000', created: 2000 + i,
      state: i % 4 === 0 ? 'exited' : 'running', status: '', exitCode: 0, labels: {}, changes: [], managed: false,
    })
  }
  return { engine: { kind: 'simulator', version: '20.10', apiVersion: '1.41', os: 'linux', kernel: '5.15' }, images, containers, revision: 1 }
}

function elements(g: Graph) {
  return [
    ...g.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, label: n.label, kind: n.kind, state: n.data.state ?? '', dangling: n.data.dangling ? 'yes' : 'no' }, position: { x: n.x, y: n.y } })),
    ...g.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, kind: e.kind } })),
  ]
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
await page.setContent('<div id="cy" style="position:absolute;inset:0"></div>')
await page.addScriptTag({ path: cytoscapePath })
// tsx keeps function names with a __name helper that the page does not have
await page.evaluate('window.__name = (f) => f')

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`
console.log('images+containers | nodes  | layout (Node) | Layerlab first render | bare Cytoscape preset | ratio | pan frame (avg / p95)')
for (const n of SIZES) {
  const snap = synthetic(n)
  projectSnapshot(synthetic(50), 'family') // warm up
  const t0 = performance.now()
  const g = projectSnapshot(snap, 'family')
  const layout = performance.now() - t0
  const els = elements(g)
  const result = await page.evaluate(
    async ({ els, style }) => {
      // runs in the page; the Node project has no DOM types
      const w = globalThis as unknown as { cytoscape: (o: object) => any; __cy?: any; requestAnimationFrame(cb: () => void): void; document: { getElementById(id: string): unknown } }
      const frame = () => new Promise((r) => w.requestAnimationFrame(() => r(null)))
      const host = w.document.getElementById('cy')
      async function once(kind: 'app' | 'bare') {
        w.__cy?.destroy()
        await frame()
        const t = performance.now()
        let cy: any
        if (kind === 'bare') cy = w.cytoscape({ container: host, elements: els, layout: { name: 'preset' } })
        else {
          cy = w.cytoscape({ container: host, layout: { name: 'preset' }, style, minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false })
          cy.batch(() => cy.add(els))
          cy.fit(undefined, 40)
        }
        await frame()
        await frame()
        w.__cy = cy
        return performance.now() - t
      }
      const bare = await once('bare')
      const app = await once('app')
      // pan for 60 frames
      const times: number[] = []
      let last = performance.now()
      for (let i = 0; i < 60; i++) {
        w.__cy.panBy({ x: 5, y: 2 })
        await frame()
        const now = performance.now()
        times.push(now - last)
        last = now
      }
      times.sort((a, b) => a - b)
      w.__cy.destroy()
      w.__cy = undefined
      return { app, bare, panAvg: times.reduce((a, b) => a + b, 0) / times.length, panP95: times[Math.floor(times.length * 0.95)] }
    },
    { els, style: graphStyle(false) },
  )
  console.log(
    `${String(n).padStart(5)} + ${String(n).padEnd(5)}     | ${String(g.nodes.length).padEnd(6)} | ${fmt(layout)}     | ${fmt(result.app)}             | ${fmt(result.bare)}             | ${(result.app / result.bare).toFixed(2)}× | ${result.panAvg.toFixed(1)} / ${result.panP95.toFixed(1)} ms`,
  )
}
await browser.close()
