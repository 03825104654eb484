/**
 * A lesson begun in the simulator and continued on the live daemon: the lesson panel says the daemon
 * has none of its work and offers to set it up there (nothing runs on the real daemon before the
 * learner asks) or to start over; "Set it up here" replays the passed steps there.
 * Needs the daemon and the local registry mirror CI starts (bash .ci/services.sh start).
 * Screenshots e2e/screenshots/catch-up-*.png.
 */
import { test, expect, typeCommand, invokeContract } from './fixtures'

const MIRROR = process.env.LAYERLAB_REGISTRY_MIRROR || '127.0.0.1:5000'

test('a lesson continued on the live daemon offers its catch-up, and runs it when asked', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: /Image vs container/ }).click()
  await typeCommand(page, 'docker pull ubuntu:14.04', 'Status: Downloaded newer image for ubuntu:14.04')
  await expect(page.getByTestId('lesson-step').first()).toHaveAttribute('data-passed', 'true')

  // the learner switches to their real Docker (the settings dialog's choice), with the local mirror for pulls
  await invokeContract(app, 'settings:setMirror', { mirror: MIRROR })
  const { status: st } = await invokeContract(app, 'engine:select', { mode: 'live' })
  expect(st.kind, st.reason).toBe('live')
  const offer = page.getByTestId('lesson-catch-up-offer')
  await expect(offer).toContainText('this daemon has none of it')
  await expect(offer).toContainText('passed: 1')
  await app.screenshot('catch-up-offer')

  await offer.getByTestId('lesson-catch-up').click()
  await expect(offer).toHaveCount(0)
  await expect(page.getByTestId('lesson-caught-up')).toContainText('(1)')
  await expect(page.getByRole('list', { name: 'Graph as text' })).toContainText('ubuntu:14.04')
  await app.screenshot('catch-up-done')
  // what the lesson pulled on the daemon goes again with its reset
  await invokeContract(app, 'lessons:reset', { id: 'image-vs-container' })
})
