/**
 * A window resize and the graph's view: a view the learner has not touched (Layerlab's own fit) is refitted
 * to the new canvas, as ⤢ Fit would; a view the learner zoomed or panned is kept (same zoom, the drawing in
 * the same place from the canvas's top-left). The inspect panel's own resize keeps the view either way
 * (e2e/inspect-view.spec.ts). Screenshots e2e/screenshots/resize-view-*.png.
 */
import { test, expect, typeCommand } from './fixtures'
import type { Page } from '@playwright/test'

type Box = { label: string; x1: number; y1: number; x2: number; y2: number }
const KERNEL = 'kernel (layer 0)'

async function settled(page: Page) {
  await expect
    .poll(
      () => page.getByTestId('graph').evaluate((el) => (el as unknown as { layerlabBusy(): boolean }).layerlabBusy()),
      { timeout: 10_000 },
    )
    .toBe(false)
}

/**
 * Resizes the page and waits for its layout to be still: the terminal keeps its old width for a moment
 * (xterm refits after the resize), which holds the grid wider than the window, then lets go.
 */
async function resizeTo(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height })
  const size = () =>
    page.getByTestId('graph').evaluate((g) => {
      const doc = g.ownerDocument
      return doc.documentElement.scrollWidth <= doc.documentElement.clientWidth
        ? `${g.clientWidth}x${g.clientHeight}`
        : 'overflowing'
    })
  let last = ''
  await expect
    .poll(
      async () => {
        const now = await size()
        const still = now !== 'overflowing' && now === last
        last = now
        return still
      },
      { intervals: [250] },
    )
    .toBe(true)
}

/** every node's drawn box (px from the canvas's top-left) and the canvas's size */
async function drawn(page: Page) {
  return page.getByTestId('graph').evaluate((el) => ({
    w: el.clientWidth,
    h: el.clientHeight,
    nodes: (el as unknown as { layerlabNodes(): Box[] }).layerlabNodes(),
  }))
}
const kernelOf = (d: Awaited<ReturnType<typeof drawn>>) => d.nodes.find((n) => n.label.split('\n')[0] === KERNEL)!
const union = (nodes: Box[]) => ({
  x1: Math.min(...nodes.map((n) => n.x1)),
  y1: Math.min(...nodes.map((n) => n.y1)),
  x2: Math.max(...nodes.map((n) => n.x2)),
  y2: Math.max(...nodes.map((n) => n.y2)),
})
/**
 * How far the drawn boxes' centre is off the canvas's centre, sideways, as a share of their width (the same
 * at any zoom). Not 0 for a fitted graph: the fit centres the model box (the kernel, the widest), the rest
 * leans right (the tag). The kernel is left out: it is the one clicked below, and its selection ring would
 * widen the drawing.
 */
const offCentre = (d: Awaited<ReturnType<typeof drawn>>) => {
  const u = union(d.nodes.filter((n) => n.label.split('\n')[0] !== KERNEL))
  return ((u.x1 + u.x2) / 2 - d.w / 2) / (u.x2 - u.x1)
}
/** the drawing's width in px, to turn a difference of offCentre into px */
const drawnWidth = (d: Awaited<ReturnType<typeof drawn>>) => {
  const u = union(d.nodes.filter((n) => n.label.split('\n')[0] !== KERNEL))
  return u.x2 - u.x1
}
const inside = (b: { x1: number; y1: number; x2: number; y2: number }, d: { w: number; h: number }) =>
  b.x1 >= 0 && b.y1 >= 0 && b.x2 <= d.w && b.y2 <= d.h

/** ⤢ Fit moves nothing: the view already is the fit (positions within 1 px) */
async function expectFitted(page: Page) {
  const before = await drawn(page)
  await page.getByRole('button', { name: 'Fit' }).click()
  await settled(page)
  const after = await drawn(page)
  for (const n of after.nodes) {
    const b = before.nodes.find((x) => x.label === n.label)!
    expect(Math.abs(b.x1 - n.x1), n.label).toBeLessThan(1)
    expect(Math.abs(b.y1 - n.y1), n.label).toBeLessThan(1)
    expect(Math.abs(b.x2 - n.x2), n.label).toBeLessThan(1)
  }
}

async function pullUbuntu(page: Page) {
  await typeCommand(page, 'docker pull ubuntu:14.04', 'Status: Downloaded newer image for ubuntu:14.04')
  await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('ubuntu')
  await settled(page)
}

