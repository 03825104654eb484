/**
 * Opening and closing the inspect panel narrows and widens the graph's canvas; the learner's view stays:
 * the node they clicked stays under the pointer (same zoom, same place on the page), and closing the
 * panel does not jump either. Screenshots e2e/screenshots/inspect-view-*.png.
 */
import { test, expect, typeCommand } from './fixtures'
import type { Page } from '@playwright/test'

type Box = { label: string; x1: number; y1: number; x2: number; y2: number }

async function settled(page: Page) {
  await expect.poll(() => page.getByTestId('graph').evaluate((el) => (el as unknown as { layerlabBusy(): boolean }).layerlabBusy()), { timeout: 10_000 }).toBe(false)
}

/** The node whose label starts with `name`, its box in page px (the graph element's offset added). */
async function pageBox(page: Page, name: string): Promise<Box | null> {
  return page.getByTestId('graph').evaluate((el, name) => {
    const r = el.getBoundingClientRect()
    const nodes = (el as unknown as { layerlabNodes(): Box[] }).layerlabNodes()
    const n = nodes.find((x) => x.label.split('\n')[0] === name)
    return n ? { label: n.label, x1: n.x1 + r.left, y1: n.y1 + r.top, x2: n.x2 + r.left, y2: n.y2 + r.top } : null
  }, name)
}
const centre = (b: Box) => ({ x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 })
const width = (b: Box | null) => (b ? b.x2 - b.x1 : NaN)
/** the kernel node (never selected here): its drawn width tells the zoom */
const KERNEL = 'kernel (layer 0)'
const canvasRight = (page: Page) => page.getByTestId('graph').evaluate((el) => el.getBoundingClientRect().right)

/** ubuntu:14.04 pulled and a container `web` running from it, drawn and laid out */
async function imageAndContainer(page: Page) {
  await typeCommand(page, 'docker pull ubuntu:14.04', 'Status: Downloaded newer image for ubuntu:14.04')
  await typeCommand(page, 'docker run -d --name web ubuntu:14.04 sleep 1000')
  await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('web')
  await settled(page)
}

test('opening and closing the inspect panel keeps the view: the clicked node stays under the pointer', async ({ app }) => {
  const { page } = app
  await imageAndContainer(page)
  const before = await pageBox(page, 'web')
  expect(before).not.toBeNull()
  const kernel = await pageBox(page, KERNEL)
  const widthBefore = await canvasRight(page)
  await app.screenshot('inspect-view-before')

  // click the container as a learner does: the panel opens beside the canvas, which gets narrower
  const { x: cx, y: cy } = centre(before!)
  await page.mouse.click(cx, cy)
  await expect(page.getByTestId('inspect-name')).toHaveText('web')
  await expect.poll(() => canvasRight(page)).toBeLessThan(widthBefore - 100)
  await page.waitForTimeout(300) // a refit would have happened by now (the resize observer fires within a frame)
  await settled(page)
  await app.screenshot('inspect-view-open')
  const open = (await pageBox(page, 'web'))!
  // the same place (its centre; the selection ring makes its box a little bigger) and zoom: still under the pointer
  expect(Math.abs(centre(open).x - cx)).toBeLessThan(2)
  expect(Math.abs(centre(open).y - cy)).toBeLessThan(2)
  expect(width(await pageBox(page, KERNEL))).toBeCloseTo(width(kernel), 0)

  // closing the panel widens the canvas again; nothing jumps
  await page.getByTestId('inspect-panel').getByRole('button', { name: 'Close' }).click()
  await expect(page.getByTestId('inspect-panel')).toHaveCount(0)
  await expect.poll(() => canvasRight(page)).toBeGreaterThan(widthBefore - 1)
  await page.waitForTimeout(300)
  await settled(page)
  const closed = (await pageBox(page, 'web'))!
  expect(Math.abs(centre(closed).x - cx)).toBeLessThan(2)
  expect(Math.abs(centre(closed).y - cy)).toBeLessThan(2)
  expect(width(await pageBox(page, KERNEL))).toBeCloseTo(width(kernel), 0)
})

