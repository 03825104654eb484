/**
 * Image names in the form docker shows them (distribution's FamiliarString). dockerd answers
 * `ubuntu:14.04`; Podman's Docker-compatible API answers the same image as
 * `docker.io/library/ubuntu:14.04` (RepoTags, RepoDigests, a container's Image). Whatever Layerlab
 * compares or keeps (the Snapshot, the guard's names, lessons:verify's clean-up) uses this form, so
 * that both engines are described in the same terms; the terminal prints what the daemon said.
 */
import { familiarRef } from '../../domain/reference'

export { familiarRef }

/** familiarRef of each, without repeats (one image may be listed under both spellings), in order. */
export function familiarRefs(refs: readonly string[]): string[] {
  return [...new Set(refs.map(familiarRef))]
}
