/**
 * The live-Docker test files' common start: connect to the test daemon (LAYERLAB_TEST_DOCKER, else
 * /var/run/docker.sock) and check what the file needs. Without one the file's tests skip with the
 * reason printed, and under CI=true the file fails instead (CI starts the daemon).
 */
import { connectLive, type LiveEngine, type LiveOptions } from '../../src/main/live/live-engine'

export const TEST_SOCKET = process.env.LAYERLAB_TEST_DOCKER ?? 'unix:///var/run/docker.sock'

/**
 * @param tag the file's name in the skip line
 * @param needs what must hold besides a daemon answering (default: a ping), e.g. an image present
 * @param what that requirement in words, for the reason (" with layerlab/busybox:base")
 */
export async function liveForTest(
  tag: string,
  options: LiveOptions,
  needs: (live: LiveEngine) => Promise<unknown> = (l) => l.ping(),
  what = '',
  endpoint = TEST_SOCKET,
): Promise<{ live: LiveEngine | null; why: string }> {
  let live: LiveEngine | null = null
  let why = ''
  try {
    live = await connectLive(endpoint, { timeoutMs: 5000, ...options })
    await needs(live)
  } catch (e) {
    why = `no usable Docker daemon at ${endpoint}${what}: ${(e as Error).message}`
    await live?.close()
    live = null
  }
  if (!live && process.env.CI === 'true') throw new Error(`CI=true and ${why}`)
  if (!live) console.log(`[${tag}] skipped: ${why}`)
  return { live, why }
}

/** What a test file created on the daemon, removed after it (containers first), then the engine closed; nothing else is touched. */
export function createdOn(live: () => LiveEngine | null): { containers: string[]; images: string[]; cleanUp: () => Promise<void> } {
  const containers: string[] = []
  const images: string[] = []
  return {
    containers,
    images,
    async cleanUp() {
      const l = live()
      if (!l) return
      for (const c of containers) await l.removeContainer(c, { force: true }).catch(() => {})
      for (const r of [...images].reverse()) await l.removeImage(r, { force: true }).catch(() => {})
      await l.close()
    },
  }
}
