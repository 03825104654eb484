/**
 * Lessons as a learner meets them, in browser mode (or Electron): the first-run welcome; lessons
 * 1–3 walked by typing their commands, in English and in Chinese, each step seen passing in the UI;
 * resume, reset, progress exported and imported as a file; a challenge with its goal graph beside
 * the learner's graph and the command count against the best.
 */
import { readFile } from 'node:fs/promises'
import { test, expect, typeCommand } from './fixtures'
import type { Page } from '@playwright/test'

const steps = (page: Page) => page.getByTestId('lesson-step')
const passedSteps = (page: Page) => page.locator('[data-testid="lesson-step"][data-passed="true"]')

interface Walk {
  en: RegExp
  zh: RegExp
  /** per step: the commands a learner types; the step passes after the last one, not before */
  steps: string[][]
}

const LESSONS: Walk[] = [
  {
    en: /^Image vs container/,
    zh: /^镜像与容器/,
    steps: [['docker images', 'docker pull ubuntu:14.04'], ['docker history ubuntu:14.04'], ['docker run -d ubuntu:14.04 sleep 1000'], ['docker ps']],
  },
  {
    en: /^Base and parent images/,
    zh: /^基础镜像与父镜像/,
    steps: [["docker run --name builder ubuntu:14.04 sh -c 'echo hello > /greeting'", 'docker commit builder ubuntu:mine'], ['docker history ubuntu:mine']],
  },
  {
    en: /^Image IDs/,
    zh: /^镜像 ID/,
    steps: [['docker images'], ['docker images --no-trunc']],
  },
]

async function walk(page: Page, lesson: Walk, lang: 'en' | 'zh', shot: (n: string) => Promise<string>, name: string) {
  await page.getByRole('button', { name: lang === 'en' ? lesson.en : lesson.zh }).first().click()
  await expect(steps(page)).toHaveCount(lesson.steps.length)
  await expect(passedSteps(page)).toHaveCount(0)
  for (const [i, lines] of lesson.steps.entries()) {
    await test.step(`step ${i + 1}: ${lines.join(' ; ')}`, async () => {
      await expect(steps(page).nth(i)).toHaveAttribute('data-current', 'true')
      for (const [k, line] of lines.entries()) {
        await typeCommand(page, line)
        if (k < lines.length - 1) {
          // not before its action: an earlier command of the step leaves it open
          await expect(page.getByTestId('terminal-output')).toContainText(`$ ${line}`)
          await expect(passedSteps(page)).toHaveCount(i)
        }
      }
      await expect(passedSteps(page)).toHaveCount(i + 1)
      await expect(steps(page).nth(i).getByTestId('step-done')).toBeVisible()
    })
  }
  await expect(page.getByRole('status').filter({ hasText: lang === 'en' ? 'Lesson complete' : '课程完成' })).toBeVisible()
  await shot(name)
  await page.getByRole('button', { name: lang === 'en' ? /All lessons/ : /全部课程/ }).click()
}

for (const lang of ['en', 'zh'] as const) {
  test(`lessons 1–3 completed by typing their commands (${lang === 'en' ? 'English' : 'Chinese'})`, async ({ app }) => {
    // three lessons, ten commands typed key by key: 30–40 s on 2 shared CPUs at load 8, and past
    // the 60 s default at load 11 (CI=true npm test while other runs shared the machine)
    test.setTimeout(120_000)
    const { page } = app
    if (lang === 'zh') {
      await page.getByRole('button', { name: '中文' }).click()
      await expect(page.getByRole('button', { name: LESSONS[0].zh }).first()).toBeVisible()
    }
    for (const [n, lesson] of LESSONS.entries()) {
      await test.step(`lesson ${n + 1}`, () => walk(page, lesson, lang, app.screenshot, `lesson${n + 1}-${lang}`))
    }
    // the list shows all three as done
    await expect(page.getByTestId('lesson-state').filter({ hasText: lang === 'en' ? 'done' : '已完成' })).toHaveCount(3)
    await app.screenshot(`lessons-list-done-${lang}`)
  })
}

