/**
 * The CLI's host-file port in Node: `docker import FILE` and `docker build DIR` read the learner's
 * files as the real CLI does (build contexts are sent as a tar, honouring .dockerignore's plain lines).
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { writeTar } from '../domain/tar'
import type { HostFs } from '../domain/cli'

export function createNodeHostFs(cwd: string): HostFs {
  const abs = (p: string) => path.resolve(cwd, p)
  return {
    cwd,
    async readFile(p) {
      return new Uint8Array(await fs.readFile(abs(p)))
    },
    async tarDirectory(p) {
      const root = abs(p)
      const ignore = new Set(
        (await fs.readFile(path.join(root, '.dockerignore'), 'utf8').catch(() => ''))
          .split('\n')
          .map((l) => l.trim().replace(/^\.\//, '').replace(/\/$/, ''))
          .filter((l) => l && !l.startsWith('#')),
      )
      const files: Array<{ name: string; content: Uint8Array; mode?: number }> = []
      const walk = async (dir: string) => {
        for (const e of await fs.readdir(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name)
          const rel = path.relative(root, full).split(path.sep).join('/')
          if (ignore.has(rel)) continue
          if (e.isDirectory()) await walk(full)
          else if (e.isFile()) {
            const st = await fs.stat(full)
            files.push({ name: rel, content: new Uint8Array(await fs.readFile(full)), mode: st.mode & 0o777 })
          }
        }
      }
      await walk(root)
      return writeTar(files)
    },
  }
}
