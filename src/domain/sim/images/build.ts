/**
 * docker build: the legacy builder's Dockerfile interpreter (FROM pulls a missing base, RUN runs
 * in a throwaway container, COPY/ADD take files from the context, the rest change the config),
 * with its build cache, history texts and output stream.
 */
import type { ProgressFn } from '../../engine'
import type { EngineError } from '../../errors'
import { sha256Hex } from '../../digest'
import { randomHexId, shortId } from '../../ids'
import { familiarString, parseReference, withDefaultTag } from '../../reference'
import { readTar, utf8Decode, utf8Encode, type TarEntry } from '../../tar'
import type { JsonMessage, Labels } from '../../types'
import { runMain } from '../containers/processes'
import { err, type SimCore } from '../core'
import { ancestorsTo, CowFs } from '../cow-fs'
import { atomic, put } from '../journal'
import { normPath, parentOf, type LayerFiles } from '../layerfs'
import { clone, type ImageState } from '../state'
import { parseDockerfile, parseKv, safeJsonArray } from './dockerfile'
import { isText } from './import'
import { remoteFind } from './registry'
import { addImage, addLayer, children, getImage, parseTagged, setTag, tree } from './store'

export interface BuildOptions {
  t?: string[]
  dockerfile?: string
  labels?: Labels
  rm?: boolean
}

export function buildImage(core: SimCore, context: Uint8Array, opts: BuildOptions, onProgress?: ProgressFn): string {
  const lines: JsonMessage[] = []
  const emit = (s: string) => lines.push({ stream: s })
  let failure: EngineError | null = null
  let result = ''
  try {
    result = atomic(core, () => build(core, context, opts, emit))
  } catch (e) {
    failure = e as EngineError
  }
  for (const l of lines) onProgress?.(l)
  if (failure) {
    onProgress?.({ errorDetail: { code: failure.statusCode, message: failure.message }, error: failure.message })
    throw failure
  }
  return result
}

