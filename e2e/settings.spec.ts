/**
 * The engine settings screen and pull progress, as a learner meets them (simulator mode):
 * open the settings from the header with the keyboard, see each endpoint tried and why, type a
 * malformed endpoint and get a clear message with the engine unchanged, switch back to the
 * simulator; then pull an image in the terminal and see its per-layer progress.
 */
import { test, expect, typeCommand } from './fixtures'

test('engine settings: endpoints tried, a typed endpoint validated, back to the simulator', async ({ app }) => {
  const { page } = app
  const gear = page.getByRole('button', { name: 'Engine settings' })
  await gear.focus()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Engine settings' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('settings-kind')).toHaveText('Simulator')
  // simulator mode tried nothing on start: the dialog probes, and lists every endpoint with a reason
  const rows = dialog.getByTestId('settings-attempt')
  await expect(rows.first()).toBeVisible()
  expect(await rows.count()).toBeGreaterThan(0)
  await expect(dialog.getByTestId('settings-tried')).toContainText('unix:///var/run/docker.sock')
  const texts = await rows.allInnerTexts()
  for (const t of texts) expect(t).toMatch(/answers|Not found|Permission denied|Timeout|Refused|API too|Failed|not a Docker|Not a valid/)
  await app.screenshot('settings-en')

  // bad input: a clear message, the text kept, the engine unchanged
  const input = dialog.getByRole('textbox', { name: 'Docker endpoint' })
  await input.fill('localhost:2375')
  await input.press('Enter')
  // what is wrong with it, in a sentence; the row says "Not a valid endpoint" and keeps no parser text as if the OS said it
  await expect(dialog.getByTestId('settings-outcome')).toHaveText('localhost:2375 is not a valid endpoint: An endpoint starts with its scheme and two slashes: unix://, tcp:// or npipe://. Did you mean tcp://localhost:2375?')
  await expect(dialog.getByTestId('settings-tried')).toContainText('Not a valid endpoint')
  // said once: beside the field; its row in the report does not repeat it
  await expect(dialog.getByTestId('settings-attempt-detail')).toHaveCount(0)
  expect((await dialog.innerText()).split('Did you mean tcp://localhost:2375?')).toHaveLength(2)
  await expect(dialog.getByTestId('settings-attempt-original')).toHaveCount(0)
  await expect(input).toHaveValue('localhost:2375')
  // the formats are said once, under the field: the row says only that it is not valid
  await expect(dialog.getByTestId('settings-attempt')).toContainText('✗ Not a valid endpoint.')
  expect((await dialog.innerText()).split('tcp://host:port')).toHaveLength(2)
  await app.screenshot('settings-malformed-en')
  await expect(input).toHaveAttribute('aria-invalid', 'true')
  await expect(dialog.getByTestId('settings-kind')).toHaveText('Simulator')
  // docker takes https:// as tcp://: the sentence names the scheme typed
  await input.fill('https://')
  await input.press('Enter')
  await expect(dialog.getByTestId('settings-outcome')).toHaveText('https:// is not a valid endpoint: After https:// come a host name or IP address and a port, e.g. https://127.0.0.1:2375.')
  await expect(dialog.getByTestId('settings-attempt-detail')).toHaveCount(0)
  // a well-formed endpoint where nothing listens: not found, still the simulator
  await input.fill('unix:///tmp/layerlab-e2e-nothing.sock')
  await dialog.getByRole('button', { name: 'Connect' }).click()
  await expect(dialog.getByTestId('settings-outcome')).toContainText('Not found')
  await expect(dialog.getByTestId('settings-attempt-detail')).toHaveText('No socket at /tmp/layerlab-e2e-nothing.sock.')
  // the OS's own words stay, untranslated, under the line
  await expect(dialog.getByTestId('settings-attempt-original')).toContainText('ENOENT /tmp/layerlab-e2e-nothing.sock')
  await expect(dialog.getByTestId('settings-kind')).toHaveText('Simulator')
  if (app.services) expect(app.services.status().kind).toBe('simulator')

  // already the simulator, chosen: the way back is there but has nothing to do
  await expect(dialog.getByRole('button', { name: 'Use the simulator' })).toBeDisabled()
  await expect(dialog.getByTestId('settings-current')).toContainText('simulator')
  await expect(dialog.getByTestId('settings-tried')).toContainText('typed here')

  // Chinese
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.getByRole('button', { name: '中文' }).click()
  await page.getByRole('button', { name: '引擎设置' }).click()
  const zh = page.getByRole('dialog', { name: '引擎设置' })
  await expect(zh).toBeVisible()
  await expect(zh.getByTestId('settings-attempt').first()).toBeVisible()
  await zh.getByRole('textbox', { name: 'Docker 端点' }).fill('ftp://x')
  await zh.getByRole('button', { name: '连接' }).click()
  await expect(zh.getByTestId('settings-outcome')).toHaveText('ftp://x 不是有效的端点：Layerlab 不能通过 ftp:// 连接；请使用 unix://、tcp:// 或 npipe://。')
  await expect(zh.getByTestId('settings-tried')).toContainText('端点格式不对')
  await expect(zh.getByTestId('settings-tried')).toContainText('在这里输入')
  expect((await zh.innerText()).split('tcp://主机:端口')).toHaveLength(2)
  await zh.getByRole('textbox', { name: 'Docker 端点' }).fill('http://host:2375/v1.41')
  await zh.getByRole('button', { name: '连接' }).click()
  await expect(zh.getByTestId('settings-outcome')).toHaveText('http://host:2375/v1.41 不是有效的端点：http:// 后面要写主机名或 IP 地址和端口，例如 http://127.0.0.1:2375。')
  // a port out of range: the sentence in Chinese, and none of the endpoint parser's English anywhere in the dialog
  await zh.getByRole('textbox', { name: 'Docker 端点' }).fill('tcp://host:99999')
  await zh.getByRole('button', { name: '连接' }).click()
  await expect(zh.getByTestId('settings-outcome')).toHaveText('tcp://host:99999 不是有效的端点：端口必须是 1 到 65535 之间的数字。')
  await expect(zh.getByTestId('settings-attempt-detail')).toHaveCount(0)
  await expect(zh.getByTestId('settings-attempt-original')).toHaveCount(0)
  await expect(zh).not.toContainText(/typed endpoint|is not a number|out of range|expected tcp/)
  await app.screenshot('settings-malformed-zh')
  // why an endpoint failed, in Chinese: the reason and its detail line from main's code + parameters
  await zh.getByRole('textbox', { name: 'Docker 端点' }).fill('unix:///tmp/layerlab-e2e-nothing.sock')
  await zh.getByRole('button', { name: '连接' }).click()
  await expect(zh.getByTestId('settings-outcome')).toContainText('未找到')
  await expect(zh.getByTestId('settings-attempt-detail')).toHaveText('/tmp/layerlab-e2e-nothing.sock 处没有套接字。')
  await expect(zh.getByTestId('settings-attempt-original')).toContainText('ENOENT')
  await expect(zh.getByTestId('settings-tried')).not.toContainText('no socket at')
  await app.screenshot('settings-zh')
  await zh.getByRole('button', { name: '关闭' }).click()
  await expect(zh).toBeHidden()
})

