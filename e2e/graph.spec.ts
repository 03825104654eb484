/**
 * The graph after a scripted sequence of commands: each command explained in one line, a tag that
 * moves, then the three views (Family, Stack of a container, Isolation of its image) screenshotted to
 * e2e/screenshots/graph-*.png for a person to look at.
 */
import { test, expect, typeCommand } from './fixtures'
import type { Page } from '@playwright/test'

const graphText = (page: Page) => page.getByRole('list', { name: 'Graph as text' })
const explanation = (page: Page) => page.getByTestId('graph-explanation')

/** Waits until nothing in the graph moves any more (view and node animations ended), however long that takes. */
async function settled(page: Page) {
  await expect.poll(() => page.getByTestId('graph').evaluate((el) => (el as unknown as { layerlabBusy(): boolean }).layerlabBusy()), { timeout: 10_000 }).toBe(false)
}

/**
 * How far (px) the node whose label starts with `name` lies outside the graph's canvas as drawn now
 * (0: wholly inside; -1: no such node), from the boxes the graph element reports.
 */
async function outsideBy(page: Page, name: string): Promise<number> {
  return page.getByTestId('graph').evaluate((el, name) => {
    const nodes = (el as unknown as { layerlabNodes(): Array<{ label: string; x1: number; y1: number; x2: number; y2: number }> }).layerlabNodes()
    const n = nodes.find((x) => x.label.split('\n')[0] === name)
    if (!n) return -1
    const w = el.clientWidth
    const h = el.clientHeight
    return Math.max(0, -n.x1, -n.y1, n.x2 - w, n.y2 - h)
  }, name)
}

test('the graph explains each command and shows Family, Stack and Isolation', async ({ app }) => {
  const { page } = app
  await test.step('pull, run twice, stop, change a file', async () => {
    await typeCommand(page, 'docker pull ubuntu:14.04', 'Status: Downloaded newer image for ubuntu:14.04')
    await expect(graphText(page)).toContainText('ubuntu:14.04')
    await typeCommand(page, 'docker run -d --name web ubuntu:14.04 sleep 1000')
    await expect(explanation(page)).toContainText('writable layer')
    await expect(explanation(page)).toContainText('ubuntu:14.04')
    // the new container is brought into view (not left above the canvas)
    await expect.poll(() => outsideBy(page, 'web'), { timeout: 5000 }).toBe(0)
    await typeCommand(page, 'docker run -d --name db ubuntu:14.04 sleep 1000')
    await expect(graphText(page)).toContainText('db')
    await expect.poll(() => outsideBy(page, 'db'), { timeout: 5000 }).toBe(0)
    // one line typed key by key as a learner does; the rest entered whole (typing is not what this spec tests)
    // -t 1: db's sleep ignores SIGTERM, so a plain docker stop waits its 10 s grace period, on Docker as in the simulator
    await typeCommand(page, 'docker stop -t 1 db', 'db', { perKey: true })
    await expect(explanation(page)).toContainText(/exited/i)
    await typeCommand(page, 'docker exec web touch /hello.txt')
    await typeCommand(page, 'docker commit web mine:1')
    await expect(graphText(page)).toContainText('mine:1')
  })
  await test.step('a tag moves to another image', async () => {
    await typeCommand(page, 'docker tag ubuntu:14.04 current:v1')
    await expect(graphText(page)).toContainText('current:v1')
    await typeCommand(page, 'docker tag mine:1 current:v1')
    await expect(explanation(page)).toContainText('current:v1')
    await app.screenshot('graph-tag-moving') // mid-animation, for a person to look at
    await expect(explanation(page)).toContainText(/moved|now points/i)
  })
  await test.step('Family view', async () => {
    await settled(page) // the change animation finished before the picture
    await app.screenshot('graph-family')
  })
  await test.step('select the container web, show it as a stack', async () => {
    await page.getByTestId('graph').focus()
    // arrow keys walk the nodes: the first press selects the newest node (container db), left of it is web
    const panel = page.getByTestId('inspect-panel')
    await page.keyboard.press('ArrowDown')
    await expect(panel.getByRole('heading')).toHaveText('container')
    await expect(page.getByTestId('inspect-name')).toHaveText('db')
    await page.keyboard.press('ArrowLeft')
    await expect(page.getByTestId('inspect-name')).toHaveText('web')
    await expect(panel.getByRole('heading')).toHaveText('container')
    await page.getByTestId('show-stack').click()
    await expect(page.getByRole('button', { name: 'Stack', exact: true })).toHaveAttribute('aria-pressed', 'true')
    await expect(graphText(page)).toContainText(/kernel/i)
    await expect(graphText(page)).toContainText(/writable/i)
    await settled(page)
    await app.screenshot('graph-stack')
  })
  await test.step('Isolation view of ubuntu:14.04', async () => {
    await page.getByRole('button', { name: 'Family', exact: true }).click()
    await page.getByRole('button', { name: 'Isolation', exact: true }).click()
    await expect(graphText(page)).toContainText('db')
    await expect(graphText(page)).toContainText('web')
    await settled(page)
    await app.screenshot('graph-isolation')
  })
  await test.step('dark theme, Chinese', async () => {
    await page.getByRole('button', { name: 'Family', exact: true }).click()
    await page.getByTestId('theme-toggle').click()
    await page.getByRole('button', { name: '中文' }).click()
    await expect(page.getByRole('button', { name: '家族', exact: true })).toBeVisible()
    // the selected container's status said in Chinese, docker's own text beside it (the terminal keeps docker's)
    await expect(page.getByTestId('inspect-name')).toHaveText('web')
    await expect(page.getByTestId('inspect-status')).toContainText(/^运行中 · (\d+ 秒|不到 1 秒|约 1 分钟)/)
    await expect(page.getByTestId('inspect-status-docker')).toHaveText(/^Up (\d+ seconds?|Less than a second|About a minute)$/)
    await settled(page)
    await app.screenshot('graph-family-dark-zh')
  })
})

