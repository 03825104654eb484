/** Synthetic snapshots for the graph benchmark: n images in families of up to 10 (a base + children each adding one layer), n containers. */
import type { Snapshot, SnapshotContainer, SnapshotImage } from '../../src/domain/snapshot'
const hex = (n: number, salt: string) => (salt + n.toString(16)).padStart(64, '0').slice(-64)
export function synthetic(n: number): Snapshot {
  const images: SnapshotImage[] = []
  const containers: SnapshotContainer[] = []
  let parent: SnapshotImage | null = null
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) parent = null
    const layers: string[] = parent ? [...parent.layers, 'sha256:' + hex(i, 'b')] : ['sha256:' + hex(i, 'a'), 'sha256:' + hex(i, 'c')]
    const img: SnapshotImage = {
      id: 'sha256:' + hex(i, 'd'),
      parentId: parent?.id ?? null,
      tags: i % 3 === 2 ? [] : [`app${i}:v1`],
      digests: [],
      created: 1000 + i,
      size: layers.length * 1000,
      layers,
      history: layers.map((l) => ({ createdBy: `/bin/sh -c #(nop) ADD file:${l.slice(7, 15)} in /`, size: 1000, emptyLayer: false, created: 1000 + i })),
      config: { cmd: ['sh'], entrypoint: null, env: [], labels: {}, workingDir: '' },
      managed: false,
    }
    images.push(img)
    parent = img
    containers.push({
      id: hex(i, 'e'), name: `c${i}`, imageId: img.id, imageRef: img.tags[0] ?? img.id, command: 'sleep 1000', created: 2000 + i,
      state: i % 4 === 0 ? 'exited' : 'running', status: '', exitCode: 0, labels: {}, changes: [], managed: false,
    })
  }
  return { engine: { kind: 'simulator', version: '20.10', apiVersion: '1.41', os: 'linux', kernel: '5.15' }, images, containers, revision: 1 }
}
