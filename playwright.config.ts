import { defineConfig } from '@playwright/test'
import { e2eTarget, CHROMIUM_PATH, CHROMIUM_ARGS } from './e2e/env'

/**
 * E2E specs run against the packaged test build (dist-test/, `npm run dist:test`) when present,
 * else the Electron app from node_modules when its binary is present, and otherwise against browser
 * mode in Debian's Chromium (never a downloaded browser). The specs are the same.
 */
const { target, reason } = e2eTarget()
// once, in the runner process (workers load this file too)
if (!process.env.TEST_WORKER_INDEX) console.log(`e2e target: ${target} — ${reason}`)

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  metadata: { target },
})
