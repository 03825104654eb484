import { describe, expect, it } from 'vitest'
import { mirrorFailure, mirrorFromEnv, mirrorRef, rewriteMessage } from './mirror'

const M = '127.0.0.1:5000'

describe('registry mirror references', () => {
  it('maps Docker Hub names, official and user repositories, with the default tag', () => {
    expect(mirrorRef('ubuntu:14.04', M)).toEqual({ mirrorRepo: `${M}/library/ubuntu`, shownRepo: 'ubuntu', tag: '14.04' })
    expect(mirrorRef('neo4j', M)).toEqual({ mirrorRepo: `${M}/library/neo4j`, shownRepo: 'neo4j', tag: 'latest' })
    expect(mirrorRef('library/alpine:3.20', M)).toEqual({ mirrorRepo: `${M}/library/alpine`, shownRepo: 'alpine', tag: '3.20' })
    expect(mirrorRef('docker.io/library/debian:12', M)).toEqual({ mirrorRepo: `${M}/library/debian`, shownRepo: 'debian', tag: '12' })
    expect(mirrorRef('jwilder/nginx-proxy', M)).toEqual({ mirrorRepo: `${M}/jwilder/nginx-proxy`, shownRepo: 'jwilder/nginx-proxy', tag: 'latest' })
  })
  it('leaves other registries, digests and malformed names alone', () => {
    expect(mirrorRef('127.0.0.1:5000/layerlab-test/busybox:1', M)).toBeNull()
    expect(mirrorRef('quay.io/coreos/etcd:v3', M)).toBeNull()
    expect(mirrorRef('localhost/x', M)).toBeNull()
    expect(mirrorRef(`ubuntu@sha256:${'a'.repeat(64)}`, M)).toBeNull()
    expect(mirrorRef('Ubuntu:14.04', M)).toBeNull()
    expect(mirrorRef('ubuntu:', M)).toBeNull()
  })
  it('reads the setting from the environment, normalised', () => {
    expect(mirrorFromEnv({})).toBeUndefined()
    expect(mirrorFromEnv({ LAYERLAB_REGISTRY_MIRROR: '  ' })).toBeUndefined()
    expect(mirrorFromEnv({ LAYERLAB_REGISTRY_MIRROR: 'http://127.0.0.1:5000/' })).toBe(M)
  })
  it('shows the learner the name they typed, and "up to date" when the tag did not move', () => {
    const from = `${M}/library/ubuntu`
    expect(rewriteMessage({ status: 'Pulling from library/ubuntu', id: '14.04' }, from, 'ubuntu', false)).toEqual({ status: 'Pulling from library/ubuntu', id: '14.04' })
    expect(rewriteMessage({ status: `Status: Downloaded newer image for ${from}:14.04` }, from, 'ubuntu', false).status).toBe('Status: Downloaded newer image for ubuntu:14.04')
    expect(rewriteMessage({ status: `Status: Downloaded newer image for ${from}:14.04` }, from, 'ubuntu', true).status).toBe('Status: Image is up to date for ubuntu:14.04')
    expect(mirrorFailure('ubuntu:14.04', M, 'connection refused', 'no such host')).toBe(
      'cannot pull ubuntu:14.04: the registry mirror 127.0.0.1:5000 answered "connection refused" and Docker Hub answered "no such host"',
    )
  })
})