test('first run: a welcome explains both engines, says which is active and starts lesson 1; dismissed for good', async ({ app }) => {
  const { page } = app
  const welcome = page.getByRole('region', { name: 'Welcome to Layerlab' })
  await expect(welcome).toBeVisible()
  await expect(welcome).toContainText('Simulator: built in, safe and offline')
  await expect(welcome).toContainText('Live Docker: your real daemon')
  await expect(welcome).toContainText('labels what it creates and asks before touching anything else')
  await expect(welcome.getByTestId('welcome-active')).toHaveText('Active now: the simulator.')
  await app.screenshot('welcome-en')
  await page.getByRole('button', { name: '中文' }).click()
  const zh = page.getByRole('region', { name: '欢迎使用 Layerlab' })
  await expect(zh).toContainText('模拟器：内置、安全、离线')
  await expect(zh.getByTestId('welcome-active')).toHaveText('当前使用：模拟器。')
  await app.screenshot('welcome-zh')
  await zh.getByRole('button', { name: /开始第 1 课/ }).click()
  await expect(page.getByRole('heading', { name: '镜像与容器' })).toBeVisible()
  await expect(steps(page).first()).toHaveAttribute('data-current', 'true')
  // the dismissal is kept on the server side: a reload shows no welcome, and resumes lesson 1
  await page.reload()
  await expect(page.getByRole('heading', { name: '镜像与容器' })).toBeVisible()
  await page.getByRole('button', { name: /全部课程/ }).click()
  await expect(page.getByRole('button', { name: LESSONS[0].zh }).first()).toBeVisible()
  await expect(page.getByTestId('welcome')).toHaveCount(0)
  const saved = JSON.parse(await readFile(`${app.dataDir}/progress.json`, 'utf8'))
  expect(saved.welcomed).toBe(true)
})

test('resume where left, reset a lesson, export and import progress as a file', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: 'Not now' }).click()
  await expect(page.getByTestId('welcome')).toHaveCount(0)
  await page.getByRole('button', { name: LESSONS[0].en }).first().click()
  await typeCommand(page, 'docker pull ubuntu:14.04')
  await expect(passedSteps(page)).toHaveCount(1)

  await test.step('a reload opens the same lesson at its next step', async () => {
    await page.reload()
    await expect(page.getByRole('heading', { name: 'Image vs container' })).toBeVisible()
    await expect(passedSteps(page)).toHaveCount(1)
    await expect(steps(page).nth(1)).toHaveAttribute('data-current', 'true')
  })

  let exported = ''
  await test.step('export downloads a JSON file of the progress', async () => {
    await page.getByRole('button', { name: /All lessons/ }).click()
    await expect(page.getByTestId('lesson-state').first()).toHaveText('1 of 4 steps')
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: /Export progress/ }).click()
    const d = await download
    expect(d.suggestedFilename()).toMatch(/^layerlab-progress-.*\.json$/)
    exported = await readFile(await d.path(), 'utf8')
    expect(JSON.parse(exported).lessons['image-vs-container'].passed).toEqual([true, false, false, false])
    await expect(page.getByTestId('progress-message')).toContainText('Saved as layerlab-progress-')
  })

  await test.step('reset the lesson', async () => {
    await page.getByRole('button', { name: LESSONS[0].en }).first().click()
    await page.getByRole('button', { name: /Reset lesson/ }).click()
    await expect(passedSteps(page)).toHaveCount(0)
    // the graph's note says the lesson was reset (ubuntu:14.04 went with it), not "image removed"
    await expect(page.getByTestId('graph-explanation')).toHaveText(/^lesson reset: back to its starting state/)
    await expect(steps(page).first()).toHaveAttribute('data-current', 'true')
    await page.getByRole('button', { name: /All lessons/ }).click()
    await expect(page.getByTestId('lesson-state')).toHaveCount(0)
    // leaving the lesson is saved by a call the list does not wait for: wait for it to land
    // before the next step compares the file (it raced: 2 failures in 5 runs)
    await expect.poll(async () => JSON.parse(await readFile(`${app.dataDir}/progress.json`, 'utf8')).activeLesson).toBeNull()
  })

  await test.step('a corrupt file is refused with a clear message and nothing is lost', async () => {
    const before = await readFile(`${app.dataDir}/progress.json`, 'utf8')
    await page.getByTestId('progress-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"lessons":[oops') })
    await expect(page.getByRole('alert')).toContainText('broken.json is not a Layerlab progress file, so nothing changed.')
    await app.screenshot('progress-import-bad-en')
    await expect(page.getByTestId('progress-reason')).toHaveText('It is not JSON text.')
    await page.getByTestId('progress-file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"version":7}') })
    await expect(page.getByRole('alert')).toContainText('other.json is not a Layerlab progress file')
    await expect(page.getByTestId('progress-reason')).toHaveText('It says it is format version 7; Layerlab reads version 1.')
    // in Chinese, the reason is Chinese too (it is a code translated here, not main's English)
    await page.getByRole('button', { name: '中文' }).click()
    await expect(page.getByRole('alert')).toContainText('other.json 不是 Layerlab 的进度文件')
    await expect(page.getByTestId('progress-reason')).toHaveText('它自称是第 7 版格式；Layerlab 读取第 1 版。')
    await page.getByTestId('progress-file').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"locale":"fr","activeLesson":null,"lessons":{}}') })
    await expect(page.getByTestId('progress-reason')).toHaveText('条目“locale”缺失，或者值的类型不对。')
    await expect(page.getByRole('alert')).not.toContainText(/[A-Za-z]{3,} [a-z]{3,}/) // no English sentence left
    await app.screenshot('progress-import-bad-zh')
    await page.getByRole('button', { name: 'English' }).click()
    // the progress is as it was (the language switch itself is saved as the locale)
    await expect.poll(async () => JSON.parse(await readFile(`${app.dataDir}/progress.json`, 'utf8')).locale).toBe('en')
    expect({ ...JSON.parse(await readFile(`${app.dataDir}/progress.json`, 'utf8')), locale: null }).toEqual(JSON.parse(before))
  })

  await test.step('the exported file brings the progress back', async () => {
    await page.getByTestId('progress-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(exported) })
    await expect(page.getByTestId('progress-message')).toContainText('Progress imported from mine.json.')
    await expect(page.getByTestId('progress-message')).toBeInViewport()
    await expect(page.getByTestId('lesson-state').first()).toHaveText('1 of 4 steps')
    expect(JSON.parse(await readFile(`${app.dataDir}/progress.json`, 'utf8')).lessons['image-vs-container'].passed).toEqual([true, false, false, false])
    await app.screenshot('progress-imported-en')
    await page.getByRole('button', { name: LESSONS[0].en }).first().click()
    await expect(passedSteps(page)).toHaveCount(1)
    await expect(steps(page).nth(1)).toHaveAttribute('data-current', 'true')
  })
})

