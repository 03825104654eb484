import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const CHROMIUM_PATH = process.env.LAYERLAB_CHROMIUM ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export function electronAvailable(): boolean {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown
    return typeof p === 'string' && existsSync(p)
  } catch {
    return false
  }
}

/**
 * The packaged Playwright build (`npm run dist:test`: electron-builder.test.yml, release fuses but
 * the inspect fuse on, output in dist-test/): its executable for this platform.
 */
export function packagedTestBuildPath(platform = process.platform): string {
  const out = path.join(root, 'dist-test')
  if (platform === 'win32') return path.join(out, 'win-unpacked', 'Layerlab.exe')
  if (platform === 'darwin') return path.join(out, process.arch === 'arm64' ? 'mac-arm64' : 'mac', 'Layerlab.app', 'Contents', 'MacOS', 'Layerlab')
  return path.join(out, 'linux-unpacked', 'layerlab')
}

export type E2eTarget = 'packaged' | 'electron' | 'web'

/**
 * Which app the e2e specs drive, and why: LAYERLAB_E2E_TARGET when set; else the packaged test build
 * when dist-test/ holds one (closest to what ships: fuses, asar, app:// protocol); else Electron from
 * node_modules with out/main; else browser mode in Debian's Chromium.
 */
export function e2eTarget(env = process.env): { target: E2eTarget; reason: string } {
  const forced = env.LAYERLAB_E2E_TARGET as E2eTarget | undefined
  if (forced) return { target: forced, reason: `LAYERLAB_E2E_TARGET=${forced}` }
  const packaged = packagedTestBuildPath()
  const rel = path.relative(root, packaged)
  if (existsSync(packaged)) return { target: 'packaged', reason: `the packaged test build ${rel}` }
  if (electronAvailable()) return { target: 'electron', reason: `no packaged test build at ${rel} (npm run dist:test), so Electron from node_modules with out/main` }
  return {
    target: 'web',
    reason: `browser mode in ${CHROMIUM_PATH}: no packaged test build at ${rel} (npm run dist:test) and no Electron binary in node_modules/electron (its download failed or was skipped)`,
  }
}
