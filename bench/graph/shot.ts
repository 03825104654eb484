/**
 * Screenshots of the UI (for looking at it): node --import tsx bench/graph/shot.ts URL OUT_PREFIX
 */
import { chromium } from 'playwright-core'

const [url, out = '/tmp/layerlab-shot'] = process.argv.slice(2)
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } })
page.on('console', (m) => console.log('console:', m.type(), m.text()))
page.on('pageerror', (e) => console.log('pageerror:', e.message))
await page.goto(url)
await page.waitForTimeout(1200)
await page.getByRole('button', { name: /Image vs container/ }).first().click().catch((e) => console.log('no lesson button', String(e).slice(0, 200)))
await page.waitForTimeout(500)
const term = page.getByRole('textbox', { name: 'Terminal input' })
for (const cmd of ['docker pull ubuntu:14.04', 'docker run -d ubuntu:14.04 sleep 1000', 'docker ps']) {
  await term.focus()
  await page.keyboard.type(cmd)
  await page.keyboard.press('Enter')
  await page.waitForTimeout(700)
}
await page.screenshot({ path: `${out}-light.png` })
console.log('graph text:', await page.getByRole('list', { name: 'Graph as text' }).innerText())
console.log('terminal:', await page.getByTestId('terminal-output').textContent())
await page.getByTestId('graph').focus()
await page.keyboard.press('ArrowDown')
await page.waitForTimeout(400)
await page.screenshot({ path: `${out}-inspect.png` })
await page.getByRole('button', { name: 'Stack' }).click()
await page.waitForTimeout(400)
await page.screenshot({ path: `${out}-stack.png` })
await page.getByRole('button', { name: 'Family' }).click()
const zh = page.getByRole('button', { name: '中文' })
if (await zh.count()) await zh.click()
const theme = page.getByTestId('theme-toggle')
if (await theme.count()) await theme.click()
await page.waitForTimeout(500)
await page.screenshot({ path: `${out}-dark-zh.png` })
await browser.close()
