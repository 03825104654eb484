/**
 * Docker image references: `[registry[:port]/]name[:tag][@digest]`, following
 * github.com/distribution/reference (ParseNormalizedNamed, FamiliarString) and its error texts.
 */
import { EngineError } from './errors'

export const DEFAULT_DOMAIN = 'docker.io'
export const LEGACY_DEFAULT_DOMAIN = 'index.docker.io'
export const OFFICIAL_REPO_PREFIX = 'library/'
export const DEFAULT_TAG = 'latest'
export const NAME_TOTAL_LENGTH_MAX = 255

export interface Reference {
  /** 'docker.io', '127.0.0.1:5000', 'localhost:5000' */
  domain: string
  /** 'library/ubuntu', 'user/app' (always lowercase) */
  path: string
  tag: string | null
  digest: string | null
}

export const ERR_INVALID_FORMAT = 'invalid reference format'
export const ERR_UPPERCASE = 'invalid reference format: repository name must be lowercase'
export const ERR_NAME_EMPTY = 'repository name must have at least one component'
export const ERR_NAME_TOO_LONG = `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`

// distribution/reference regexp.go
const alnum = '[a-z0-9]+'
// distribution's separator is [-]* (Go's RE2 runs it in linear time); [-]+ accepts the same names without
// JavaScript's exponential backtracking on a name that fails (a 14-character one took 1.4 s)
const separator = '(?:[._]|__|[-]+)'
const pathComponent = `${alnum}(?:${separator}${alnum})*`
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]'
const domainName = `${domainComponent}(?:\\.${domainComponent})*`
const host = `(?:${domainName}|${ipv6})`
const domain = `${host}(?::[0-9]+)?`
const tag = '[\\w][\\w.-]{0,127}'
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}'
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`
const REFERENCE_RE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`)
const ANCHORED_IDENTIFIER_RE = /^[a-f0-9]{64}$/
const ANCHORED_DIGEST_RE = /^sha256:[a-f0-9]{64}$/

function refError(message: string): EngineError {
  return new EngineError(400, message)
}

/** Splits a name into domain and remainder the way docker does (splitDockerDomain). */
export function splitDockerDomain(s: string): { domain: string; remainder: string } {
  const i = s.indexOf('/')
  let d: string
  let remainder: string
  if (i === -1 || (!/[.:]/.test(s.slice(0, i)) && s.slice(0, i) !== 'localhost' && s.slice(0, i).toLowerCase() === s.slice(0, i))) {
    d = DEFAULT_DOMAIN
    remainder = s
  } else {
    d = s.slice(0, i)
    remainder = s.slice(i + 1)
  }
  if (d === LEGACY_DEFAULT_DOMAIN) d = DEFAULT_DOMAIN
  if (d === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder
  return { domain: d, remainder }
}

/**
 * ParseNormalizedNamed: 'ubuntu' → {domain:'docker.io', path:'library/ubuntu', tag:null}.
 * Throws EngineError(400, daemon text) on a bad reference.
 */
export function parseReference(s: string): Reference {
  if (ANCHORED_IDENTIFIER_RE.test(s)) {
    throw refError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`)
  }
  const { domain: d, remainder } = splitDockerDomain(s)
  const tagSep = remainder.indexOf(':')
  const remoteName = tagSep > -1 ? remainder.slice(0, tagSep) : remainder
  if (remoteName.toLowerCase() !== remoteName) throw refError(ERR_UPPERCASE)
  const full = `${d}/${remainder}`
  const m = REFERENCE_RE.exec(full)
  if (!m) {
    if (full === '') throw refError(ERR_NAME_EMPTY)
    if (REFERENCE_RE.test(full.toLowerCase())) throw refError(ERR_UPPERCASE)
    throw refError(ERR_INVALID_FORMAT)
  }
  if (m[1].length > NAME_TOTAL_LENGTH_MAX) throw refError(ERR_NAME_TOO_LONG)
  const dig = m[3] ?? null
  if (dig !== null) checkDigest(dig)
  return { domain: d, path: m[1].slice(d.length + 1), tag: m[2] ?? null, digest: dig }
}

function checkDigest(d: string): void {
  const [alg, hex] = d.split(':')
  if (alg !== 'sha256' && alg !== 'sha384' && alg !== 'sha512') throw refError('unsupported digest algorithm')
  const want = alg === 'sha256' ? 64 : alg === 'sha384' ? 96 : 128
  if (hex.length !== want) throw refError('invalid checksum digest length')
  if (!/^[a-f0-9]+$/.test(hex)) throw refError('invalid checksum digest format')
}

/** Like parseReference, but returns the error text instead of throwing. */
export function tryParseReference(s: string): { ok: true; ref: Reference } | { ok: false; message: string } {
  try {
    return { ok: true, ref: parseReference(s) }
  } catch (e) {
    return { ok: false, message: (e as Error).message }
  }
}

/** TagNameOnly: adds the default tag 'latest' when there is neither tag nor digest. */
export function withDefaultTag(ref: Reference): Reference {
  return ref.tag === null && ref.digest === null ? { ...ref, tag: DEFAULT_TAG } : ref
}

/** Full name: 'docker.io/library/ubuntu'. */
export function fullName(ref: Reference): string {
  return `${ref.domain}/${ref.path}`
}

/** Familiar name as docker shows it: 'ubuntu', 'user/app', '127.0.0.1:5000/app'. */
export function familiarName(ref: Reference): string {
  if (ref.domain === DEFAULT_DOMAIN) {
    return ref.path.startsWith(OFFICIAL_REPO_PREFIX) && ref.path.split('/').length === 2 ? ref.path.slice(OFFICIAL_REPO_PREFIX.length) : ref.path
  }
  return fullName(ref)
}

/** Familiar string: 'ubuntu:14.04', 'ubuntu@sha256:…', 'localhost:5000/app:v1'. */
export function familiarString(ref: Reference): string {
  let s = familiarName(ref)
  if (ref.tag !== null) s += ':' + ref.tag
  if (ref.digest !== null) s += '@' + ref.digest
  return s
}

/**
 * A name as docker shows it, whatever spelling the daemon answered: `docker.io/library/ubuntu:14.04`
 * (Podman) → `ubuntu:14.04` (dockerd); a familiar name as it is; what does not parse, too.
 */
export function familiarRef(s: string): string {
  try {
    return familiarString(parseReference(s))
  } catch {
    return s
  }
}

/** 'ubuntu' → 'ubuntu:latest'; 'Ubuntu' throws; the form docker prints in messages. */
export function normalizeTagged(s: string): string {
  return familiarString(withDefaultTag(parseReference(s)))
}

/** Path as a registry sees it: 'library/ubuntu' → shown in 'Pulling from library/ubuntu'. */
export function remotePath(ref: Reference): string {
  return ref.path
}

/** True for 'sha256:<64 hex>' or a bare 64-hex string (ParseAnyReference's digest forms). */
export function isDigestReference(s: string): boolean {
  return ANCHORED_DIGEST_RE.test(s) || ANCHORED_IDENTIFIER_RE.test(s)
}

/** Checks a tag on its own (docker tag's TAG part). */
export function isValidTag(t: string): boolean {
  return new RegExp(`^${tag}$`).test(t)
}