test('progress brought from another computer: the lesson sets itself up, replays the passed steps and says so', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: 'Not now' }).click()
  // lesson 7 under way elsewhere: step 1 (a file written in the container "box") passed there
  const file = {
    version: 1,
    locale: null,
    activeLesson: null,
    lessons: { 'changes-go-to-the-container': { lessonId: 'changes-go-to-the-container', currentStep: 1, passed: [true, false, false, false], completed: false, commands: 1, sandbox: 'sim:another-computer' } },
  }
  await page.getByTestId('progress-file').setInputFiles({ name: 'laptop.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) })
  await expect(page.getByTestId('progress-message')).toContainText('Progress imported from laptop.json.')
  await page.getByRole('button', { name: /^Changes go to the container/ }).first().click()
  const note = page.getByTestId('lesson-caught-up')
  await expect(note).toContainText('replayed the solutions of the steps you had passed (1)')
  await expect(steps(page).nth(1)).toHaveAttribute('data-current', 'true')
  await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('box')
  await app.screenshot('progress-caught-up-en')
  await page.getByRole('button', { name: '中文' }).click()
  await expect(note).toContainText('重放了你已通过的步骤的答案（1 步）')
  await page.getByRole('button', { name: 'English' }).click()
  // the learner's next command is step 2, and it passes: the change replayed from step 1 is there
  await typeCommand(page, 'docker diff box', 'A /hello')
  await expect(steps(page).nth(2)).toHaveAttribute('data-current', 'true')
  await expect(note).toBeHidden() // said once, gone with the next command
})

test('a challenge: goal graph beside the learner’s, show solution, command count against the best', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: 'Not now' }).click()
  await page.getByRole('button', { name: /^Three names, one image/ }).first().click()
  const goal = page.getByTestId('challenge-goal')
  await expect(goal).toBeVisible()
  await expect(goal.getByTestId('goal-graph').locator('canvas').first()).toBeAttached()
  const goalText = goal.getByTestId('goal-text')
  await expect(goalText).toContainText('tag ubuntu:trusty')
  await expect(goalText).toContainText('tag ubuntu:stable')
  // the learner's own graph is there too, and is not the goal yet
  await expect(page.getByTestId('graph')).toBeVisible()
  await expect(page.getByRole('list', { name: 'Graph as text' })).not.toContainText('ubuntu:trusty')
  await expect(goal.getByTestId('command-count')).toHaveText('0 commands so far')
  await app.screenshot('challenge-start-en')

  await goal.getByRole('button', { name: 'Show solution' }).click()
  await expect(goal.getByTestId('goal-solution')).toContainText('docker tag ubuntu:14.04 ubuntu:trusty')

  await typeCommand(page, 'docker images')
  await typeCommand(page, 'docker tag ubuntu:14.04 ubuntu:trusty')
  await expect(goal.getByTestId('command-count')).toHaveText('2 commands so far')
  await typeCommand(page, 'docker tag ubuntu:14.04 ubuntu:stable')
  await expect(goal.getByRole('status')).toContainText('Solved!')
  await expect(goal.getByTestId('command-count')).toHaveText('3 commands — best is 2')
  await expect(page.getByTestId('lesson-command-count')).toHaveText('3 commands — best is 2')
  await app.screenshot('challenge-solved-en')

  await page.getByRole('button', { name: '中文' }).click()
  await expect(goal.getByTestId('command-count')).toHaveText('3 条命令——最佳是 2 条')
  await app.screenshot('challenge-solved-zh')
  // leaving the challenge removes the goal panel
  await page.getByRole('button', { name: /全部课程/ }).click()
  await expect(page.getByTestId('challenge-goal')).toHaveCount(0)
})

