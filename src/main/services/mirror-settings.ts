/**
 * The registry mirror for Docker Hub pulls: LAYERLAB_REGISTRY_MIRROR wins over the settings
 * screen's value (as DOCKER_HOST wins over the saved docker context: a launch-time choice of an
 * admin, a script or CI stays in force whatever a per-user file says); the screen shows which.
 * The live engine in use follows the effective value (follow).
 */
import type { MirrorSetting, SetMirrorResult, SettingsView } from '../../shared/contract'
import { parseRegistryMirror } from '../../shared/registry-mirror'
import { createSettingsStore } from '../settings-store'

/** What a live engine offers to follow the mirror. */
export type LiveMirrorTarget = { setRegistryMirror(m: string | null): void }

export interface MirrorSettings {
  /** settings:get */
  view(): SettingsView
  /** settings:setMirror: validated, saved, then applied to the live engine in use. */
  set(text: string): Promise<SetMirrorResult>
  /** The live engine in use (its mirror now follows the settings), or null; applies the effective mirror at once. */
  follow(target: LiveMirrorTarget | null): void
}

export async function createMirrorSettings(dataDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<MirrorSettings> {
  const settings = await createSettingsStore(dataDir, { log })
  const envMirrorRaw = env.LAYERLAB_REGISTRY_MIRROR?.trim() || null
  const envMirror = envMirrorRaw === null ? null : parseRegistryMirror(envMirrorRaw)
  if (envMirror && !envMirror.ok) log(`[settings] LAYERLAB_REGISTRY_MIRROR=${envMirrorRaw} is not used: ${envMirror.message}`)
  const mirrorSetting = (): MirrorSetting => {
    const saved = settings.get().registryMirror
    const fromEnv = envMirror?.ok ? envMirror.mirror : null
    return {
      effective: fromEnv ?? saved,
      source: fromEnv ? 'env' : saved ? 'settings' : 'none',
      saved,
      env: envMirrorRaw,
      envError: envMirror && !envMirror.ok ? envMirror.code : null,
    }
  }
  const view = (): SettingsView => ({ registryMirror: mirrorSetting(), notice: settings.notice })
  /** the live engine in use (its mirror follows the settings), or null */
  let target: LiveMirrorTarget | null = null
  const apply = () => target?.setRegistryMirror(mirrorSetting().effective)
  return {
    view,
    async set(text) {
      const r = parseRegistryMirror(text)
      if (!r.ok) return { ok: false, reason: r.code, message: r.message, settings: view() }
      await settings.update((s) => {
        s.registryMirror = r.mirror
      })
      apply()
      log(`[settings] registry mirror: ${r.mirror ?? 'none'}${envMirror?.ok ? ' (LAYERLAB_REGISTRY_MIRROR still wins)' : ''}`)
      return { ok: true, settings: view() }
    },
    follow(next) {
      target = next
      apply()
    },
  }
}
