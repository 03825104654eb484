import { describe, expect, it } from 'vitest'
import { familiarRef, familiarRefs } from './familiar'

describe('familiarRef (docker FamiliarString)', () => {
  it('shortens Docker Hub names as Podman lists them, and leaves dockerd\'s as they are', () => {
    expect(familiarRef('docker.io/library/ubuntu:14.04')).toBe('ubuntu:14.04')
    expect(familiarRef('docker.io/learner/app:1')).toBe('learner/app:1')
    expect(familiarRef(`docker.io/library/ubuntu@sha256:${'f'.repeat(64)}`)).toBe(`ubuntu@sha256:${'f'.repeat(64)}`)
    for (const same of ['ubuntu:14.04', 'ubuntu', 'learner/app:1', '127.0.0.1:5000/library/ubuntu:14.04', 'localhost/app:1', 'quay.io/x/y:2', `sha256:${'a'.repeat(64)}`, 'a'.repeat(64), 'Not/A:Name', '<none>:<none>']) {
      expect(familiarRef(same)).toBe(same)
    }
  })
  it('one name in two spellings is one', () => {
    expect(familiarRefs(['docker.io/library/ubuntu:14.04', 'ubuntu:14.04', 'ubuntu:trusty'])).toEqual(['ubuntu:14.04', 'ubuntu:trusty'])
  })
})
