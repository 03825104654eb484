/** The local images: docker images, tag, rmi, history (image ls, tag, rm, history). */
import { isEngineError } from '../../errors'
import type { Command } from '../command'
import { b, l, s } from '../flags'
import { ago, ellipsis, humanSize, shortHex, table } from '../format'
import { formatList, goTime, HISTORY_HEADERS, IMAGE_HEADERS, type Row } from '../listformat'
import { familiarRef } from '../../reference'
import { eachArg, filtersOf, now, printList, QUIET_WARNING, repoAndTag, tryParseReference } from './common'

export const images: Command = {
  usage: 'docker images [OPTIONS] [REPOSITORY[:TAG]]',
  flags: [b('all', 'a'), b('quiet', 'q'), b('no-trunc'), l('filter', 'f'), b('digests'), s('format')],
  args: { max: 1 },
  also: ['image ls', 'image list'],
  async run(p, ctx) {
    const filters = filtersOf(p) ?? {}
    if (p.args[0]) filters.reference = [...(filters.reference ?? []), p.args[0]]
    const list = await ctx.engine.listImages({ all: p.bools.has('all'), filters: Object.keys(filters).length ? filters : undefined })
    const noTrunc = p.bools.has('no-trunc')
    const id = (x: string) => (noTrunc ? x : shortHex(x))
    const format = p.flags.get('format')?.[0]
    if (p.bools.has('quiet')) {
      if (format !== undefined && format !== '' && format !== 'table') ctx.io.stderr(QUIET_WARNING)
      const seen = new Set<string>()
      for (const img of list) {
        if (seen.has(img.Id)) continue
        seen.add(img.Id)
        ctx.io.stdout(`${id(img.Id)}\n`)
      }
      return 0
    }
    if (format !== undefined && format !== '' && format !== 'table') {
      const rows: Row[] = []
      for (const img of list) {
        const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map(familiarRef)
        const pairs = tags.length ? tags.map((t) => [t.slice(0, t.lastIndexOf(':')), t.slice(t.lastIndexOf(':') + 1)]) : [['<none>', '<none>']]
        for (const [repo, tag] of pairs) {
          const digest = (img.RepoDigests ?? []).map(familiarRef).find((d) => d.slice(0, d.indexOf('@')) === repo)
          rows.push({
            Containers: 'N/A',
            CreatedAt: goTime(img.Created),
            CreatedSince: ago(img.Created, now(ctx)),
            Digest: digest ? digest.slice(digest.indexOf('@') + 1) : '<none>',
            ID: id(img.Id),
            Repository: repo,
            SharedSize: 'N/A',
            Size: humanSize(img.Size),
            Tag: tag,
            UniqueSize: 'N/A',
            VirtualSize: humanSize(img.Size, 4),
          })
        }
      }
      return printList(ctx, () => formatList(format, rows, IMAGE_HEADERS, 'imageContext'))
    }
    const rows = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']]
    for (const img of list) {
      const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map(familiarRef)
      const created = ago(img.Created, now(ctx))
      if (tags.length === 0) rows.push(['<none>', '<none>', id(img.Id), created, humanSize(img.Size)])
      for (const t of tags) {
        const i = t.lastIndexOf(':')
        rows.push([t.slice(0, i), t.slice(i + 1), id(img.Id), created, humanSize(img.Size)])
      }
    }
    ctx.io.stdout(table(rows))
    return 0
  },
}

export const tag: Command = {
  usage: 'docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  args: { exact: 2 },
  also: ['image tag'],
  async run(p, ctx) {
    const [source, target] = p.args
    const t = tryParseReference(target)
    if (!t.ok) {
      ctx.io.stderr(`Error parsing reference: "${target}" is not a valid repository/tag: ${t.message}\n`)
      return 1
    }
    const { repo, tag } = repoAndTag(target)
    await ctx.engine.tagImage(source, repo, tag)
    return 0
  },
}

export const rmi: Command = {
  usage: 'docker rmi [OPTIONS] IMAGE [IMAGE...]',
  flags: [b('force', 'f'), b('no-prune')],
  args: { min: 1 },
  also: ['image rm', 'image remove'],
  async run(p, ctx) {
    return eachArg(p.args, ctx, async (arg) => {
      const res = await ctx.engine.removeImage(arg, { force: p.bools.has('force'), noprune: p.bools.has('no-prune') })
      for (const r of res) {
        if (r.Untagged) ctx.io.stdout(`Untagged: ${r.Untagged}\n`)
        if (r.Deleted) ctx.io.stdout(`Deleted: ${r.Deleted}\n`)
      }
      // docker CLI 28: `rmi -f` of an image that is not there says so and still exits 0 (as `rm -f`; measured on dockerd 20.10)
    }, { harmless: (e) => p.bools.has('force') && isEngineError(e) && e.statusCode === 404 })
  },
}

export const history: Command = {
  usage: 'docker history [OPTIONS] IMAGE',
  flags: [b('no-trunc'), b('quiet', 'q'), b('human', 'H'), s('format')],
  args: { exact: 1 },
  also: ['image history'],
  async run(p, ctx) {
    const list = await ctx.engine.imageHistory(p.args[0])
    const noTrunc = p.bools.has('no-trunc')
    const human = !p.bools.has('human') || p.flags.get('human')?.[0] !== 'false'
    const id = (x: string) => (x === '<missing>' ? x : noTrunc ? x : shortHex(x))
    const format = p.flags.get('format')?.[0]
    const custom = format !== undefined && format !== '' && format !== 'table'
    if (p.bools.has('quiet')) {
      if (custom) ctx.io.stderr(QUIET_WARNING)
      for (const h of list) ctx.io.stdout(`${id(h.Id)}\n`)
      return 0
    }
    if (custom) {
      const rows: Row[] = list.map((h) => {
        const by = h.CreatedBy.replace(/\t/g, ' ')
        return {
          Comment: h.Comment ?? '',
          CreatedAt: goTime(h.Created),
          CreatedBy: noTrunc ? by : ellipsis(by, 45),
          CreatedSince: human ? ago(h.Created, now(ctx)) : goTime(h.Created),
          ID: id(h.Id),
          Size: human ? humanSize(h.Size) : String(h.Size),
        }
      })
      return printList(ctx, () => formatList(format, rows, HISTORY_HEADERS, 'historyContext'))
    }
    const rows = [['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT']]
    for (const h of list) {
      let by = h.CreatedBy.replace(/\t/g, ' ')
      if (!noTrunc) by = ellipsis(by, 45)
      rows.push([id(h.Id), human ? ago(h.Created, now(ctx)) : new Date(h.Created * 1000).toISOString(), by, human ? humanSize(h.Size) : String(h.Size), h.Comment ?? ''])
    }
    ctx.io.stdout(table(rows))
    return 0
  },
}