/** The legacy builder: runs the Dockerfile's steps, each on the image the one before made (or found in the cache). */
function build(core: SimCore, context: Uint8Array, opts: BuildOptions, emit: (s: string) => void): string {
  const tags = (opts.t ?? []).map((t) => parseTagged(t))
  let entries: TarEntry[]
  try {
    entries = readTar(context)
  } catch (e) {
    throw err(500, `failed to read build context: ${(e as Error).message}`)
  }
  const dfName = opts.dockerfile ?? 'Dockerfile'
  const df = entries.find((e) => normPath(e.name) === normPath(dfName))
  if (!df) throw err(500, `Cannot locate specified Dockerfile: ${dfName}`)
  const text = utf8Decode(df.data)
  const steps = parseDockerfile(text)
  if (!steps.length) throw err(400, 'the Dockerfile (Dockerfile) cannot be empty')
  if (steps[0].cmd !== 'FROM') throw err(400, 'failed to process "' + steps[0].raw + '": no build stage in current context')
  if (opts.labels && Object.keys(opts.labels).length) steps.push({ cmd: 'LABEL', args: Object.entries(opts.labels).map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`).join(' '), raw: '' })
  const n = steps.length
  let cur: ImageState | null = null
  for (let i = 0; i < n; i++) {
    const st = steps[i]
    emit(`Step ${i + 1}/${n} : ${st.raw || `LABEL ${st.args}`}\n`)
    if (st.cmd === 'FROM') {
      const base = st.args.split(/\s+/)[0]
      let img: ImageState
      try {
        img = getImage(core, base)
      } catch {
        const ref = withDefaultTag(parseReference(base))
        const found = remoteFind(core, ref)
        for (const l of found.image.layers) put(core, 'layers', l, found.layers[l])
        if (!core.s.images[found.image.id]) put(core, 'images', found.image.id, { ...clone(found.image), lastTagTime: 0 })
        setTag(core, familiarString(ref), found.image.id)
        emit(`${ref.tag}: Pulling from ${ref.path}\n`)
        emit(`Digest: ${found.manifestDigest}\nStatus: Downloaded newer image for ${familiarString(ref)}\n`)
        img = core.s.images[found.image.id]
      }
      cur = img
      emit(` ---> ${shortId(img.id)}\n`)
      continue
    }
    if (!cur) throw err(400, 'no build stage in current context')
    // the legacy builder's history texts: "#(nop)  X" (commit with a comment), "#(nop) X" for WORKDIR and COPY
    const execForm = (a: string) => `[${(a.startsWith('[') ? safeJsonArray(a) : ['/bin/sh', '-c', a]).map((x) => JSON.stringify(x)).join(' ')}]`
    let createdBy: string =
      st.cmd === 'RUN'
        ? `/bin/sh -c ${st.args}`
        : st.cmd === 'CMD' || st.cmd === 'ENTRYPOINT'
          ? `/bin/sh -c #(nop)  ${st.cmd} ${execForm(st.args)}`
          : st.cmd === 'ENV' || st.cmd === 'LABEL'
            ? `/bin/sh -c #(nop)  ${st.cmd} ${parseKv(st.args).map(([k, v]) => `${k}=${v}`).join(' ')}`
            : st.cmd === 'WORKDIR'
              ? `/bin/sh -c #(nop) WORKDIR ${normPath(st.args, cur.config.WorkingDir || '/')}`
              : `/bin/sh -c #(nop)  ${st.cmd} ${st.args}`
    if (st.cmd === 'COPY' || st.cmd === 'ADD') {
      // the legacy builder names copied content by its checksum, so the cache sees content changes
      const parts = st.args.split(/\s+/).filter((x) => !x.startsWith('--'))
      const dest = parts.pop() ?? '/'
      const srcs = parts.map((x) => normPath(x))
      const picked = entries
        .filter((e) => srcs.some((src) => normPath(e.name) === src || normPath(e.name).startsWith(src === '/' ? '/' : src + '/')))
        .map((e) => `${normPath(e.name)} ${e.type} ${e.mode} ${sha256Hex(e.data)}`)
      const isDir = picked.length > 1 || entries.some((e) => srcs.includes(normPath(e.name)) && e.type === 'dir')
      const single = !isDir && srcs.length === 1 ? entries.find((e) => normPath(e.name) === srcs[0] && e.type === 'file') : undefined
      // one file: the legacy builder's tarsum v1 of it (header fields of a build-context entry, uid/gid 0, then the content)
      const sum = single ? sha256Hex(concatBytes(utf8Encode(`name${normPath(single.name).slice(1)}mode${single.mode & 0o7777}uid0gid0size${single.size}typeflag0linknameunamegnamedevmajor0devminor0`), single.data)) : sha256Hex(picked.join('\n'))
      createdBy = `/bin/sh -c #(nop) ${st.cmd} ${isDir ? 'dir' : 'file'}:${sum} in ${dest} `
    }
    const cached: ImageState | undefined = children(core, cur.id).find((c) => c.history.length === cur!.history.length + 1 && c.history[c.history.length - 1].createdBy === createdBy)
    if (cached) {
      emit(' ---> Using cache\n')
      emit(` ---> ${shortId(cached.id)}\n`)
      cur = cached
      continue
    }
    const cid = randomHexId(core.random)
    const inContainer = st.cmd !== 'COPY' && st.cmd !== 'ADD' // COPY writes the layer without running a container
    if (inContainer) emit(` ---> Running in ${shortId(cid)}\n`)
    const config = clone(cur.config)
    let layer: LayerFiles | null = null
    if (st.cmd === 'RUN') {
      const fs = new CowFs(tree(core, cur), {}, shortId(cid))
      const argv = st.args.startsWith('[') ? safeJsonArray(st.args) : ['/bin/sh', '-c', st.args]
      const res = runMain(argv, fs, config.Env, config.WorkingDir || '/', shortId(cid), false)
      if (res.stdout) emit(res.stdout)
      if (res.stderr) emit(res.stderr)
      if (res.oci) throw err(500, res.oci)
      if (res.exitCode !== 0) throw err(500, `The command '${argv.join(' ')}' returned a non-zero code: ${res.exitCode}`)
      layer = fs.rw
    } else if (st.cmd === 'COPY' || st.cmd === 'ADD') {
      const parts = st.args.split(/\s+/).filter((x) => !x.startsWith('--'))
      const dest = parts.pop() ?? '/'
      const fs = new CowFs(tree(core, cur), {})
      for (const src of parts) {
        const s = normPath(src)
        const matched = entries.filter((e) => normPath(e.name) === s || normPath(e.name).startsWith(s === '/' ? '/' : s + '/'))
        if (!matched.length) throw err(500, `COPY failed: file not found in build context or excluded by .dockerignore: stat ${src.replace(/^\.?\//, '')}: file does not exist`)
        for (const e of matched) {
          const rel = normPath(e.name).slice(s === '/' ? 0 : s.length) || '/' + s.split('/').pop()
          const destIsDir = dest.endsWith('/') || dest === '.' || fs.stat(normPath(dest, config.WorkingDir || '/'))?.type === 'dir'
          const to = destIsDir || matched.length > 1 || parts.length > 1 || e.type === 'dir' ? normPath(rel.replace(/^\/?/, ''), normPath(dest, config.WorkingDir || '/')) : normPath(dest, config.WorkingDir || '/')
          for (let d = parentOf(to); d !== '/'; d = parentOf(d)) if (!fs.stat(d)) fs.mkdir(d)
          if (e.type === 'dir') {
            if (!fs.stat(to)) fs.mkdir(to)
          } else fs.writeRaw(to, { type: 'file', size: e.size, mode: e.mode || 0o644, ...(e.size <= 4096 && isText(e.data) ? { content: utf8Decode(e.data) } : {}) })
        }
      }
      layer = fs.rw
    } else if (st.cmd === 'ENV') {
      for (const [k, v] of parseKv(st.args)) config.Env = [...config.Env.filter((e) => !e.startsWith(k + '=')), `${k}=${v}`]
    } else if (st.cmd === 'LABEL') {
      for (const [k, v] of parseKv(st.args)) config.Labels = { ...config.Labels, [k]: v }
    } else if (st.cmd === 'CMD') {
      config.Cmd = st.args.startsWith('[') ? safeJsonArray(st.args) : ['/bin/sh', '-c', st.args]
    } else if (st.cmd === 'ENTRYPOINT') {
      config.Entrypoint = st.args.startsWith('[') ? safeJsonArray(st.args) : ['/bin/sh', '-c', st.args]
      config.Cmd = null
    } else if (st.cmd === 'WORKDIR') {
      config.WorkingDir = normPath(st.args, config.WorkingDir || '/')
      const fs = new CowFs(tree(core, cur), {})
      if (!fs.stat(config.WorkingDir)) {
        for (const d of ancestorsTo(config.WorkingDir)) if (!fs.stat(d)) fs.mkdir(d)
        layer = fs.rw
      }
    } else if (['EXPOSE', 'USER', 'VOLUME', 'STOPSIGNAL', 'ARG', 'SHELL', 'ONBUILD', 'HEALTHCHECK', 'MAINTAINER'].includes(st.cmd)) {
      // accepted, recorded in history only
    } else {
      throw err(400, `dockerfile parse error line ${i + 1}: unknown instruction: ${st.cmd}`)
    }
    const now = core.now()
    const layers = layer ? [...cur.layers, addLayer(core, layer)] : [...cur.layers]
    const img = addImage(core, {
      parent: cur.id,
      layers,
      history: [...cur.history, { created: now, createdBy, emptyLayer: !layer, comment: '' }],
      config,
      created: now,
      comment: '',
      author: '',
      container: cid,
    })
    if (opts.rm !== false && inContainer) emit(`Removing intermediate container ${shortId(cid)}\n`)
    emit(` ---> ${shortId(img.id)}\n`)
    cur = img
  }
  const final = cur as ImageState
  emit(`Successfully built ${shortId(final.id)}\n`)
  for (const t of tags) {
    setTag(core, t, final.id)
    core.imageEvent('tag', final.id, t)
    emit(`Successfully tagged ${t}\n`)
  }
  return final.id
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