test('a pull typed in the terminal shows per-layer progress', async ({ app }) => {
  const { page } = app
  await typeCommand(page, 'docker pull ubuntu:14.04')
  const region = page.getByRole('region', { name: 'Pull progress' })
  await expect(region).toBeVisible()
  const pull = region.getByTestId('pull').first()
  await expect(pull).toHaveAttribute('data-state', 'done')
  await expect(pull).toContainText('docker pull ubuntu:14.04')
  const layers = pull.getByTestId('pull-layer')
  expect(await layers.count()).toBeGreaterThan(1)
  for (const status of await layers.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(status).toBe('Pull complete')
  await expect(pull.getByRole('progressbar').first()).toBeVisible()
  await expect(page.getByTestId('terminal-output')).toContainText('Status: Downloaded newer image for ubuntu:14.04')
  await app.screenshot('pull-progress')
  await pull.getByRole('button', { name: 'Dismiss' }).click()
  await expect(region).toBeHidden()
})

test('registry mirror: bad input gets a clear message (en, zh-CN), a good one is saved and kept across a reload', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: 'Engine settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Engine settings' })
  const input = dialog.getByRole('textbox', { name: 'Registry mirror' })
  await expect(input).toHaveValue('')
  await expect(dialog.getByTestId('settings-mirror-effective')).toContainText(process.env.LAYERLAB_REGISTRY_MIRROR ? 'In use for pulls' : 'No mirror')

  // a scheme that is not a registry's: refused, the text kept, nothing saved
  await input.fill('file:///etc/passwd')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByTestId('settings-mirror-outcome')).toContainText('Only http:// or https://')
  await expect(input).toHaveValue('file:///etc/passwd')
  await expect(input).toHaveAttribute('aria-invalid', 'true')
  // a bare word docker would take for a Docker Hub user
  await input.fill('mirror')
  await input.press('Enter')
  await expect(dialog.getByTestId('settings-mirror-outcome')).toContainText('Docker Hub user name')

  await input.fill('http://127.0.0.1:5000/')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByTestId('settings-mirror-outcome')).toContainText('Saved: Docker Hub pulls now go through 127.0.0.1:5000.')
  await expect(input).toHaveValue('127.0.0.1:5000')
  await expect(input).toHaveAttribute('aria-invalid', 'false')
  await dialog.getByTestId('settings-mirror').scrollIntoViewIfNeeded()
  await app.screenshot('settings-mirror-en')

  // reload: the value comes back from main's settings.json
  await page.reload()
  await page.getByRole('button', { name: 'Engine settings' }).click()
  const again = page.getByRole('dialog', { name: 'Engine settings' })
  await expect(again.getByRole('textbox', { name: 'Registry mirror' })).toHaveValue('127.0.0.1:5000')
  if (!process.env.LAYERLAB_REGISTRY_MIRROR) await expect(again.getByTestId('settings-mirror-effective')).toHaveText('In use for pulls: 127.0.0.1:5000')
  if (app.target === 'web') {
    const { readFile } = await import('node:fs/promises')
    const path = await import('node:path')
    expect(JSON.parse(await readFile(path.join(app.dataDir, 'settings.json'), 'utf8'))).toEqual({ version: 1, registryMirror: '127.0.0.1:5000' })
  }
  await page.keyboard.press('Escape')

  // Chinese: the same refusal, translated
  await page.getByRole('button', { name: '中文' }).click()
  await page.getByRole('button', { name: '引擎设置' }).click()
  const zh = page.getByRole('dialog', { name: '引擎设置' })
  const zhInput = zh.getByRole('textbox', { name: '镜像仓库' })
  await zhInput.fill('javascript:alert(1)')
  await zh.getByRole('button', { name: '保存' }).click()
  await expect(zh.getByTestId('settings-mirror-outcome')).toContainText('只能用 http:// 或 https://')
  await zh.getByTestId('settings-mirror').scrollIntoViewIfNeeded()
  await app.screenshot('settings-mirror-zh')
  // still the saved value in main
  if (app.services) expect((await app.services.handlers['settings:get'](undefined)).registryMirror.saved).toBe('127.0.0.1:5000')
})

