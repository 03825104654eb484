/**
 * An application-level registry mirror for Docker Hub pulls (LAYERLAB_REGISTRY_MIRROR, e.g.
 * `127.0.0.1:5000`). A classroom or an offline laptop has no Docker Hub; a local registry seeded
 * with the lessons' images (scripts/seed-mirror.sh) stands in for it.
 *
 * `docker pull ubuntu:14.04` then pulls `<mirror>/library/ubuntu:14.04`, tags the result
 * `ubuntu:14.04`, removes the mirror's tag, and prints docker's usual output with the name the
 * learner typed. Only Docker Hub references are mirrored; `127.0.0.1:5000/x` or `quay.io/x` are
 * pulled as typed. Why not dockerd's own `registry-mirrors`: it needs the daemon's config and a
 * restart, which Layerlab must never do to the learner's daemon (and CI may find one running).
 */
import type { JsonMessage } from '../../domain/types'
import { parseRegistryMirror } from '../../shared/registry-mirror'

export interface MirrorRef {
  /** what the daemon pulls: `127.0.0.1:5000/library/ubuntu` */
  mirrorRepo: string
  /** what the learner sees: `ubuntu` (familiar form) */
  shownRepo: string
  tag: string
}

/**
 * LAYERLAB_REGISTRY_MIRROR, normalised (`http://127.0.0.1:5000/` → `127.0.0.1:5000`); undefined
 * when unset or when it does not validate (parseRegistryMirror: the settings screen says why).
 */
export function mirrorFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const r = parseRegistryMirror(env.LAYERLAB_REGISTRY_MIRROR ?? '')
  return r.ok ? (r.mirror ?? undefined) : undefined
}

/**
 * Maps a Docker Hub reference onto the mirror; null for references of another registry, for
 * digests (a digest names content of Docker Hub's manifest, which the mirror does not hold) and
 * for malformed ones (the daemon then gives its own error).
 */
export function mirrorRef(ref: string, mirror: string): MirrorRef | null {
  if (ref.includes('@')) return null
  let name = ref
  let tag = 'latest'
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  if (colon > slash) {
    tag = name.slice(colon + 1)
    name = name.slice(0, colon)
  }
  if (!name || !tag) return null
  const parts = name.split('/')
  const first = parts[0]!
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (first !== 'docker.io' && first !== 'index.docker.io' && first !== 'registry-1.docker.io') return null
    parts.shift()
  }
  if (parts.length === 0 || parts.some((p) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) return null
  if (parts.length === 1) parts.unshift('library')
  const path = parts.join('/')
  const shownRepo = path.startsWith('library/') ? path.slice('library/'.length) : path
  return { mirrorRepo: `${mirror}/${path}`, shownRepo, tag }
}

/** Rewrites the mirror's name in a pull progress message to the name the learner typed. */
export function rewriteMessage(m: JsonMessage, from: string, to: string, upToDate: boolean): JsonMessage {
  const fix = (s: string | undefined) => (s === undefined ? s : s.split(from).join(to))
  let status = fix(m.status)
  const newer = 'Status: Downloaded newer image for '
  if (upToDate && status?.startsWith(newer)) status = `Status: Image is up to date for ${status.slice(newer.length)}`
  const out: JsonMessage = { ...m }
  if (status !== undefined) out.status = status
  if (m.id !== undefined) out.id = fix(m.id)
  return out
}

/** One sentence for a pull that failed on the mirror and on Docker Hub. */
export function mirrorFailure(shown: string, mirror: string, mirrorError: string, hubError: string): string {
  return `cannot pull ${shown}: the registry mirror ${mirror} answered "${mirrorError}" and Docker Hub answered "${hubError}"`
}

const PULL_RE = /^\s*docker\s+(?:image\s+)?pull\s+(?:(?:-q|--quiet|-a|--all-tags|--platform[= ]\S+|--disable-content-trust(?:=\S+)?)\s+)*(\S+)\s*$/
/** Network failures (no registry reachable), as opposed to a registry's answer such as "not found". */
const OFFLINE_RE = /no such host|dial tcp|i\/o timeout|connection refused|network is unreachable|TLS handshake timeout|Client\.Timeout exceeded|temporary failure in name resolution|server misbehaving/i

/**
 * The reference of a `docker pull` that failed because no registry could be reached (offline,
 * no mirror), else null. The lesson service then tells the learner in one sentence and offers the
 * simulator, instead of leaving them with the daemon's `dial tcp: lookup registry-1.docker.io`.
 */
export function offlinePullRef(line: string, result: { exitCode: number; stdout: string; stderr: string }): string | null {
  if (result.exitCode === 0) return null
  const m = PULL_RE.exec(line)
  if (!m) return null
  return OFFLINE_RE.test(`${result.stderr}\n${result.stdout}`) ? m[1]! : null
}
