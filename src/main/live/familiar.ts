/**
 * Image names in the form docker shows them (distribution's FamiliarString). dockerd answers
 * `ubuntu:14.04`; Podman's Docker-compatible API answers the same image as
 * `docker.io/library/ubuntu:14.04` (RepoTags, RepoDigests, a container's Image). Whatever Layerlab
 * compares or keeps (the Snapshot, the guard's names, lessons:verify's clean-up) uses this form, so
 * that both engines are described in the same terms; the terminal prints what the daemon said.
 */
import { familiarString, parseReference } from '../../domain/reference'

/** `docker.io/library/ubuntu:14.04` → `ubuntu:14.04`; a familiar name is returned as it is; what does not parse, too. */
export function familiarRef(ref: string): string {
  try {
    return familiarString(parseReference(ref))
  } catch {
    return ref
  }
}

/** familiarRef of each, without repeats (one image may be listed under both spellings), in order. */
export function familiarRefs(refs: readonly string[]): string[] {
  return [...new Set(refs.map(familiarRef))]
}
