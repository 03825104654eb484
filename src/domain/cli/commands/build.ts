/** Images from the host's files: docker build, import (image build, import). */
import type { Command } from '../command'
import { b, l, s } from '../flags'
import { humanSize } from '../format'
import { changesOf, jsonMessagePrinter, labelsOf, repoAndTag, tryParseReference } from './common'

export const build: Command = {
  usage: 'docker build [OPTIONS] PATH | URL | -',
  flags: [l('tag', 't'), s('file', 'f'), b('quiet', 'q'), b('no-cache'), b('rm'), l('label'), l('build-arg')],
  args: { exact: 1 },
  also: ['image build'],
  async run(p, ctx) {
    if (!ctx.host) throw new Error('this terminal cannot read files')
    let context: Uint8Array
    try {
      context = await ctx.host.tarDirectory(p.args[0])
    } catch {
      throw new Error(`unable to prepare context: path "${p.args[0]}" not found`)
    }
    const quiet = p.bools.has('quiet')
    if (!quiet) ctx.io.stdout(`Sending build context to Docker daemon  ${humanSize(context.length, 4)}\r\r\n`) // as docker 28 prints it without a TTY: the progress line, then its last update
    const labels = labelsOf(p, ctx)
    const id = await ctx.engine.buildImage(
      context,
      { t: p.flags.get('tag'), dockerfile: p.flags.get('file')?.[0], labels: Object.keys(labels).length ? labels : undefined, rm: true },
      quiet ? undefined : jsonMessagePrinter((x) => ctx.io.stdout(x)),
    )
    if (quiet) ctx.io.stdout(`${id}\n`)
    return 0
  },
}

export const importImage: Command = {
  usage: 'docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  flags: [l('change', 'c'), s('message', 'm'), s('platform')],
  args: { min: 1, max: 2 },
  also: ['image import'],
  async run(p, ctx) {
    const [file, ref] = p.args
    if (!ctx.host) throw new Error('this terminal cannot read files')
    if (file === '-') throw new Error('Layerlab reads an import from a file, not from standard input')
    let repo: string | undefined
    let tag: string | undefined
    if (ref) {
      const r = tryParseReference(ref)
      if (!r.ok) throw new Error(r.message)
      ;({ repo, tag } = repoAndTag(ref))
    }
    let data: Uint8Array
    try {
      data = await ctx.host.readFile(file)
    } catch {
      ctx.io.stderr(`open ${file}: no such file or directory\n`)
      return 1
    }
    // what the daemon streams back, as docker prints it (dockerd: the ID; Podman: `ID: ID`), else the ID
    let said = false
    const print = jsonMessagePrinter((s) => ((said = true), ctx.io.stdout(s)))
    const id = await ctx.engine.importImage(data, { repo, tag, message: p.flags.get('message')?.[0], changes: changesOf(p, ctx) }, print)
    if (!said) ctx.io.stdout(`${id}\n`)
    return 0
  },
}
