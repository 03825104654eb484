/**
 * Fixtures: `app` gives a page showing Layerlab, with a fresh user-data folder for each test.
 * Electron when its binary is present (or LAYERLAB_E2E_TARGET=electron), else browser mode in
 * Debian's Chromium: the same services, hosted in this process behind the same contract.
 */
import { test as base, chromium, _electron, expect, type Page } from '@playwright/test'
import { mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startBrowserMode } from '../src/web/browser-mode'
import type { Services } from '../src/main/services'
import type { Channel, EngineMode, RequestOf, ResponseOf } from '../src/shared/contract'
import { e2eTarget, packagedTestBuildPath, CHROMIUM_PATH, CHROMIUM_ARGS } from './env'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface AppFixture {
  page: Page
  target: 'web' | 'electron' | 'packaged'
  /** browser mode only: the in-process services (null under Electron) */
  services: Services | null
  dataDir: string
  screenshot(name: string): Promise<string>
}

export const test = base.extend<{ engineMode: EngineMode; app: AppFixture }>({
  engineMode: [(process.env.LAYERLAB_E2E_ENGINE as EngineMode | undefined) ?? 'simulator', { option: true }],
  app: async ({ engineMode }, use, testInfo) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'layerlab-e2e-'))
    const { target } = e2eTarget()
    const shotsDir = path.join(root, 'e2e', 'screenshots')
    const screenshot = async (page: Page, name: string) => {
      const file = path.join(shotsDir, `${name}.png`)
      await page.screenshot({ path: file, fullPage: false })
      await testInfo.attach(name, { path: file, contentType: 'image/png' })
      return file
    }
    if (target === 'electron' || target === 'packaged') {
      // packaged: the dist-test/ build (its app.asar is the app); electron: node_modules' Electron + out/main
      const electronApp = await _electron.launch({
        ...(target === 'packaged' ? { executablePath: packagedTestBuildPath(), args: [`--user-data-dir=${dataDir}`] } : { args: [path.join(root, 'out/main/index.js'), `--user-data-dir=${dataDir}`] }),
        env: { ...process.env, LAYERLAB_ENGINE: engineMode } as Record<string, string>,
      })
      const page = await electronApp.firstWindow()
      await use({ page, target, services: null, dataDir, screenshot: (n) => screenshot(page, n) })
      await electronApp.close()
    } else {
      if (!existsSync(path.join(root, 'dist-web/index.html'))) throw new Error('dist-web/ is missing: run `npm run build:web` first')
      if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`)
      const { server, services, close } = await startBrowserMode({ root, dataDir, version: 'e2e', mode: engineMode, seed: 42 })
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(server.url)
      await use({ page, target, services, dataDir, screenshot: (n) => screenshot(page, n) })
      await browser.close()
      await close()
      if (errors.length) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`)
    }
    await rm(dataDir, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'

/**
 * Enters a line in the terminal and, when given, waits for that output. The line goes in as one text input
 * (what xterm gets from a paste or an IME), then Enter is pressed: through the same onData path as keys.
 * `perKey` types it one key at a time instead — each key is a round trip to the browser, 65–110 ms under
 * load, which made a spec of a few commands take most of its time limit; keep it for tests about typing.
 */
export async function typeCommand(page: Page, line: string, expectOut?: string | RegExp, opts: { perKey?: boolean } = {}) {
  const input = page.getByRole('textbox', { name: 'Terminal input' })
  await input.focus()
  if (opts.perKey) await input.pressSequentially(line)
  else await page.keyboard.insertText(line)
  await input.press('Enter')
  if (expectOut) await expect(page.getByTestId('terminal-output')).toContainText(expectOut)
}

/** Moves the graph's keyboard selection until the inspect panel shows a node of this kind (e.g. /^container$/i). */
export async function selectWithKeyboard(page: Page, kind: RegExp) {
  const graph = page.getByTestId('graph')
  await graph.focus()
  const heading = page.getByTestId('inspect-panel').getByRole('heading')
  for (let i = 0; i < 12; i++) {
    await graph.press(i === 0 ? 'ArrowDown' : 'ArrowUp')
    if ((await heading.count()) && kind.test((await heading.textContent()) ?? '')) break
  }
  await expect(heading).toHaveText(kind)
}

/**
 * Runs a command line through the contract, below the terminal's line editor (which drops control
 * characters a learner types): how untrusted bytes from an image or a daemon reach the app.
 */
export async function runThroughContract(app: AppFixture, line: string) {
  return invokeContract(app, 'terminal:run', { line })
}

/**
 * Calls a channel of the contract as the renderer does, on either target: the services in the test
 * process (browser mode) or the page's own window.api (Electron) — e.g. an engine switch the
 * settings dialog would make.
 */
export async function invokeContract<C extends Channel>(app: AppFixture, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  if (app.services) return (app.services.handlers[channel] as (r: RequestOf<C>) => Promise<ResponseOf<C>>)(request)
  const call = ([c, r]: [string, unknown]) => (globalThis as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown> } }).api.invoke(c, r)
  return app.page.evaluate(call, [channel, request] as [string, unknown]) as Promise<ResponseOf<C>>
}
