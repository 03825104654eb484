/**
 * Start-up budget (npm run bench:startup): the renderer's entry (src/renderer/src/main.ts) is tiny and
 * loads the app with import('./boot') after opening the connection. For the entry, the boot chunk and
 * the chunks boot imports (the first screen's code) this plugin
 * - adds <link rel="modulepreload"> to index.html, so the browser fetches them while the entry runs
 *   rather than after;
 * - marks them for eager compilation with V8's explicit compile hint (`//# allFunctionsCalledOnLoad`
 *   as the first line, Chromium ≥ 136): nearly every function in them runs before the lesson list is
 *   usable, and compiled eagerly they are compiled while streaming in, off the main thread, instead of
 *   one by one on the main thread at their first call. Lazy chunks (graph, terminal) are left to V8's
 *   own heuristics.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin, Rollup } from 'vite'

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n'

/** the boot chunk named `name` and every chunk it imports statically (not the entry) */
function firstScreenChunks(bundle: Rollup.OutputBundle, name: string): Rollup.OutputChunk[] {
  const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []))
  const boot = chunks.find((c) => c.name === name && !c.isEntry)
  if (!boot) throw new Error(`firstScreen: no chunk named ${name} (is it still imported with import('./${name}')?)`)
  const out = new Map<string, Rollup.OutputChunk>()
  const add = (c: Rollup.OutputChunk | undefined) => {
    if (!c || c.isEntry || out.has(c.fileName)) return
    out.set(c.fileName, c)
    for (const dep of c.imports) add(chunks.find((x) => x.fileName === dep))
  }
  add(boot)
  return [...out.values()]
}

export function firstScreen(name = 'boot'): Plugin {
  return {
    name: 'layerlab-first-screen',
    apply: 'build',
    // on the written files: Vite itself puts its preload helper's dependency map first in a chunk as
    // late as generateBundle, and the hint must be the file's first line
    writeBundle(options, bundle) {
      const entries = Object.values(bundle).flatMap((c) => (c.type === 'chunk' && c.isEntry ? [c] : []))
      for (const c of [...entries, ...firstScreenChunks(bundle, name)]) {
        const file = path.join(options.dir ?? '', c.fileName)
        const code = readFileSync(file, 'utf8')
        if (!code.startsWith(COMPILE_HINT)) writeFileSync(file, COMPILE_HINT + code)
      }
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle) return
        const files = firstScreenChunks(ctx.bundle, name)
        const css = new Set(files.flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]))
        return [
          ...[...css].map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
          ...files.map((c) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${c.fileName}` }, injectTo: 'head' as const })),
        ]
      },
    },
  }
}
