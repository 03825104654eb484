/**
 * What the renderer's build needs, shared by electron.vite.config.ts and vite.web.config.ts (one
 * renderer, two hosts). Start-up budget (npm run bench:startup):
 * - the locale messages (src/renderer/src/i18n/*.ts) are compiled at build time to vue-i18n's message
 *   AST by @intlify/unplugin-vue-i18n, so the bundle uses vue-i18n's runtime-only build: no message
 *   compiler shipped (~17 KB minified) and no message compiled in the browser on first use;
 * - the first screen's chunks are preloaded and compiled eagerly (scripts/vite-first-screen.ts).
 * Vitest does not use these plugins: there vue-i18n compiles the same plain-string messages at run time.
 */
import { resolve } from 'node:path'
import type { PluginOption } from 'vite'
import vue from '@vitejs/plugin-vue'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { firstScreen } from './vite-first-screen.ts'

export function rendererPlugins(root: string): PluginOption[] {
  return [
    vue(),
    VueI18nPlugin({
      include: [resolve(root, 'src/renderer/src/i18n/{en,en-panels,zh-CN}.ts')],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
      dropMessageCompiler: true,
      // messages hold docker's own placeholders such as <none>: text, not HTML (rendered with {{ }}, never v-html)
      strictMessage: false,
    }),
    firstScreen(),
  ]
}

/**
 * vue-i18n's and Vue's compile-time flags (the plugin sets vue-i18n's own; these are the rest): no
 * devtools in production; every component is <script setup>, so Vue's Options API is left out of
 * the bundle (~4 KB of the first screen's code); no SSR hydration details.
 */
export const RENDERER_DEFINES = {
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_OPTIONS_API__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
}
