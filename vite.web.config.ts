import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import { rendererPlugins, RENDERER_DEFINES } from './scripts/vite-renderer.ts'

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: rendererPlugins(import.meta.dirname),
  define: RENDERER_DEFINES,
  build: { outDir: resolve(import.meta.dirname, 'dist-web'), emptyOutDir: true },
})
