/**
 * Start-up budget (npm run bench:startup): the renderer's entry (src/renderer/src/main.ts) is tiny and
 * loads the app with import('./boot') after opening the connection. For the entry, the boot chunk and
 * the chunks boot imports (the first screen's code) this plugin
 * - adds <link rel="modulepreload"> to index.html, so the browser fetches them while the entry runs
 *   rather than after;
 * - puts Vue, Pinia, vue-i18n and the small domain modules they share with lazy chunks in one chunk
 *   ('shell'): the first screen is five requests (entry, boot, shell, the bundler's runtime helpers,
 *   boot's CSS) rather than seven.
 * V8's explicit compile hint (`//# allFunctionsCalledOnLoad`) on these chunks was tried and measured
 * (npm run bench:startup, quiet machine): TTI 441 ms with it, 409 ms without — most of Vue's code is
 * not run by the first screen, and compiling all of it eagerly costs more than it saves.
 */
import type { Plugin, Rollup } from 'vite'

/** Vue, Pinia, vue-i18n and the few domain modules the first screen shares with lazy chunks */
const SHELL_MODULES = /[\\/]node_modules[\\/](?:@vue|vue|pinia|vue-i18n|@intlify)[\\/]|[\\/]src[\\/]domain[\\/](?:visible|graph[\\/]text)\.ts$|plugin-vue:export-helper/

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
    config: () => ({ build: { rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'shell', test: SHELL_MODULES }] } } } } }),
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
