import { describe, expect, it } from 'vitest'
import { mirrorFailure, mirrorFromEnv, mirrorRef, offlinePullRef, rewriteMessage } from './mirror'

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

describe('offline pull detection', () => {
  const hub = 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host\n'
  it('names the reference of a pull that could reach no registry', () => {
    expect(offlinePullRef('docker pull ubuntu:14.04', { exitCode: 1, stdout: '', stderr: hub })).toBe('ubuntu:14.04')
    expect(offlinePullRef('docker image pull -q neo4j', { exitCode: 1, stdout: 'Using default tag: latest\n', stderr: hub })).toBe('neo4j')
    const both = mirrorFailure('alpine:latest', M, 'manifest unknown', 'dial tcp: lookup registry-1.docker.io: no such host')
    expect(offlinePullRef('docker pull alpine', { exitCode: 1, stdout: '', stderr: `Error response from daemon: ${both}\n` })).toBe('alpine')
  })
  it('stays out of the way of successes, registry answers and other commands', () => {
    expect(offlinePullRef('docker pull ubuntu:14.04', { exitCode: 0, stdout: 'Status: Downloaded newer image for ubuntu:14.04\n', stderr: '' })).toBeNull()
    const notFound = 'Error response from daemon: manifest for 127.0.0.1:5000/nope:1 not found: manifest unknown: manifest unknown\n'
    expect(offlinePullRef('docker pull 127.0.0.1:5000/nope:1', { exitCode: 1, stdout: '', stderr: notFound })).toBeNull()
    expect(offlinePullRef('docker run ubuntu:14.04', { exitCode: 125, stdout: '', stderr: hub })).toBeNull()
  })
})
