/**
 * Start-up budget (npm run bench:startup): the first screen's code is the entry (src/renderer/src/main.ts
 * with boot.ts and the components it imports statically) plus one `shell` chunk with Vue, Pinia,
 * vue-i18n and the small domain modules they share with lazy chunks. Vite itself preloads an entry's
 * static imports from index.html, so the first screen is four requests (entry, shell, the bundler's
 * runtime helpers, CSS), compiled in parallel: one bundle for all of it was measured slower on a
 * first start (572 vs 418 ms — one big script compiles on one thread).
 * Measured and dropped: V8's explicit compile hint (`//# allFunctionsCalledOnLoad`) on these chunks
 * (TTI 441 ms with it, 409 ms without — most of Vue's code is not run by the first screen); boot.ts
 * as a dynamic import after the entry (the import cost a round of tasks on every start).
 */
import type { Plugin } from 'vite'

/** Vue, Pinia, vue-i18n and the few domain modules the first screen shares with lazy chunks */
const SHELL_MODULES = /[\\/]node_modules[\\/](?:@vue|vue|pinia|vue-i18n|@intlify)[\\/]|[\\/]src[\\/]domain[\\/](?:visible|graph[\\/]text)\.ts$|plugin-vue:export-helper/

export function firstScreen(): Plugin {
  return {
    name: 'layerlab-first-screen',
    apply: 'build',
    config: () => ({ build: { rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'shell', test: SHELL_MODULES }] } } } } }),
  }
}
