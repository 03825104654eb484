/**
 * The renderer's production build keeps the start-up budget's promises (npm run bench:startup measures
 * the time; this checks the build that time depends on): the first screen's chunks are exactly the
 * entry and what it imports statically, preloaded by index.html, Vue and the libraries in one; the
 * graph and terminal stay lazy; the locale messages are precompiled (no message compiler shipped); Chinese
 * messages and the graph projection are not in the first screen.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { build } from 'vite'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zhCN from '../../src/renderer/src/i18n/zh-CN'
import enPanels from '../../src/renderer/src/i18n/en-panels'

const root = path.resolve(import.meta.dirname, '../..')
let out: string
let html: string
const js = (f: string) => readFileSync(path.join(out, 'assets', f), 'utf8')
/** the relative files a built chunk imports statically (`import … from "./x.js"`, `import "./x.js"`) */
const staticImports = (code: string) => [...code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^'"();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)].map((m) => m[1])

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'layerlab-build-'))
  // a production build, as npm run build:web makes it (vitest's own NODE_ENV is 'test')
  const env = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile: path.join(root, 'vite.web.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: out, emptyOutDir: true } })
  } finally {
    process.env.NODE_ENV = env
  }
  html = readFileSync(path.join(out, 'index.html'), 'utf8')
  return () => rmSync(out, { recursive: true, force: true })
}, 120_000)

describe('renderer build: the first screen', () => {
  it('the first screen is the entry and what it imports statically (Vue and the libraries in one shell chunk), all preloaded; the rest stays lazy', () => {
    const entry = /<script type="module" crossorigin src="\.\/assets\/([^"]+)"/.exec(html)?.[1]
    expect(entry).toBeTruthy()
    expect(js(entry!).includes('layerlab:mounted'), 'boot.ts is in the entry (a static import, no extra round trip)').toBe(true)
    const preloaded = [...html.matchAll(/rel="modulepreload" crossorigin href="\.\/assets\/([^"]+)"/g)].map((m) => m[1])
    // the static closure of the entry, read from the built files themselves
    const closure = new Set<string>()
    const walk = (f: string) => {
      if (closure.has(f)) return
      closure.add(f)
      staticImports(js(f)).forEach(walk)
    }
    walk(entry!)
    closure.delete(entry!)
    expect(new Set(preloaded)).toEqual(closure)
    // no meta CSP: it holds Chromium's preload scanner back until the parser reaches it (every host
    // sends the CSP as a header instead: docs/security.md)
    expect(/http-equiv=["']?content-security-policy/i.test(html), 'a meta CSP in index.html').toBe(false)
    expect(preloaded.length, `first-screen chunks besides the entry: ${preloaded.join(' ')}`).toBeLessThanOrEqual(2)
    const shell = preloaded.find((f) => /^shell-/.test(f))
    expect(shell && js(shell).includes('__v_isRef'), 'Vue is in the shell chunk').toBe(true)
    expect(js(entry!).includes('__v_isRef'), 'Vue is not in the entry').toBe(false)
    // Vue parts no Layerlab component uses are shaken out (vue-i18n < 11.4.18 read \`'currentInstance' in Vue\`,
    // which kept every export of vue in the bundle: +46 KB on the first screen)
    expect(js(shell!).includes('TransitionGroup'), 'TransitionGroup (never used) in the shell').toBe(false)
    expect(js(shell!).includes('attachShadow'), 'defineCustomElement (never used) in the shell').toBe(false)
    const all = readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js'))
    expect(all.length).toBeGreaterThan(closure.size + 6) // graph, terminal, inspect panel, … stay lazy
  })

  it('ships precompiled messages without the message compiler, English only; no Chinese and no projection in the first screen', () => {
    const first = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => js(m[1])).join('\n')
    const rest = readdirSync(path.join(out, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map(js)
      .join('\n')
    // (booleans, not toContain: a failure must not print megabytes of bundle)
    expect(rest.includes('braceNest'), "@intlify/message-compiler's tokenizer is in the bundle").toBe(false)
    expect(first.includes('images & containers, layer by layer'), 'en.tagline in the first screen').toBe(true)
    expect(first.includes(zhCN.tagline), 'zh-CN messages in the first screen').toBe(false)
    // the panels' English messages (settings dialog, inspect panel, file browser) come with those panels
    expect(first.includes(enPanels.settings.mirror.errors.credentials), "en-panels' messages in the first screen").toBe(false)
    expect(rest.includes(enPanels.settings.mirror.errors.credentials), "en-panels' messages built").toBe(true)
    expect(rest.includes(zhCN.tagline), 'zh-CN messages built').toBe(true)
    // the graph projection's d3-hierarchy (its method names survive minification)
    expect(first.includes('eachBefore'), 'd3-hierarchy in the first screen').toBe(false)
    expect(rest.includes('eachBefore'), 'd3-hierarchy built').toBe(true)
  })
})
