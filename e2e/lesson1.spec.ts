/**
 * The first lesson, walked as a learner would: type the commands into the terminal, watch each
 * step pass, see the container's writable layer on top of its image in the graph — in English,
 * then again in Chinese after switching the language.
 */
import { test, expect } from './fixtures'
import type { Page } from '@playwright/test'

async function typeCommand(page: Page, line: string) {
  const input = page.getByRole('textbox', { name: 'Terminal input' })
  await input.focus()
  await input.pressSequentially(line)
  await input.press('Enter')
}

const passedSteps = (page: Page) => page.locator('[data-testid="lesson-step"][data-passed="true"]')

async function walkLessonOne(page: Page, lessonTitle: RegExp, shot: (n: string) => Promise<string>, name: string) {
  await test.step('open the lesson', async () => {
    await page.getByRole('button', { name: lessonTitle }).first().click()
    await expect(page.locator('[data-testid="lesson-step"]').first()).toBeVisible()
  })
  await test.step('a step does not pass before its command', async () => {
    await typeCommand(page, 'docker images')
    await expect(page.getByTestId('terminal-output')).toContainText('REPOSITORY')
    await expect(passedSteps(page)).toHaveCount(0)
  })
  await test.step('pull: the image and its read-only layers appear', async () => {
    await typeCommand(page, 'docker pull ubuntu:14.04')
    await expect(page.getByTestId('terminal-output')).toContainText('Status: Downloaded newer image for ubuntu:14.04')
    await expect.poll(() => passedSteps(page).count()).toBe(1)
    await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('ubuntu:14.04')
  })
  await test.step('history', async () => {
    await typeCommand(page, 'docker history ubuntu:14.04')
    await expect.poll(() => passedSteps(page).count()).toBe(2)
  })
  await test.step('run: a container with its writable layer', async () => {
    await typeCommand(page, 'docker run -d ubuntu:14.04 sleep 1000')
    await expect.poll(() => passedSteps(page).count()).toBe(3)
    const graph = page.getByRole('list', { name: 'Graph as text' })
    await expect(graph).toContainText(/container/i)
    await expect(graph).toContainText(/writable/i)
  })
  await test.step('ps', async () => {
    await typeCommand(page, 'docker ps')
    await expect(page.getByTestId('terminal-output')).toContainText('sleep 1000')
    await expect.poll(() => passedSteps(page).count()).toBe(4)
  })
  await shot(name)
}

test('lesson 1 "Image vs container" can be completed by typing its commands (English)', async ({ app }) => {
  await walkLessonOne(app.page, /Image vs container/, app.screenshot, 'lesson1-en')
})

test('lesson 1 in Chinese: 镜像与容器', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: '中文' }).click()
  await expect(page.getByRole('button', { name: /镜像与容器/ }).first()).toBeVisible()
  await walkLessonOne(page, /镜像与容器/, app.screenshot, 'lesson1-zh')
})

test('an unknown command prints docker’s error and the app goes on', async ({ app }) => {
  const { page } = app
  await typeCommand(page, 'docker frobnicate')
  await expect(page.getByTestId('terminal-output')).toContainText('docker: unknown command: docker frobnicate')
  await typeCommand(page, 'docker images')
  await expect(page.getByTestId('terminal-output')).toContainText('REPOSITORY')
})
