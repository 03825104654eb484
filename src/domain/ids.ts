/**
 * Docker IDs: 64 lowercase hex (images carry a 'sha256:' prefix), 12-hex short forms, and
 * prefix resolution with the daemon's texts.
 */
import { EngineError } from './errors'

const FULL_HEX = /^[0-9a-f]{64}$/
const HEX = /^[0-9a-f]+$/

/** True for exactly 64 lowercase hex digits (no 'sha256:' prefix). */
export function isFullHexId(s: string): boolean {
  return FULL_HEX.test(s)
}

/** True for 'sha256:' followed by 64 lowercase hex digits. */
export function isImageId(s: string): boolean {
  return s.startsWith('sha256:') && FULL_HEX.test(s.slice(7))
}

/** True when s is a (possibly partial) lowercase hex string. */
export function isHexPrefix(s: string): boolean {
  return s.length > 0 && HEX.test(s)
}

/** Strips a leading 'sha256:'. */
export function stripAlgorithm(id: string): string {
  return id.startsWith('sha256:') ? id.slice(7) : id
}

/** The 12-hex short form docker prints: shortId('sha256:6a7707d7ac05d2…') === '6a7707d7ac05'. */
export function shortId(id: string): string {
  return stripAlgorithm(id).slice(0, 12)
}

/** A random 64-hex ID from a random source in [0, 1) (seeded in tests). */
export function randomHexId(random: () => number): string {
  let out = ''
  while (out.length < 64) {
    const n = Math.floor(random() * 0x10000) & 0xffff
    out += n.toString(16).padStart(4, '0')
  }
  // Docker re-draws IDs that are all digits (they would parse as numbers); keep that rule.
  if (/^[0-9]+$/.test(out.slice(0, 12))) out = 'a' + out.slice(1)
  return out
}

export type PrefixMatch<T> = { kind: 'one'; item: T } | { kind: 'none' } | { kind: 'ambiguous'; count: number }

/** Finds the items whose key starts with prefix (keys compared without 'sha256:'). */
export function matchPrefix<T>(items: Iterable<T>, key: (item: T) => string, prefix: string): PrefixMatch<T> {
  const p = stripAlgorithm(prefix)
  let found: T | undefined
  let count = 0
  if (p === '') return { kind: 'none' }
  for (const item of items) {
    if (stripAlgorithm(key(item)).startsWith(p)) {
      count++
      found = item
    }
  }
  if (count === 0) return { kind: 'none' }
  if (count > 1) return { kind: 'ambiguous', count }
  return { kind: 'one', item: found as T }
}

// ---- the daemon's texts ----

/** 404 'No such container: x' */
export function noSuchContainer(nameOrId: string): EngineError {
  return new EngineError(404, `No such container: ${nameOrId}`)
}

/** 500 'Multiple IDs found with provided prefix: 0' (container prefixes, as dockerd 20.10 answers). */
export function ambiguousContainerPrefix(prefix: string): EngineError {
  return new EngineError(500, `Multiple IDs found with provided prefix: ${prefix}`)
}

/** 404 'No such image: ubuntu:99' — the reference as docker shows it (see reference.ts familiar forms). */
export function noSuchImage(shown: string): EngineError {
  return new EngineError(404, `No such image: ${shown}`)
}