test('a challenge starts from its starting state: re-entered, reset and undo stop there; a taken name is explained', async ({ app }) => {
  const { page } = app
  const out = page.getByTestId('terminal-output')
  const graph = page.getByRole('list', { name: 'Graph as text' })
  await page.getByRole('button', { name: 'Not now' }).click()

  await test.step('a learner’s own container holds the name the challenge needs: it says so and changes nothing', async () => {
    await typeCommand(page, 'docker run -d --name sleeper busybox sleep 1000', /^[0-9a-f]{64}$/m)
    await page.getByRole('button', { name: /^Wake the sleeper/ }).first().click()
    const alert = page.getByTestId('lesson-name-taken')
    await expect(alert).toContainText('This lesson needs a container named “sleeper”, but a container of that name already exists')
    await expect(graph).not.toContainText('ubuntu:14.04')
    await app.screenshot('challenge-name-taken-en')
    await page.getByRole('button', { name: '中文' }).click()
    await expect(alert).toContainText('本课需要一个名为“sleeper”的容器')
    await app.screenshot('challenge-name-taken-zh')
    await page.getByRole('button', { name: 'English' }).click()
    // the way on: rename theirs (asked first, since it is not Layerlab's), and cancel changes nothing
    await alert.getByRole('button', { name: 'Rename “sleeper” to “sleeper-mine” and start…' }).click()
    const ask = page.getByTestId('name-taken-confirm')
    await expect(ask).toContainText('“sleeper” will be called “sleeper-mine”. It keeps running and keeps its files')
    await app.screenshot('challenge-name-taken-confirm-en')
    await page.getByRole('button', { name: '中文' }).click()
    await expect(ask).toContainText('“sleeper”将改名为“sleeper-mine”')
    await app.screenshot('challenge-name-taken-confirm-zh')
    await page.getByRole('button', { name: 'English' }).click()
    await ask.getByRole('button', { name: 'Cancel' }).click()
    await expect(ask).toHaveCount(0)
    await expect(graph).not.toContainText('sleeper-mine')
    await alert.getByRole('button', { name: /^Rename “sleeper”/ }).click()
    await ask.getByRole('button', { name: 'Rename to “sleeper-mine”' }).click()
    await expect(alert).toHaveCount(0)
    await expect(graph).toContainText('ubuntu:14.04')
    await expect(graph).toContainText('sleeper-mine')
    await expect(page.getByTestId('confirm-dialog')).not.toBeVisible()
  })

  await test.step('the setup is not undoable; the learner’s commands are, down to the start', async () => {
    await page.getByTestId('undo').click()
    await expect(out).toContainText('Nothing to undo')
    await typeCommand(page, 'docker start sleeper')
    await expect(page.getByTestId('challenge-goal').getByRole('status')).toContainText('Solved!')
    await page.getByTestId('undo').click()
    await expect(out).toContainText('Undone: docker start sleeper (0 more can be undone)')
    await app.screenshot('challenge-undo-to-start-en')
  })

  await test.step('reset, leave and come back with no command typed: set up once, no error', async () => {
    await page.getByRole('button', { name: /Reset lesson/ }).first().click()
    await expect(page.getByTestId('challenge-goal').getByTestId('command-count')).toHaveText('0 commands so far')
    await page.getByRole('button', { name: /All lessons/ }).click()
    await page.getByRole('button', { name: /^Wake the sleeper/ }).first().click()
    await expect(page.getByTestId('challenge-goal')).toBeVisible()
    await expect(page.getByTestId('lesson-name-taken')).toHaveCount(0)
    await expect(page.getByTestId('challenge-goal').getByTestId('command-count')).toHaveText('0 commands so far')
  })
})
