/**
 * The layer file browser (dive-like), as a learner reaches it: run a container that writes and
 * deletes files, select it in the graph with the keyboard, open "Browse files", and see its
 * writable layer on top with added / deleted marks, the image's layers below, the kernel as
 * layer 0 — and that the image's own top layer still has the file the container deleted.
 */
import { test, expect, typeCommand, selectWithKeyboard } from './fixtures'

test('browse the files of a container and its image, layer by layer', async ({ app }) => {
  const { page } = app
  await typeCommand(page, 'docker pull ubuntu:14.04')
  await expect(page.getByTestId('terminal-output')).toContainText('Status: Downloaded newer image for ubuntu:14.04')
  await typeCommand(page, 'docker run --name writer ubuntu:14.04 sh -c "echo hello > /hello.txt; rm /etc/issue"')
  await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('writer')

  await test.step('select the container with the keyboard', () => selectWithKeyboard(page, /^container$/i))

  const browser = page.getByTestId('file-browser')
  await test.step('the writable layer on top: /hello.txt added, /etc/issue deleted', async () => {
    await page.getByTestId('browse-files').click()
    await expect(browser).toBeVisible()
    const layers = browser.getByTestId('files-layer')
    await expect(layers.first()).toHaveAttribute('data-writable', 'true')
    await expect(layers.first()).toHaveAttribute('aria-pressed', 'true')
    await expect(layers).toHaveCount(4) // writable + ubuntu's three layers
    await expect(browser).toContainText('Layer 0 — kernel')
    await expect(browser.getByTestId('files-target')).toHaveText('writer')
    await expect(browser.locator('[data-path="/hello.txt"]')).toHaveAttribute('data-mark', 'added')
    await expect(browser.locator('[data-path="/etc/issue"]')).toHaveAttribute('data-mark', 'deleted')
    await app.screenshot('files-container-writable')
  })

  await test.step("the image's layer still has the file; the merged view is what the container sees", async () => {
    await browser.getByTestId('files-layer').nth(3).click() // the bottom layer (ubuntu's root)
    await expect(browser.locator('[data-path="/etc/issue"]')).toHaveAttribute('data-mark', 'added')
    await browser.getByTestId('files-layer').first().click()
    await browser.getByLabel('Merged view (what the container sees)').check()
    await expect(browser.locator('[data-path="/bin"]')).toHaveAttribute('data-mark', 'unchanged')
    await browser.getByTestId('files-only-changes').check()
    await expect(browser.locator('[data-path="/bin"]')).toHaveCount(0)
    await expect(browser.locator('[data-path="/hello.txt"]')).toBeVisible()
    await app.screenshot('files-merged-changes')
    await page.keyboard.press('Escape')
    await expect(browser).toHaveCount(0)
  })
})
