/**
 * A container's file system: CowFs, the copy-on-write view over an image's merged tree (read-only)
 * and the container's writable layer, plus what the container runtime mounts (/dev, /proc, /etc/hosts…).
 */
import { dirEntry, fileEntry, parentOf, type FileEntry, type LayerFiles } from './layerfs'
import type { ShellFs } from './shell'
import { deepFreeze } from './state'

const devNode = (): FileEntry => ({ type: 'file', size: 0, mode: 0o666 })
const symlink = (target: string): FileEntry => ({ type: 'symlink', size: target.length, mode: 0o777, target })
/**
 * What the runtime mounts into every container, above the image and outside its writable layer:
 * /dev, /proc and /sys (tmpfs, procfs, sysfs), the bind-mounted /etc/hostname (per container, see
 * CowFs), /etc/hosts and /etc/resolv.conf, and the init layer's /.dockerenv and /etc/mtab. Writes to
 * them never reach the writable layer, so `echo x > /dev/null` or a changed /etc/hosts is not in
 * `docker diff`. One frozen table: a container start pays no allocation for it.
 */
const RUNTIME_MOUNTS: Readonly<LayerFiles> = deepFreeze({
  '/.dockerenv': { type: 'file', size: 0, mode: 0o755 },
  '/dev': dirEntry(),
  '/dev/fd': symlink('/proc/self/fd'),
  '/dev/full': devNode(),
  '/dev/mqueue': dirEntry(0o1777),
  '/dev/null': devNode(),
  '/dev/ptmx': symlink('pts/ptmx'),
  '/dev/pts': dirEntry(),
  '/dev/random': devNode(),
  '/dev/shm': dirEntry(0o1777),
  '/dev/stderr': symlink('/proc/self/fd/2'),
  '/dev/stdin': symlink('/proc/self/fd/0'),
  '/dev/stdout': symlink('/proc/self/fd/1'),
  '/dev/tty': devNode(),
  '/dev/urandom': devNode(),
  '/dev/zero': devNode(),
  '/etc': dirEntry(),
  '/etc/hosts': fileEntry('127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n'),
  '/etc/mtab': symlink('/proc/mounts'),
  '/etc/resolv.conf': fileEntry('nameserver 8.8.8.8\nnameserver 8.8.4.4\n'),
  '/proc': dirEntry(0o555),
  '/sys': dirEntry(0o555),
})
const RUNTIME_PATHS = [...Object.keys(RUNTIME_MOUNTS), '/etc/hostname']

/** The copy-on-write view of a container: a read-only lower tree, the runtime's mounts and a writable layer. */
export class CowFs implements ShellFs {
  /** whether rw holds a whiteout (only then can a deleted parent hide a lower path); rw changes only through this class while it lives */
  private whiteouts = false

  private hostnameFile: FileEntry | null = null

  /** `hostname` given: a container's view, with what the runtime mounts (a build step's too) */
  constructor(
    private lower: Map<string, FileEntry>,
    readonly rw: LayerFiles,
    private hostname?: string,
  ) {
    for (const k in rw) {
      if (rw[k].type === 'whiteout') {
        this.whiteouts = true
        break
      }
    }
  }

  stat(p: string): FileEntry | null {
    if (p === '/') return dirEntry()
    const own = this.rw[p]
    if (own) return own.type === 'whiteout' ? null : own
    if (this.whiteouts) {
      for (let d = parentOf(p); d !== '/'; d = parentOf(d)) {
        const e = this.rw[d]
        if (e && e.type === 'whiteout') return null
      }
    }
    const m = this.mount(p)
    if (m && m.type !== 'dir') return m
    return this.lower.get(p) ?? m ?? null
  }

  /** what the runtime mounts at p, if anything */
  private mount(p: string): FileEntry | undefined {
    if (this.hostname === undefined) return undefined
    if (p === '/etc/hostname') return (this.hostnameFile ??= fileEntry(this.hostname + '\n'))
    return RUNTIME_MOUNTS[p]
  }

  /** a path whose writes the runtime keeps out of the writable layer */
  private isRuntimePath(p: string): boolean {
    if (this.hostname === undefined) return false
    if (p.startsWith('/dev/') || p.startsWith('/proc/') || p.startsWith('/sys/')) return true
    const m = this.mount(p)
    return m !== undefined && m.type !== 'dir'
  }

  list(dir: string): string[] {
    const names = new Set<string>()
    const prefix = dir === '/' ? '/' : dir + '/'
    const add = (p: string) => {
      if (p.startsWith(prefix) && p !== prefix && !p.slice(prefix.length).includes('/')) names.add(p.slice(prefix.length))
    }
    for (const p of this.lower.keys()) add(p)
    if (this.hostname !== undefined) for (const p of RUNTIME_PATHS) add(p)
    for (const p of Object.keys(this.rw)) add(p)
    return [...names].filter((n) => this.stat(prefix + n)).sort()
  }

  private copyUp(p: string): void {
    for (let d = parentOf(p); d !== '/'; d = parentOf(d)) {
      if (this.rw[d]) continue
      const e = this.lower.get(d)
      this.rw[d] = e ? { ...e } : dirEntry()
    }
  }

  writeRaw(p: string, e: FileEntry): void {
    if (this.isRuntimePath(p)) return
    this.copyUp(p)
    this.rw[p] = e
  }

  writeFile(p: string, content: string, append: boolean): void {
    const old = this.stat(p)
    const text = append && old ? (old.content ?? '') + content : content
    const size = append && old ? old.size + fileEntry(content).size : fileEntry(content).size
    const e: FileEntry = { type: 'file', size, mode: old?.mode ?? 0o644 }
    if (size <= 4096 && (!append || !old || old.content !== undefined || old.size === 0)) e.content = text
    this.writeRaw(p, e)
  }

  mkdir(p: string): void {
    this.writeRaw(p, dirEntry())
  }

  remove(p: string): boolean {
    if (this.isRuntimePath(p) || (this.mount(p) && !this.lower.has(p))) return false
    this.copyUp(p)
    const prefix = p + '/'
    for (const k of Object.keys(this.rw)) if (k.startsWith(prefix)) delete this.rw[k]
    if (this.lower.has(p)) {
      this.rw[p] = { type: 'whiteout', size: 0, mode: 0 }
      this.whiteouts = true
    } else delete this.rw[p]
    return true
  }

  copy(from: string, to: string): void {
    const st = this.stat(from)
    if (!st) return
    if (st.type === 'dir') {
      this.writeRaw(to, { ...st })
      for (const n of this.list(from)) this.copy(from === '/' ? '/' + n : `${from}/${n}`, `${to}/${n}`)
    } else this.writeRaw(to, { ...st })
  }
}

/** The directories from the root down to p ('/a/b' → ['/a', '/a/b']). */
export function ancestorsTo(p: string): string[] {
  const out: string[] = []
  for (let d = p; d !== '/'; d = parentOf(d)) out.unshift(d)
  return out
}
