/**
 * What changed between two graphs, and one sentence saying it in the learner's terms.
 */
import type { Graph, GraphNode } from './project'

export interface GraphDiff {
  added: string[]
  removed: string[]
  /** same id, new position */
  moved: string[]
  /** same id, new label or data (state, tags, change count) */
  changed: string[]
}

export function diffGraph(prev: Graph | null, next: Graph): GraphDiff {
  const before = new Map((prev?.nodes ?? []).map((n) => [n.id, n]))
  const after = new Map(next.nodes.map((n) => [n.id, n]))
  const d: GraphDiff = { added: [], removed: [], moved: [], changed: [] }
  for (const [id, n] of after) {
    const p = before.get(id)
    if (!p) d.added.push(id)
    else {
      if (p.x !== n.x || p.y !== n.y) d.moved.push(id)
      if (p.label !== n.label || p.data.state !== n.data.state || p.data.changeCount !== n.data.changeCount || p.below !== n.below)
        d.changed.push(id)
    }
  }
  for (const id of before.keys()) if (!after.has(id)) d.removed.push(id)
  return d
}

/** A message key (for the renderer's i18n) and its parameters. */
export interface Explanation {
  key: string
  params: Record<string, string | number>
}

const firstLine = (n: GraphNode | undefined) => (n ? n.label.split('\n')[0] : '')

/**
 * One line explaining a diff: "docker run added a writable layer on top of ubuntu:14.04".
 * Keys: explain.run, explain.create, explain.pull, explain.build, explain.tagMoved, explain.tagAdded,
 * explain.tagRemoved, explain.rm, explain.rmi, explain.state, explain.changes, explain.nothing.
 */
export function explainDiff(prev: Graph | null, next: Graph, diff: GraphDiff, lastCommand = ''): Explanation {
  const before = new Map((prev?.nodes ?? []).map((n) => [n.id, n]))
  const after = new Map(next.nodes.map((n) => [n.id, n]))
  const added = diff.added.map((id) => after.get(id)!)
  const removed = diff.removed.map((id) => before.get(id)!)
  const cmd = lastCommand.trim().split(/\s+/).slice(0, 2).join(' ') || 'docker'
  const addedContainer = added.find((n) => n.kind === 'container')
  if (addedContainer) {
    const img = next.nodes.find((n) => n.id === `image:${addedContainer.data.imageId}`)
    const imageName = img?.data.tags?.[0] ?? img?.data.shortId ?? ''
    return {
      key: /\brun\b/.test(lastCommand) || addedContainer.data.state === 'running' ? 'explain.run' : 'explain.create',
      params: { cmd, image: imageName, name: addedContainer.data.name ?? '' },
    }
  }
  const addedImages = added.filter((n) => n.kind === 'image')
  const addedLayers = added.filter((n) => n.kind === 'layer')
  if (addedImages.length) {
    const img = addedImages[addedImages.length - 1]
    return {
      key: /\bbuild\b|\bcommit\b/.test(lastCommand) ? 'explain.build' : lastCommand.trim() ? 'explain.pull' : 'explain.appeared',
      params: { cmd, image: img.data.tags?.[0] ?? img.data.shortId ?? '', layers: addedLayers.length },
    }
  }
  const removedContainer = removed.find((n) => n.kind === 'container')
  if (removedContainer) return { key: 'explain.rm', params: { cmd, name: removedContainer.data.name ?? '' } }
  const removedImage = removed.find((n) => n.kind === 'image')
  if (removedImage) return { key: 'explain.rmi', params: { cmd, image: firstLine(removedImage), layers: removed.filter((n) => n.kind === 'layer').length } }
  // tags: a tag node whose image changed moved on
  for (const id of diff.changed) {
    const a = after.get(id)!
    const b = before.get(id)!
    if (a.kind === 'tag' && a.below !== b.below) return { key: 'explain.tagMoved', params: { cmd, tag: a.label, image: after.get(a.below!)?.data.shortId ?? '' } }
  }
  const addedTag = added.find((n) => n.kind === 'tag')
  if (addedTag) return { key: 'explain.tagAdded', params: { cmd, tag: addedTag.label } }
  const removedTag = removed.find((n) => n.kind === 'tag')
  if (removedTag) return { key: 'explain.tagRemoved', params: { cmd, tag: removedTag.label } }
  for (const id of diff.changed) {
    const a = after.get(id)!
    const b = before.get(id)!
    if (a.kind === 'container' && a.data.state !== b.data.state)
      return { key: 'explain.state', params: { cmd, name: a.data.name ?? '', from: b.data.state ?? '', to: a.data.state ?? '' } }
  }
  for (const id of diff.changed) {
    const a = after.get(id)!
    const b = before.get(id)!
    if (a.kind === 'writable' && a.data.changeCount !== b.data.changeCount)
      return { key: 'explain.changes', params: { cmd, count: a.data.changeCount ?? 0, name: firstLine(after.get(`container:${a.data.fullId}`)) } }
  }
  return { key: 'explain.nothing', params: { cmd } }
}
