#!/usr/bin/env node
// `npm start`: the Electron app. Electron's binary is downloaded from the internet, apart from npm:
// when it is missing we try that download once, quietly; where it cannot be had (no internet),
// we say so in one line and start the very same app in browser mode (`npm run web`) instead.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'

const require = createRequire(import.meta.url)
const electronBinary = () => {
  try {
    delete require.cache[require.resolve('electron')]
    const p = require('electron') // the path of the binary; throws when it was never downloaded
    return typeof p === 'string' && existsSync(p) ? p : null
  } catch {
    return null
  }
}

let binary = electronBinary()
if (!binary && process.env.LAYERLAB_NO_ELECTRON_DOWNLOAD !== '1') {
  spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'ignore', timeout: 120_000 })
  binary = electronBinary()
}
if (!binary) {
  console.error("Layerlab: Electron's binary is not installed here (it comes from the internet), so Layerlab opens in your browser instead — that is `npm run web`.")
  const web = spawnSync('npm', ['run', '-s', 'web', '--', ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(web.status ?? 1)
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' })
process.exit(run.status ?? 0)