test('the pull panel’s Cancel is Ctrl-C for the running command: ^C, cancelled, exit 130, prompt back', async ({ app }) => {
  if (!app.services) {
    // the simulator's pull is held open from the test through the services in this process (browser mode)
    const why = 'needs the in-process services (browser mode) to hold the simulator’s pull open; this run drives Electron'
    console.log(`skipped: ${why}`)
    if (process.env.CI === 'true') throw new Error(`${why} (CI=true: not skipped)`)
    test.skip(true, why)
  }
  const { page } = app
  const services = app.services!
  // the simulator's pull is instant: this one waits until it is cancelled (as a long pull would)
  const engine = services.engine() as unknown as { pullImage: (ref: string, onProgress?: (m: unknown) => void, o?: { signal?: AbortSignal }) => Promise<void> }
  engine.pullImage = async (_ref, onProgress, o = {}) => {
    onProgress?.({ status: 'Pulling from library/debian', id: 'latest' })
    onProgress?.({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 1000, total: 100_000 } })
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 60_000)
      o.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()))
    })
    const { CancelledError } = await import('../src/domain/errors')
    throw new CancelledError()
  }
  // what the terminal command answered (exit status)
  const exits: number[] = []
  const handlers = services.handlers as unknown as Record<string, (r: unknown) => Promise<{ exitCode: number }>>
  const run = handlers['terminal:run']
  handlers['terminal:run'] = async (r) => {
    const res = await run(r)
    exits.push(res.exitCode)
    return res
  }
  const output = page.getByTestId('terminal-output')
  for (const how of ['button', 'ctrl-c'] as const) {
    await typeCommand(page, 'docker pull debian')
    const pull = page.getByRole('region', { name: 'Pull progress' }).getByTestId('pull').first()
    await expect(pull).toHaveAttribute('data-state', 'running')
    if (how === 'button') await pull.getByRole('button', { name: 'Cancel' }).click()
    else {
      await page.getByRole('textbox', { name: 'Terminal input' }).focus()
      await page.keyboard.press('Control+C')
    }
    await expect(pull).toHaveAttribute('data-state', 'cancelled')
    await expect.poll(() => exits.length).toBe(how === 'button' ? 1 : 2)
    expect(exits.at(-1)).toBe(130)
    // the same transcript either way: ^C after the pull's line, nothing else, the prompt back
    await expect(output).toHaveText(/latest: Pulling from library\/debian\n\^C\n\$ $/)
    if (how === 'button') await app.screenshot('pull-cancel-button')
  }
})
