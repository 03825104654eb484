/**
 * On a narrow window the header's labels stay on one line (English, 中文, the view names): the
 * tagline gives way with an ellipsis first, and nothing runs off the edge. Screenshot e2e/screenshots/header-narrow-{en,zh}.png.
 */
import { test, expect } from './fixtures'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

for (const lang of ['en', 'zh'] as const) {
  test(`header buttons keep one line on a 1000 px and a 760 px window (${lang})`, async ({ app }) => {
    const { page } = app
    if (lang === 'zh') {
      await page.locator('button[lang="zh-CN"]').click()
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    }
    for (const width of [1000, 760]) {
      await page.setViewportSize({ width, height: 700 })
      await page.waitForTimeout(100) // one layout
      const buttons = page.locator('header button')
      const heights = await buttons.evaluateAll((bs) => bs.map((b) => ({ text: b.textContent?.trim() ?? '', h: b.getBoundingClientRect().height })))
      expect(heights.length).toBeGreaterThan(5)
      const one = Math.min(...heights.map((b) => b.h))
      // a wrapped label doubles a button's height
      expect(heights.filter((b) => b.h > one * 1.4), `wrapped at ${width} px`).toEqual([])
      // and nothing runs off the window's right edge (the terminal below refits to the new width too)
      await expect
        .poll(() => page.locator('header button').evaluateAll((bs) => Math.max(...bs.map((b) => b.getBoundingClientRect().right)) - bs[0].ownerDocument.documentElement.clientWidth), { message: `header past the edge at ${width} px` })
        .toBeLessThanOrEqual(0)
    }
    await page.screenshot({ path: path.join(root, `e2e/screenshots/header-narrow-${lang}.png`), clip: { x: 0, y: 0, width: 760, height: 60 } })
  })
}
