import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { preloadBoot, RENDERER_DEFINES } from './scripts/vite-preload-boot.ts'

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [vue(), preloadBoot()],
  define: RENDERER_DEFINES,
  build: { outDir: resolve(import.meta.dirname, 'dist-web'), emptyOutDir: true },
})
