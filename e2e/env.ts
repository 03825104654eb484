import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

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

export function electronAvailable(): boolean {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown
    return typeof p === 'string' && existsSync(p)
  } catch {
    return false
  }
}
