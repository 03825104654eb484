/**
 * The prompt's line editor as a learner uses it: Tab completes a subcommand and a container's name
 * from the engine's state, several candidates are listed under the line and the prompt comes back,
 * Up recalls a line and Ctrl-R finds one. Screenshots e2e/screenshots/terminal-complete-{en,zh}.png
 * (1280×800) show the candidates list.
 */
import type { Page } from '@playwright/test'
import { test, expect, typeCommand } from './fixtures'

/** What xterm shows (its rows, as drawn), not the transcript: the line being edited is only there. */
const screen = (page: Page) => page.locator('.xterm-rows')
const input = (page: Page) => page.getByRole('textbox', { name: 'Terminal input' })

async function twoContainers(page: Page) {
  const graph = page.getByRole('list', { name: 'Graph as text' })
  await typeCommand(page, 'docker pull busybox', 'Status: Downloaded newer image for busybox:latest')
  await typeCommand(page, 'docker create --name web-server busybox')
  await typeCommand(page, 'docker create --name web-cache busybox')
  // completion reads the snapshot the graph draws: both are in it
  await expect(graph).toContainText('web-server')
  await expect(graph).toContainText('web-cache')
}

/** Types `text` at the prompt and presses Tab; the screen then shows `shows` (the prompt and the line). */
async function tab(page: Page, text: string, shows: string) {
  await input(page).focus()
  await page.keyboard.insertText(text)
  await input(page).press('Tab')
  await expect(screen(page)).toContainText(shows)
}

test('Tab completes a subcommand and a container name; several are listed and the prompt comes back', async ({ app }) => {
  const { page } = app
  const out = page.getByTestId('terminal-output')
  await twoContainers(page)

  // one match: docker ins<Tab> → docker inspect, then the name
  await tab(page, 'docker ins', '$ docker inspect')
  await tab(page, 'web-s', '$ docker inspect web-server')
  await input(page).press('Enter')
  await expect(out).toContainText('"Name": "/web-server"')

  // several: docker rm -f web<Tab> → web- and the two names listed under the line, the prompt again
  await tab(page, 'docker rm -f web', 'web-cache  web-server$ docker rm -f web-')
  await expect(out).toContainText('$ docker rm -f web-\nweb-cache  web-server\n$ ')
  // one more letter, Tab: the name is completed, and it runs
  await tab(page, 's', '$ docker rm -f web-server')
  await input(page).press('Enter')
  await expect(out).toContainText('$ docker rm -f web-server \nweb-server\n')
  await expect(page.getByRole('list', { name: 'Graph as text' })).not.toContainText('web-server')
  // and it is no candidate any more
  await tab(page, 'docker rm web', '$ docker rm web-cache')
  await input(page).press('Control+u')
  await expect(screen(page)).not.toContainText('$ docker rm web-cache')
})

test('history: Up recalls the last line, Ctrl-R finds an older one; Ctrl-A and Ctrl-K edit it', async ({ app }) => {
  const { page } = app
  const out = page.getByTestId('terminal-output')
  await typeCommand(page, 'docker version --format {{.Server.Version}}')
  await typeCommand(page, 'docker ps -a', 'CONTAINER ID')
  await input(page).focus()
  await input(page).press('ArrowUp')
  await expect(screen(page)).toContainText('$ docker ps -a')
  await input(page).press('Control+u')
  await input(page).press('Control+r')
  await page.keyboard.insertText('vers')
  await expect(screen(page)).toContainText("(reverse-i-search)`vers': docker version --format {{.Server.Version}}")
  // Ctrl-E ends the search with the line found; Ctrl-A, Alt-F, Ctrl-K cut it after 'docker version'
  await input(page).press('Control+e')
  await input(page).press('Control+a')
  await input(page).press('Alt+f')
  await input(page).press('Alt+f')
  await input(page).press('Control+k')
  await expect(screen(page)).toContainText('$ docker version')
  await input(page).press('Enter')
  await expect(out).toContainText(/\$ docker version\nClient:/)
})

for (const lang of ['en', 'zh'] as const) {
  test(`the candidates list at 1280×800 (${lang})`, async ({ app }) => {
    const { page } = app
    await page.setViewportSize({ width: 1280, height: 800 })
    if (lang === 'zh') {
      await page.locator('button[lang="zh-CN"]').click()
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    }
    await twoContainers(page)
    await tab(page, 'docker im', 'image  images  import$ docker im')
    await input(page).press('Control+u')
    await tab(page, 'docker start ', 'web-cache  web-server$ docker start web-')
    await app.screenshot(`terminal-complete-${lang}`)
  })
}
