import { defineConfig } from '@playwright/test'
import { electronAvailable, CHROMIUM_PATH, CHROMIUM_ARGS } from './e2e/env'

/**
 * E2E specs run against the Electron app when its binary is present, and otherwise against
 * browser mode in Debian's Chromium (never a downloaded browser). The specs are the same.
 */
const target = process.env.LAYERLAB_E2E_TARGET ?? (electronAvailable() ? 'electron' : 'web')

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
