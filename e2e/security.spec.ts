/**
 * Untrusted text from the engine (file names, labels, command output) is shown as text: no element
 * is created from it and no script runs.
 */
import { test, expect, typeCommand } from './fixtures'

const PAYLOAD = '<img src=x onerror=alert(1)>'

test('hostile file names and labels render as text and run nothing', async ({ app }) => {
  const { page } = app
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  const type = (line: string) => typeCommand(page, line)
  await type('docker pull busybox')
  await expect(page.getByTestId('terminal-output')).toContainText('Status: Downloaded newer image for busybox:latest')
  await type(`docker run -d --name evil -l "note=${PAYLOAD}" busybox sleep 1000`)
  await type(`docker exec evil touch "/${PAYLOAD}"`)
  await type('docker exec evil ls /')
  await type(`docker inspect -f "{{.Config.Labels}}" evil`)
  await expect(page.getByTestId('terminal-output')).toContainText(`note:${PAYLOAD}`)
  await expect(page.getByTestId('terminal-output')).toContainText(PAYLOAD)
  await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('evil')
  // nothing was turned into markup, and no handler ran
  expect(await page.locator('img[src="x"]').count()).toBe(0)
  expect(dialogs).toEqual([])
})
