/**
 * Undo in the simulator, as a learner uses it: the terminal's Undo button takes back the last
 * command that changed the sandbox, the graph follows, and Ctrl+Z on an empty line does the same.
 */
import { test, expect, typeCommand } from './fixtures'

test('undo the last command with the button and with Ctrl+Z', async ({ app }) => {
  const { page } = app
  const graph = page.getByRole('list', { name: 'Graph as text' })
  const out = page.getByTestId('terminal-output')
  await typeCommand(page, 'docker pull busybox')
  await expect(out).toContainText('Status: Downloaded newer image for busybox:latest')
  await typeCommand(page, 'docker run --name undo-me busybox true')
  await expect(graph).toContainText('undo-me')

  await page.getByTestId('undo').click()
  await expect(out).toContainText('Undone: docker run --name undo-me busybox true (1 more can be undone)')
  await expect(graph).not.toContainText('undo-me')
  await expect(graph).toContainText('busybox')
  await app.screenshot('undo-after-button')

  const input = page.getByRole('textbox', { name: 'Terminal input' })
  await input.focus()
  await input.press('Control+z')
  await expect(out).toContainText('Undone: docker pull busybox (0 more can be undone)')
  await expect(graph).not.toContainText('busybox')
  await input.press('Control+z')
  await expect(out).toContainText('Nothing to undo')
})
