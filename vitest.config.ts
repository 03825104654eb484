import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // live-Docker suites share one daemon: keep files that touch it from stepping on each other
    fileParallelism: true,
  },
})
