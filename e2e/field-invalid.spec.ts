/**
 * A field in an invalid state (aria-invalid, red border) stays visibly red while it has the focus — when the
 * learner is typing in it — in the light and the dark theme, and the focus is still shown (a ring). Screenshots
 * e2e/screenshots/field-invalid-{light,dark}.png.
 */
import { test, expect } from './fixtures'
import type { Locator } from '@playwright/test'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** the field's drawn border and focus ring colours, as [r, g, b] */
async function look(input: Locator) {
  return input.evaluate((el) => {
    const doc = el.ownerDocument
    const s = doc.defaultView!.getComputedStyle(el)
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
    return { focused: doc.activeElement === el, border: rgb(s.borderTopColor), borderWidth: parseFloat(s.borderTopWidth), ring: s.outlineStyle === 'none' ? null : rgb(s.outlineColor), ringWidth: parseFloat(s.outlineWidth) }
  })
}
const red = (c: number[] | null) => !!c && c[0] > 180 && c[1] < 140 && c[2] < 140

for (const theme of ['light', 'dark'] as const) {
  test(`an invalid field stays red while focused, with a visible focus ring (${theme} theme)`, async ({ app }) => {
    const { page } = app
    if (theme === 'dark') {
      await page.getByTestId('theme-toggle').click()
      await expect(page.locator('html')).toHaveClass(/dark/)
    }
    await page.getByRole('button', { name: 'Engine settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Engine settings' })
    const input = dialog.getByRole('textbox', { name: 'Registry mirror' })
    // valid and focused: the ordinary focus ring, not red
    await input.focus()
    const calm = await look(input)
    expect(calm.focused).toBe(true)
    expect(calm.ring).not.toBeNull()
    expect(red(calm.ring)).toBe(false)

    await input.fill('file:///x')
    await input.press('Enter')
    await expect(dialog.getByTestId('settings-mirror-outcome')).toContainText('Only http:// or https://')
    await expect(input).toHaveAttribute('aria-invalid', 'true')
    await dialog.getByTestId('settings-mirror').scrollIntoViewIfNeeded()
    await app.screenshot(`field-invalid-${theme}`)
    // the field close up, for a person to look at
    await dialog.getByTestId('settings-mirror').screenshot({ path: path.join(root, 'e2e', 'screenshots', `field-invalid-${theme}-close.png`) })
    // still typing in it: the field says it is wrong, and that it has the focus
    const typing = await look(input)
    expect(typing.focused).toBe(true)
    expect(red(typing.border)).toBe(true)
    expect(red(typing.ring)).toBe(true)
    expect(typing.ringWidth).toBeGreaterThanOrEqual(2)
    // focus elsewhere: the red border stays, the ring goes
    await dialog.getByRole('textbox', { name: /endpoint/i }).focus()
    const left = await look(input)
    expect(left.focused).toBe(false)
    expect(red(left.border)).toBe(true)
    expect(left.ring).toBeNull()
  })
}
