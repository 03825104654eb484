#!/usr/bin/env node
// `npm run dist [-- electron-builder args] [--dry-run]`: electron-vite build, then electron-builder
// (electron-builder.yml; pass `--config electron-builder.test.yml` for the Playwright profile).
// Packaging needs Electron's release zip for each target. When it is neither cached nor reachable,
// this fails fast with one sentence instead of a long download error. The configuration itself is
// checked offline by `npm run check:builder`.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { request } from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PROBE_TIMEOUT_MS = 3000

/** The cache @electron/get (used by electron-builder) downloads into. */
export function electronCacheDir(env = process.env, platform = process.platform) {
  const custom = env.ELECTRON_CACHE ?? env.electron_config_cache
  if (custom) return custom
  if (platform === 'darwin') return path.join(os.homedir(), 'Library/Caches/electron')
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData/Local'), 'electron/Cache')
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'electron')
}

/** Is electron-vX-<platform>-<arch>.zip somewhere in the cache (it nests one hashed folder deep)? */
export function hasCachedElectronZip(cacheDir, version, platform = process.platform, arch = process.arch) {
  const want = `electron-v${version}-${platform}-${arch}.zip`
  const walk = (dir, depth) => {
    let entries
    try {
      entries = readdirSync(dir)
    } catch {
      return false
    }
    for (const name of entries) {
      const full = path.join(dir, name)
      if (name === want) return true
      if (depth > 0 && statSync(full).isDirectory() && walk(full, depth - 1)) return true
    }
    return false
  }
  return walk(cacheDir, 2)
}

/** Resolves true when the host answers HTTPS at all (any status) within the timeout. */
export function probeHttps(url, timeoutMs = PROBE_TIMEOUT_MS) {
  return new Promise((resolve) => {
    let settled = false
    const done = (ok) => {
      if (!settled) {
        settled = true
        resolve(ok)
      }
    }
    try {
      const req = request(url, { method: 'HEAD', timeout: timeoutMs }, (res) => {
        res.resume()
        done(true)
      })
      req.on('timeout', () => {
        req.destroy()
        done(false)
      })
      req.on('error', () => done(false))
      req.end()
      setTimeout(() => {
        req.destroy()
        done(false)
      }, timeoutMs + 100).unref()
    } catch {
      done(false)
    }
  })
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.error) {
    console.error(`dist: could not start ${cmd}: ${r.error.message}`)
    process.exit(1)
  }
  if (r.status !== 0) process.exit(r.status ?? 1)
}

async function main(args) {
  const electronPkg = path.join(root, 'node_modules/electron/package.json')
  if (!existsSync(electronPkg)) {
    console.error('dist: the electron package is not installed (run npm install first).')
    process.exit(1)
  }
  const version = JSON.parse(readFileSync(electronPkg, 'utf8')).version
  const cacheDir = electronCacheDir()
  const cached = hasCachedElectronZip(cacheDir, version)
  if (!cached) {
    const mirror = process.env.ELECTRON_MIRROR ?? process.env.electron_config_mirror ?? 'https://github.com/electron/electron/releases/download/'
    if (!(await probeHttps(mirror))) {
      const host = (() => {
        try {
          return new URL(mirror).host
        } catch {
          return mirror
        }
      })()
      console.error(
        `dist: packaging needs Electron ${version}'s binaries, which are not in ${cacheDir} and cannot be downloaded because ${host} could not be reached (${PROBE_TIMEOUT_MS / 1000} s probe) — run this where the internet is reachable (or set ELECTRON_MIRROR / ELECTRON_CACHE), and use \`npm run check:builder\` to check the configuration offline.`,
      )
      process.exit(1)
    }
  }
  const dryRun = args.includes('--dry-run')
  const builderArgs = args.filter((a) => a !== '--dry-run')
  if (dryRun) {
    console.log(`dist: Electron ${version} ${cached ? `cached in ${cacheDir}` : 'download host reachable'}; would run: electron-vite build && electron-builder ${builderArgs.join(' ')}`.trimEnd())
    return
  }
  run('npx', ['electron-vite', 'build'])
  run('npx', ['electron-builder', ...builderArgs])
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`dist: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  })
}
