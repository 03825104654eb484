/**
 * Untrusted text from the engine (file names, labels, command output) is shown as text: no element
 * is created from it and no script runs.
 */
import { test, expect, typeCommand, runThroughContract, selectWithKeyboard } from './fixtures'

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
  // docker refuses such a name; its error names it, as text
  await type(`docker run --name "${PAYLOAD}" busybox true`)
  await expect(page.getByTestId('terminal-output')).toContainText(`Invalid container name (${PAYLOAD}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`)
  await expect(page.getByTestId('terminal-output')).toContainText(`note:${PAYLOAD}`)
  await expect(page.getByTestId('terminal-output')).toContainText(PAYLOAD)
  await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('evil')
  // nothing was turned into markup, and no handler ran
  expect(await page.locator('img[src="x"]').count()).toBe(0)
  expect(dialogs).toEqual([])
})

/**
 * Terminal escapes from the engine (container output, file names) are shown, not obeyed: xterm gets
 * `\x1b[2J` as text (as docker ps quotes it), so it neither clears the screen nor starts an OSC 8 link or a title change.
 */
test('ANSI escapes in container output and file names show as visible text', async ({ app }) => {
  const { page } = app
  const popups: string[] = []
  page.on('popup', (p) => popups.push(p.url()))
  page.on('dialog', (d) => {
    popups.push(d.message())
    void d.dismiss()
  })
  const E = '\x1b'
  const B = '\x07'
  const output = `${E}[2J${E}[H${E}[31mFAKE${E}]8;;https://evil.example/${B}link${E}]8;;${B}${E}]0;pwned${B}`
  const file = `${E}[31mred${E}[0m.txt`
  await typeCommand(page, 'docker pull busybox', 'Status: Downloaded newer image for busybox:latest')
  // the line editor drops control characters a learner types; a hostile image's program is not so polite
  await runThroughContract(app, `docker run -d --name esc busybox sh -c "echo '${output}'; touch '/${file}'; sleep 1000"`)
  await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('esc')

  // shown as docker ps quotes them
  const shownOutput = String.raw`\x1b[2J\x1b[H\x1b[31mFAKE\x1b]8;;https://evil.example/\alink\x1b]8;;\a\x1b]0;pwned\a`
  const shownFile = String.raw`\x1b[31mred\x1b[0m.txt`
  await typeCommand(page, 'docker logs esc', shownOutput)
  await typeCommand(page, 'docker diff esc', `A /${shownFile}`)
  const transcript = (await page.getByTestId('terminal-output').textContent()) ?? ''
  expect(transcript).not.toContain(E)
  // what xterm drew: the escapes as text, and the screen still holds the lines before them (ESC[2J cleared nothing)
  const rows = page.locator('.xterm-rows')
  await expect(rows).toContainText(String.raw`\x1b[2J\x1b[H\x1b[31mFAKE`)
  await expect(rows).toContainText('$ docker logs esc')
  await expect(rows).toContainText(`A /${shownFile}`)
  // no link was made and no red text drawn from the container's bytes (red is only the terminal's own stderr colour)
  expect(await rows.locator('a, .xterm-underline-1').count()).toBe(0)
  expect(await rows.locator('span', { hasText: 'FAKE' }).evaluateAll((els) => els.map((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e).color))).not.toContain('rgb(205, 49, 49)')
  expect(await page.title()).not.toContain('pwned')
  await app.screenshot('security-ansi-terminal')

  await test.step('the inspect panel and the file browser show the same name, visibly', async () => {
    await selectWithKeyboard(page, /^container$/i)
    await expect(page.getByTestId('inspect-panel')).toContainText(`A /${shownFile}`)
    await page.getByTestId('browse-files').click()
    const browser = page.getByTestId('file-browser')
    await expect(browser.locator(`[data-path="/${file}"]`)).toContainText(shownFile)
    await app.screenshot('security-ansi-escapes')
  })
  expect(popups).toEqual([])
})