test('a window resize refits a view the learner has not touched', async ({ app }) => {
  const { page } = app
  await pullUbuntu(page)
  const start = await drawn(page)
  // Layerlab's own fit: how far off the centre that draws (the tag sticks out right), for comparing after each resize
  const base = offCentre(start)
  expect(Math.abs(base)).toBeLessThan(0.2)
  /** px between where the drawing is and where Layerlab's fit puts it, sideways */
  const centred = async () => {
    const d = await drawn(page)
    return Math.abs(offCentre(d) - base) * drawnWidth(d)
  }
  await app.screenshot('resize-view-before')

  // smaller: the graph would be cut off on the right and sit off-centre if the view were kept
  await resizeTo(page, 1000, 720)
  await expect.poll(async () => (await drawn(page)).w).toBeLessThan(start.w - 300)
  await expect.poll(centred, { timeout: 5_000 }).toBeLessThan(2)
  await settled(page)
  await app.screenshot('resize-view-smaller')
  const small = await drawn(page)
  expect(inside(kernelOf(small), small)).toBe(true)
  expect(inside(union(small.nodes), small)).toBe(true)
  // centred within the band below the overlay lines (80 px) and above the bottom padding (30 px), as Fit does
  const u = union(small.nodes)
  expect(Math.abs(Math.min(u.y1 - 80, small.h - 30 - u.y2))).toBeLessThan(3)
  await expectFitted(page)

  // and bigger again
  await resizeTo(page, 1600, 1000)
  await expect.poll(async () => (await drawn(page)).w).toBeGreaterThan(start.w)
  await expect.poll(centred, { timeout: 5_000 }).toBeLessThan(2)
  await settled(page)
  await app.screenshot('resize-view-bigger')
  await expectFitted(page)

  // the inspect panel opening does not refit (its own spec), but a window resize while it is open does
  const k = kernelOf(await drawn(page))
  const box = (await page.getByTestId('graph').boundingBox())!
  await page.mouse.click(box.x + (k.x1 + k.x2) / 2, box.y + (k.y1 + k.y2) / 2)
  await expect(page.getByTestId('inspect-panel')).toBeVisible()
  await page.waitForTimeout(300)
  await settled(page)
  const open = await drawn(page)
  // the kernel, now selected (its ring makes the box a little bigger), did not move
  const ko = kernelOf(open)
  expect(Math.abs((ko.x1 + ko.x2) / 2 - (k.x1 + k.x2) / 2)).toBeLessThan(2)
  expect(Math.abs((ko.y1 + ko.y2) / 2 - (k.y1 + k.y2) / 2)).toBeLessThan(2)
  expect(Math.abs(offCentre(open) - base) * drawnWidth(open)).toBeGreaterThan(50)
  await resizeTo(page, 1300, 860)
  await expect.poll(centred, { timeout: 5_000 }).toBeLessThan(2)
  await settled(page)
  await app.screenshot('resize-view-panel')
  await expectFitted(page)
})

test('a view the learner zoomed is kept on a window resize: same zoom, same place from the top-left', async ({
  app,
}) => {
  const { page } = app
  await pullUbuntu(page)
  const box = (await page.getByTestId('graph').boundingBox())!
  const start = await drawn(page)
  const base = offCentre(start)
  const k0 = kernelOf(start)
  // the learner zooms in with the wheel, over the kernel
  await page.mouse.move(box.x + (k0.x1 + k0.x2) / 2, box.y + (k0.y1 + k0.y2) / 2)
  // (Cytoscape damps the first wheel events while it learns the device's step)
  for (let i = 0; i < 8; i++) {
    await page.mouse.wheel(0, -100)
    await page.waitForTimeout(30)
  }
  await expect
    .poll(async () => {
      const k = kernelOf(await drawn(page))
      return k.x2 - k.x1
    })
    .toBeGreaterThan((k0.x2 - k0.x1) * 1.1)
  await page.waitForTimeout(200)
  await settled(page)
  const zoomed = await drawn(page)
  const k1 = kernelOf(zoomed)
  await app.screenshot('resize-view-zoomed')

  await resizeTo(page, 1000, 720)
  await expect.poll(async () => (await drawn(page)).w).toBeLessThan(zoomed.w - 300)
  await page.waitForTimeout(300) // a refit would have happened by now (the resize observer fires within a frame)
  await settled(page)
  await app.screenshot('resize-view-zoomed-smaller')
  const k2 = kernelOf(await drawn(page))
  expect(Math.abs(k2.x2 - k2.x1 - (k1.x2 - k1.x1))).toBeLessThan(0.5) // same zoom
  expect(Math.abs(k2.x1 - k1.x1)).toBeLessThan(1)
  expect(Math.abs(k2.y1 - k1.y1)).toBeLessThan(1)

  // ⤢ Fit hands the view back: the next resize refits
  await page.getByRole('button', { name: 'Fit' }).click()
  await page.mouse.move(5, 5) // no node hovered
  await resizeTo(page, 1440, 900)
  await expect
    .poll(
      async () => {
        const d = await drawn(page)
        return Math.abs(offCentre(d) - base) * drawnWidth(d)
      },
      { timeout: 5_000 },
    )
    .toBeLessThan(2)
  await settled(page)
  await expectFitted(page)
})
