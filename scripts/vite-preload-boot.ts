/**
 * Start-up budget: the renderer's entry (src/renderer/src/main.ts) is tiny and loads the app with
 * import('./boot') after opening the connection. This adds <link rel="modulepreload"> for that
 * chunk and the chunks it imports, so the browser fetches them while the entry runs rather than after.
 */
import type { Plugin } from 'vite'

export function preloadBoot(name = 'boot'): Plugin {
  return {
    name: 'layerlab-preload-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle
        if (!bundle) return
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []))
        const boot = chunks.find((c) => c.name === name && !c.isEntry)
        if (!boot) throw new Error(`preloadBoot: no chunk named ${name} (is it still imported with import('./${name}')?)`)
        const files = new Set<string>()
        const css = new Set<string>()
        const add = (file: string) => {
          const chunk = chunks.find((c) => c.fileName === file)
          if (files.has(file) || !chunk || chunk.isEntry) return
          files.add(file)
          for (const c of chunk.viteMetadata?.importedCss ?? []) css.add(c)
          for (const dep of chunk.imports) add(dep)
        }
        add(boot.fileName)
        return [
          ...[...css].map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
          ...[...files].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
        ]
      },
    },
  }
}

/**
 * vue-i18n's compile-time flags: the app uses the composition API only (no legacy API, no <i18n-t>
 * or v-t), so those parts are left out of the bundle; no devtools in production.
 */
export const RENDERER_DEFINES = {
  __VUE_I18N_LEGACY_API__: 'false',
  __VUE_I18N_FULL_INSTALL__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
}
