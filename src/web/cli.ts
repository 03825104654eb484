/**
 * `npm run web`: starts browser mode on 127.0.0.1 and prints the URL (with its one-time token).
 *   --port N        fixed port (default: a free one)
 *   --data-dir DIR  where progress and the sandbox are kept (default: $LAYERLAB_DATA_DIR or ~/.local/share/layerlab)
 *   --mode M        auto (default: live Docker when found, else the simulator) | simulator | live
 */
import os from 'node:os'
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { startBrowserMode } from './browser-mode'
import type { EngineMode } from '../shared/contract'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      mode: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log('usage: npm run web -- [--port N] [--data-dir DIR] [--mode auto|simulator|live]')
    return
  }
  const mode = values.mode as EngineMode
  if (!['auto', 'simulator', 'live'].includes(mode)) throw new Error(`--mode must be auto, simulator or live (got ${values.mode})`)
  const port = values.port ? Number(values.port) : 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (got ${values.port})`)
  const dataDir = path.resolve(values['data-dir'] ?? process.env.LAYERLAB_DATA_DIR ?? path.join(os.homedir(), '.local/share/layerlab'))
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }

  const { server, services, close } = await startBrowserMode({
    root,
    port,
    dataDir,
    version: pkg.version,
    mode,
    // Docker is looked for when the page first asks for the engine (logged as "[engine] …"),
    // after the lesson list is on screen
    selectEngine: 'first-use',
    log: (l) => console.error(l),
  })
  console.log(`Layerlab (browser mode) — engine: ${mode === 'simulator' ? services.status().reason : `${mode}, chosen when the page opens`}`)
  console.log(`Open: ${server.url}`)
  console.log('This address holds a one-time token: keep it to yourself. Ctrl-C stops Layerlab.')

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  console.error(`layerlab: ${(e as Error).message}`)
  process.exit(1)
})