test('a lesson step’s highlight marks its nodes', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: /Image vs container/ }).first().click()
  await typeCommand(page, 'docker pull ubuntu:14.04', 'Status: Downloaded newer image for ubuntu:14.04')
  await expect(page.getByTestId('graph')).toHaveAttribute('data-highlighted', /^[1-9]/)
  await settled(page)
  await app.screenshot('graph-highlight')
})

test('the inspect panel’s status keeps time while it is open, without asking the engine', async ({ app }) => {
  const { page } = app
  await typeCommand(page, 'docker run -d --name ticker ubuntu:14.04 sleep 1000')
  await expect(graphText(page)).toContainText('ticker')
  await page.getByTestId('graph').focus()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('inspect-name')).toHaveText('ticker')
  const status = page.getByTestId('inspect-status')
  const seconds = async () => {
    const m = /^Up (\d+) seconds?|^Up (Less than a second)/.exec(await status.locator('b').innerText())
    expect(m, 'a running container’s status').not.toBeNull()
    return m![2] ? 0 : Number(m![1])
  }
  // from here on nothing changes in the engine: any new time on screen comes from the panel's own clock
  const calls: string[] = []
  if (app.services) {
    const handlers = app.services.handlers as unknown as Record<string, (r: unknown) => Promise<unknown>>
    for (const ch of ['engine:snapshot', 'engine:status']) {
      const h = handlers[ch]
      handlers[ch] = (r) => (calls.push(ch), h(r))
    }
  }
  const first = await seconds()
  await expect.poll(seconds, { timeout: 6000 }).toBeGreaterThanOrEqual(first + 2)
  expect(calls, 'no engine call while the status ticks').toEqual([])
  // in Chinese too, docker's own words beside it moving with it
  await page.getByRole('button', { name: '中文' }).click()
  await expect(status.locator('b')).toHaveText(/^运行中 · \d+ 秒$/)
  const zhFirst = Number(/(\d+) 秒/.exec(await status.locator('b').innerText())?.[1])
  await expect.poll(async () => Number(/^运行中 · (\d+) 秒$/.exec(await status.locator('b').innerText())?.[1]), { timeout: 4000 }).toBeGreaterThan(zhFirst)
  await expect(page.getByTestId('inspect-status-docker')).toHaveText(/^Up \d+ seconds$/)
  await app.screenshot('inspect-status-ticking')
  await page.getByTestId('inspect-panel').getByRole('button', { name: '关闭', exact: true }).click()
  await expect(page.getByTestId('inspect-panel')).toBeHidden()
})
