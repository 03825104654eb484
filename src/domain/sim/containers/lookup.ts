/**
 * Finding a container as the daemon does: full ID, name (with or without '/'), or unique ID prefix.
 * Inside an atomic() call the caller gets the container's own copy (journal.ts own()).
 */
import { ambiguousContainerPrefix, matchPrefix, noSuchContainer } from '../../ids'
import type { SimCore } from '../core'
import { nameIndex, own } from '../journal'
import type { ContainerState } from '../state'

export function getContainer(core: SimCore, nameOrId: string): ContainerState {
  const cs = core.s.containers
  if (Object.hasOwn(cs, nameOrId)) return own(core, cs[nameOrId])
  const name = nameOrId.startsWith('/') ? nameOrId.slice(1) : nameOrId
  const byName = nameIndex(core).get(name)
  if (byName !== undefined && Object.hasOwn(cs, byName)) return own(core, cs[byName])
  if (!nameOrId) throw noSuchContainer(nameOrId)
  const m = matchPrefix(Object.keys(cs), (k) => k, nameOrId)
  if (m.kind === 'one') return own(core, cs[m.item])
  if (m.kind === 'ambiguous') throw ambiguousContainerPrefix(nameOrId)
  throw noSuchContainer(nameOrId)
}