test('a node the opening panel would cover is brought back with the smallest pan, at the same zoom', async ({ app }) => {
  const { page } = app
  await imageAndContainer(page)
  // the learner drags the graph to the right, near the canvas's right edge
  const graphBox = (await page.getByTestId('graph').boundingBox())!
  const start = (await pageBox(page, 'web'))!
  const dx = graphBox.x + graphBox.width - 60 - start.x2
  const y = graphBox.y + graphBox.height / 2
  await page.mouse.move(graphBox.x + 40, y)
  await page.mouse.down()
  await page.mouse.move(graphBox.x + 40 + dx / 2, y, { steps: 5 })
  await page.mouse.move(graphBox.x + 40 + dx, y, { steps: 5 })
  await page.mouse.up()
  const moved = (await pageBox(page, 'web'))!
  const kernel = await pageBox(page, KERNEL)
  expect(moved.x2).toBeGreaterThan(graphBox.x + graphBox.width - 320)

  const { x: cx, y: cy } = centre(moved)
  await page.mouse.click(cx, cy)
  await expect(page.getByTestId('inspect-name')).toHaveText('web')
  await page.waitForTimeout(300)
  await settled(page)
  await app.screenshot('inspect-view-covered')
  const right = await canvasRight(page)
  const shown = (await pageBox(page, 'web'))!
  // wholly in the narrower canvas, moved only sideways and no further than needed (30 px margin), same zoom
  expect(shown.x2).toBeLessThanOrEqual(right)
  expect(shown.x2).toBeGreaterThan(right - 60)
  expect(Math.abs(centre(shown).y - cy)).toBeLessThan(2)
  expect(width(await pageBox(page, KERNEL))).toBeCloseTo(width(kernel), 0)
})

test('the kernel (layer 0) says what it is: the version every container sees, what runs on it', async ({ app }) => {
  const { page } = app
  await imageAndContainer(page)
  // what a container says its kernel is
  await typeCommand(page, 'docker run --rm ubuntu:14.04 uname -r')
  const out = page.getByTestId('terminal-output')
  await expect(out).toContainText(/uname -r\n\S+\n/)
  const seen = /uname -r\n(\S+)\n/.exec((await out.textContent()) ?? '')![1]
  await settled(page)
  const kernel = (await pageBox(page, KERNEL))!
  // the fitted view keeps the graph clear of the zoom / fit / export toolbar in the bottom-right corner
  const tools = (await page.getByRole('toolbar', { name: 'Graph' }).boundingBox())!
  expect(kernel.y2).toBeLessThan(tools.y)
  const { x, y } = centre(kernel)
  await page.mouse.click(x, y)
  const panel = page.getByTestId('inspect-panel')
  await expect(panel.getByRole('heading')).toHaveText(/kernel/i)
  await expect(page.getByTestId('inspect-kernel-version')).toHaveText(seen)
  await expect(page.getByTestId('inspect-kernel-counts')).toHaveText('Images: 1 · containers: 1 (1 running)')
  await expect(page.getByTestId('inspect-kernel-about')).toContainText('not part of any image')
  await expect(page.getByTestId('inspect-kernel-about')).toContainText('uname -r in a container from any image: this version')
  await expect(panel.getByTestId('browse-files')).toHaveCount(0)
  await settled(page)
  await app.screenshot('inspect-kernel')
  await page.getByRole('button', { name: '中文' }).click()
  await expect(page.getByTestId('inspect-kernel-counts')).toHaveText('镜像 1 个 · 容器 1 个（1 个运行中）')
  await expect(page.getByTestId('inspect-kernel-about')).toContainText('不属于任何镜像')
  await app.screenshot('inspect-kernel-zh')
})
