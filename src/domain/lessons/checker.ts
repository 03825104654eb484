/**
 * Evaluates a lesson check against what the engine really holds (the Snapshot) and the commands
 * typed since the step began. ID-agnostic: images are named by reference, containers by image,
 * state or name. Each failed predicate says why, in both languages.
 */
import type { Snapshot, SnapshotContainer, SnapshotImage } from '../snapshot'
import type { Check, Text } from './schema'

export interface HistoryEntry {
  line: string
  exitCode: number
}

export interface CheckContext {
  snapshot: Snapshot
  /** commands typed since the current step began, oldest first */
  history: HistoryEntry[]
}

export interface CheckResult {
  ok: boolean
  why?: Text
}

const OK: CheckResult = { ok: true }
const no = (en: string, zh: string): CheckResult => ({ ok: false, why: { en, 'zh-CN': zh } })

/** 'ubuntu' → 'ubuntu:latest'; keeps registry hosts with ports. */
export function normalizeTag(ref: string): string {
  const lastSlash = ref.lastIndexOf('/')
  const lastColon = ref.lastIndexOf(':')
  return lastColon > lastSlash ? ref : `${ref}:latest`
}

export function findImage(snapshot: Snapshot, ref: string): SnapshotImage | undefined {
  const tag = normalizeTag(ref)
  return snapshot.images.find((i) => i.tags.includes(tag))
}

function containersOf(snapshot: Snapshot, image?: string): SnapshotContainer[] {
  if (!image) return snapshot.containers
  const img = findImage(snapshot, image)
  const wanted = normalizeTag(image)
  return snapshot.containers.filter((c) => (img && c.imageId === img.id) || normalizeTag(c.imageRef) === wanted)
}

export function evaluate(check: Check, ctx: CheckContext): CheckResult {
  const { snapshot, history } = ctx
  if ('all' in check) {
    for (const c of check.all) {
      const r = evaluate(c, ctx)
      if (!r.ok) return r
    }
    return OK
  }
  if ('any' in check) {
    let first: CheckResult | null = null
    for (const c of check.any) {
      const r = evaluate(c, ctx)
      if (r.ok) return OK
      first ??= r
    }
    return first ?? no('none of the conditions holds', '条件都不满足')
  }
  if ('not' in check) {
    const r = evaluate(check.not, ctx)
    return r.ok ? no('a condition holds that should not', '出现了不应出现的情况') : OK
  }
  if ('imageTagged' in check) {
    return findImage(snapshot, check.imageTagged)
      ? OK
      : no(`There is no image tagged ${normalizeTag(check.imageTagged)} yet.`, `还没有标签为 ${normalizeTag(check.imageTagged)} 的镜像。`)
  }
  if ('imageCount' in check) {
    const n = snapshot.images.filter((i) => i.tags.length > 0).length
    const { min = 0, max = Infinity } = check.imageCount
    if (n < min) return no(`You have ${n} tagged image(s); at least ${min} are needed.`, `现在有 ${n} 个带标签的镜像，至少需要 ${min} 个。`)
    if (n > max) return no(`You have ${n} tagged image(s); at most ${max} are expected.`, `现在有 ${n} 个带标签的镜像，最多应有 ${max} 个。`)
    return OK
  }
  if ('containers' in check) {
    const { image, state, min = 1, max = Infinity } = check.containers
    const list = containersOf(snapshot, image).filter((c) => !state || c.state === state)
    const what = `${state ? state + ' ' : ''}container(s)${image ? ` of ${image}` : ''}`
    const whatZh = `${image ? `${image} 的` : ''}${state ? stateZh(state) : ''}容器`
    if (list.length < min) return no(`Found ${list.length} ${what}; ${min} needed.`, `找到 ${list.length} 个${whatZh}，需要 ${min} 个。`)
    if (list.length > max) return no(`Found ${list.length} ${what}; at most ${max} expected.`, `找到 ${list.length} 个${whatZh}，最多应有 ${max} 个。`)
    return OK
  }
  if ('commandRan' in check) {
    let re: RegExp
    try {
      re = new RegExp(check.commandRan.pattern)
    } catch {
      return no('this step has a broken check', '此步骤的检查有误')
    }
    const hit = history.some((h) => re.test(h.line.trim()) && (check.commandRan.exitCode === undefined || h.exitCode === check.commandRan.exitCode))
    return hit ? OK : no('Type the command this step asks for.', '请输入这一步要求的命令。')
  }
  if ('containerFile' in check) {
    const { name, image, path, present } = check.containerFile
    let list = containersOf(snapshot, image)
    if (name) list = list.filter((c) => c.name === name)
    if (list.length === 0) return no(`No container${name ? ` named ${name}` : ''} yet.`, `还没有${name ? `名为 ${name} 的` : ''}容器。`)
    const has = (c: SnapshotContainer) => (c.changes ?? []).some((ch) => ch.Path === path && ch.Kind !== 2)
    const ok = present ? list.some(has) : list.every((c) => !has(c))
    if (ok) return OK
    return present
      ? no(`No container's writable layer has ${path} yet.`, `还没有容器的可写层里有 ${path}。`)
      : no(`A container's writable layer has ${path}.`, `有容器的可写层里有 ${path}。`)
  }
  if ('sameImage' in check) {
    const [a, b] = check.sameImage
    const ia = findImage(snapshot, a)
    const ib = findImage(snapshot, b)
    if (!ia || !ib) return no(`Both ${a} and ${b} must exist.`, `${a} 和 ${b} 都必须存在。`)
    return ia.id === ib.id ? OK : no(`${a} and ${b} are different images.`, `${a} 和 ${b} 是不同的镜像。`)
  }
  if ('containerImageDiffersFromTag' in check) {
    const tag = normalizeTag(check.containerImageDiffersFromTag.tag)
    const img = findImage(snapshot, tag)
    if (!img) return no(`There is no image tagged ${tag}.`, `没有标签为 ${tag} 的镜像。`)
    const older = snapshot.containers.some((c) => c.state === 'running' && normalizeTag(c.imageRef) === tag && c.imageId !== img.id)
    return older
      ? OK
      : no(`No running container still runs an older ${tag}.`, `没有仍在运行旧版 ${tag} 的容器。`)
  }
  return no('unknown check', '未知的检查')
}

function stateZh(s: string): string {
  return ({ running: '运行中的', exited: '已退出的', created: '已创建的', paused: '已暂停的' } as Record<string, string>)[s] ?? ''
}
