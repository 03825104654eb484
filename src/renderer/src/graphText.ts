/**
 * One sentence per graph node, in the UI language: the screen-reader alternative of the graph
 * (GraphTextList) and the source of localized node labels.
 */
import type { GraphNode } from '../../domain/graph'
import type { Snapshot } from '../../domain/snapshot'
import { formatSize, instructionText } from '../../domain/graph/text'

type T = (key: string, params?: Record<string, unknown> | number, plural?: number) => string

/**
 * The graph's explanation line for a change (diffGraph + explainDiff's key and params), in the UI
 * language: state words (running → exited) come in docker's English and are said in it; a count
 * (changes, layers) picks the message's plural form ("1 change", "3 changes", "no new layers").
 */
export function explanationText(t: T, key: string, params: Record<string, unknown>): string {
  const state = (s: unknown) => (typeof s === 'string' && s ? t(`states.${s}`) : s)
  const p = key === 'explain.state' ? { ...params, from: state(params.from), to: state(params.to) } : params
  const n = typeof p.count === 'number' ? p.count : typeof p.layers === 'number' ? p.layers : null
  return n === null ? t(key, p) : t(key, p, n)
}

export function changesText(t: T, count: number | null | undefined): string {
  return count == null ? t('changesUnknown') : t('changes', { n: count }, count)
}

export function describeNode(n: GraphNode, snapshot: Snapshot | null, t: T): string {
  const d = n.data
  switch (n.kind) {
    case 'kernel':
      return t('text.kernel', { version: snapshot?.engine.kernel ?? '' })
    case 'layer':
      return t('text.layer', { id: (d.diffId ?? n.id).replace(/^sha256:/, '').slice(0, 12), size: formatSize(d.size ?? 0), instr: instructionText(d.createdBy ?? '') })
    case 'image': {
      const img = snapshot?.images.find((i) => i.id === d.fullId)
      const layers = img?.layers.length ?? 0
      const id = d.shortId ?? ''
      return d.dangling || !d.tags?.length ? t('text.dangling', { layers, id }, layers) : t('text.image', { tags: d.tags.join(', '), layers, id }, layers)
    }
    case 'tag':
      return t('text.tag', { tag: d.tags?.[0] ?? n.label, id: d.shortId ?? (d.imageId ?? '').replace(/^sha256:/, '').slice(0, 12) })
    case 'container': {
      const c = snapshot?.containers.find((x) => x.id === d.fullId || x.name === d.name)
      const image = c ? (c.imageRef.startsWith('sha256:') ? c.imageId.slice(7, 19) : c.imageRef) : ''
      return t('text.container', { name: d.name ?? n.label, state: d.state ? t(`states.${d.state}`) : '', image })
    }
    case 'writable':
      return t('text.writable', { name: d.name ?? snapshot?.containers.find((x) => x.id === d.fullId)?.name ?? '', changes: changesText(t, d.changeCount) })
  }
}

/**
 * A container's state word, with the exit code when it exited ("exited (0)", "已退出 (137)"). The label
 * holds no "3 seconds": the graph is redrawn on changes only, so a duration would go stale; the inspect
 * panel has docker's status in full.
 */
export function stateText(n: GraphNode, t: T): string {
  const state = t(`states.${n.data.state}`)
  return n.data.state === 'exited' && n.data.exitCode != null ? t('status.exitCode', { state, code: n.data.exitCode }) : state
}

/** The label drawn in a node, localized where the projection's text is words, not names. */
export function nodeLabel(n: GraphNode, t: T): string {
  if (n.kind === 'writable') return `${t('kinds.writable')} · ${changesText(t, n.data.changeCount)}`
  if (n.kind === 'container' && n.data.state) {
    // compact Family view: no writable-layer node below, so the label names it
    const own = n.below?.startsWith('writable:') ? '' : `\n+ ${t('kinds.writable')}${n.data.changeCount ? ` · ${n.data.changeCount}` : ''}`
    return `${n.data.name ?? ''}\n${n.data.shortId ?? ''} · ${stateText(n, t)}${own}`
  }
  if (n.kind === 'kernel') return `${t('kinds.kernel')}\n${n.label.replace(/^kernel\s*/, '')}`
  return n.label
}
