/**
 * Lesson step highlights (the `highlight` field of a step in lessons/*.json) → the graph node ids to mark.
 *
 * A pattern is `kind:name`, `*` matching any run of characters in the name:
 *   image:ubuntu:14.04   the image carrying that tag (a tag without `:` means `:latest`), or whose ID starts so
 *   layer:ubuntu:14.04   the read-only layers of that image (its own and inherited ones)
 *   layer:writable       every container's writable layer (also `writable:*`, `writable:<container name>`)
 *   container:web        the container named web; `container:*` every container
 *   tag:ubuntu:14.04     the tag label node
 *   kernel               the kernel (layer 0)
 * Patterns naming nothing in the current graph mark nothing.
 */
import type { Graph, GraphNode } from './project'

const glob = (p: string) => new RegExp('^' + p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$')

function withTag(name: string): string {
  if (name.includes('*')) return name
  const slash = name.lastIndexOf('/')
  return name.slice(slash + 1).includes(':') ? name : `${name}:latest`
}

function imageMatches(n: GraphNode, name: string): boolean {
  const re = glob(withTag(name))
  if ((n.data.tags ?? []).some((t) => re.test(t))) return true
  const id = (n.data.fullId ?? '').replace(/^sha256:/, '')
  const want = name.replace(/^sha256:/, '')
  return /^[0-9a-f]{4,64}$/.test(want) && id.startsWith(want)
}

export function highlightIds(g: Graph, patterns: readonly string[] | null | undefined): Set<string> {
  const out = new Set<string>()
  if (!patterns?.length) return out
  const byId = new Map(g.nodes.map((n) => [n.id, n]))
  for (const raw of patterns) {
    const p = raw.trim()
    const i = p.indexOf(':')
    const kind = i < 0 ? p : p.slice(0, i)
    const name = i < 0 ? '*' : p.slice(i + 1) || '*'
    if (kind === 'kernel') {
      for (const n of g.nodes) if (n.kind === 'kernel') out.add(n.id)
      continue
    }
    if ((kind === 'layer' && name === 'writable') || kind === 'writable') {
      const re = glob(kind === 'writable' ? name : '*')
      for (const n of g.nodes) {
        if (n.kind !== 'writable') continue
        const owner = byId.get(`container:${n.data.fullId}`)
        if (re.test(owner?.data.name ?? '') || re.test(n.data.fullId ?? '')) out.add(n.id)
      }
      continue
    }
    if (kind === 'container') {
      const re = glob(name)
      for (const n of g.nodes) if (n.kind === 'container' && (re.test(n.data.name ?? '') || (!name.includes('*') && (n.data.fullId ?? '').startsWith(name)))) out.add(n.id)
      continue
    }
    if (kind === 'tag') {
      const re = glob(withTag(name))
      for (const n of g.nodes) if (n.kind === 'tag' && re.test(n.label)) out.add(n.id)
      continue
    }
    if (kind === 'image' || kind === 'layer') {
      for (const n of g.nodes) {
        if (n.kind !== 'image' || !imageMatches(n, name)) continue
        if (kind === 'image') {
          out.add(n.id)
          continue
        }
        // walk down what the image sits on: its layers, inherited ones through parent images
        for (let cur = n.below ? byId.get(n.below) : undefined, k = 0; cur && k < 10_000; cur = cur.below ? byId.get(cur.below) : undefined, k++)
          if (cur.kind === 'layer') out.add(cur.id)
      }
    }
  }
  return out
}
