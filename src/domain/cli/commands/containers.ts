/**
 * Containers that exist: docker ps, start, stop, restart, kill, pause, unpause, rm, rename, logs, wait,
 * exec, diff, commit (and their container … spellings).
 */
import { isCancelledError, isEngineError } from '../../errors'
import { commandName, type CliContext, type Command } from '../command'
import { b, l, s, type FlagSpec, type Parsed } from '../flags'
import { ago, ellipsis, goQuote, humanSize, shortHex, table } from '../format'
import { CONTAINER_HEADERS, formatList, goTime, type Row } from '../listformat'
import { changesOf, eachArg, familiarImage, filtersOf, now, printList, QUIET_WARNING, repoAndTag, tryParseReference } from './common'

export const ps: Command = {
  usage: 'docker ps [OPTIONS]',
  flags: [b('all', 'a'), b('quiet', 'q'), b('latest', 'l'), s('last', 'n'), b('no-trunc'), l('filter', 'f'), b('size', 's'), s('format')],
  args: { max: 0 },
  also: ['container ls', 'container list', 'container ps'],
  async run(p, ctx) {
    const lastN = p.flags.get('last')?.[0]
    const limit = p.bools.has('latest') ? 1 : lastN !== undefined ? Number(lastN) : undefined
    if (limit !== undefined && !Number.isInteger(limit)) throw new Error(`invalid argument "${lastN}" for "-n, --last" flag: strconv.ParseInt: parsing "${lastN}": invalid syntax`)
    const all = p.bools.has('all') || (limit !== undefined && limit > 0)
    const list = await ctx.engine.listContainers({ all, limit: limit && limit > 0 ? limit : undefined, filters: filtersOf(p) })
    const noTrunc = p.bools.has('no-trunc')
    const format = p.flags.get('format')?.[0]
    const custom = format !== undefined && format !== '' && format !== 'table'
    if (p.bools.has('quiet')) {
      if (custom) ctx.io.stderr(QUIET_WARNING)
      for (const c of list) ctx.io.stdout(`${noTrunc ? c.Id : c.Id.slice(0, 12)}\n`)
      return 0
    }
    const imageOf = (c: (typeof list)[number]) => {
      const image = c.Image || '<no image>'
      if (noTrunc) return image
      return /^sha256:[0-9a-f]{64}$/.test(image) ? shortHex(image) : familiarImage(image)
    }
    if (custom) {
      // .Size: the writable layer and, as "virtual", with the image under it (the daemon's SizeRootFs)
      const imageSizes = /\.Size\b|json/.test(format) ? new Map((await ctx.engine.listImages({ all: true })).map((i) => [i.Id, i.Size])) : new Map<string, number>()
      const rows: Row[] = list.map((c) => ({
        Command: goQuote(noTrunc ? c.Command : ellipsis(c.Command, 20)),
        CreatedAt: goTime(c.Created),
        ID: noTrunc ? c.Id : c.Id.slice(0, 12),
        Image: imageOf(c),
        Labels: Object.entries(c.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
        LocalVolumes: '0',
        Mounts: '',
        Names: c.Names.map((n) => n.replace(/^\//, '')).join(','),
        Networks: 'bridge',
        Platform: null,
        Ports: '',
        RunningFor: ago(c.Created, now(ctx)),
        Size: `${humanSize(c.SizeRw ?? 0)} (virtual ${humanSize((c.SizeRw ?? 0) + (imageSizes.get(c.ImageID) ?? 0))})`,
        State: c.State,
        Status: c.Status,
      }))
      return printList(ctx, () => formatList(format, rows, CONTAINER_HEADERS, 'ContainerContext'))
    }
    const rows = [['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']]
    for (const c of list) {
      const image = imageOf(c)
      rows.push([
        noTrunc ? c.Id : c.Id.slice(0, 12),
        image,
        goQuote(noTrunc ? c.Command : ellipsis(c.Command, 20)),
        ago(c.Created, now(ctx)),
        c.Status,
        '',
        c.Names.map((n) => n.replace(/^\//, '')).join(','),
      ])
    }
    ctx.io.stdout(table(rows))
    return 0
  },
}

/**
 * docker NAME CONTAINER [CONTAINER...] (also docker container NAME, or the spellings given): does act to
 * each container in turn and prints the container's name or what act answers, or an error for that
 * container as docker does (exit 1 if any failed).
 */
function eachContainer(
  usage: string,
  flags: FlagSpec[],
  act: (x: string, p: Parsed, ctx: CliContext) => Promise<string | void>,
  also?: string[],
  harmless?: (e: unknown, p: Parsed) => boolean,
  after?: (failed: string[], ctx: CliContext) => void,
): Command {
  return {
    usage,
    flags,
    args: { min: 1 },
    also: also ?? [`container ${commandName(usage)}`],
    async run(p, ctx) {
      const failed: string[] = []
      const code = await eachArg(p.args, ctx, async (x) => ctx.io.stdout(`${(await act(x, p, ctx)) ?? x}\n`), { harmless: harmless && ((e) => harmless(e, p)), failed })
      after?.(failed, ctx)
      return code
    },
  }
}

export const start = eachContainer('docker start [OPTIONS] CONTAINER [CONTAINER...]', [b('attach', 'a'), b('interactive', 'i')], (x, _p, ctx) => ctx.engine.startContainer(x), undefined, undefined, (failed, ctx) => {
  // docker CLI 28 ends a failed start with one more line naming what failed
  if (failed.length) ctx.io.stderr(`Error: failed to start containers: ${failed.join(', ')}\n`)
})

export const stop = eachContainer('docker stop [OPTIONS] CONTAINER [CONTAINER...]', [s('time', 't'), s('signal', 's')], (x, p, ctx) => {
  const t = p.flags.get('time')?.[0]
  return ctx.engine.stopContainer(x, t !== undefined ? { t: Number(t) } : undefined)
})

// --time and --signal are accepted, and the engine's defaults used
export const restart = eachContainer('docker restart [OPTIONS] CONTAINER [CONTAINER...]', [s('time', 't'), s('signal', 's')], (x, _p, ctx) => ctx.engine.restartContainer(x))

export const kill = eachContainer('docker kill [OPTIONS] CONTAINER [CONTAINER...]', [s('signal', 's')], (x, p, ctx) => ctx.engine.killContainer(x, { signal: p.flags.get('signal')?.[0] }))

export const pause = eachContainer('docker pause CONTAINER [CONTAINER...]', [], (x, _p, ctx) => ctx.engine.pauseContainer(x))

export const unpause = eachContainer('docker unpause CONTAINER [CONTAINER...]', [], (x, _p, ctx) => ctx.engine.unpauseContainer(x))

export const wait = eachContainer('docker wait CONTAINER [CONTAINER...]', [], async (x, _p, ctx) => String((await ctx.engine.waitContainer(x, { signal: ctx.signal })).StatusCode))

export const rm = eachContainer(
  'docker rm [OPTIONS] CONTAINER [CONTAINER...]',
  [b('force', 'f'), b('volumes', 'v'), b('link', 'l')],
  (x, p, ctx) => ctx.engine.removeContainer(x, { force: p.bools.has('force'), v: p.bools.has('volumes') }),
  ['container rm', 'container remove'],
  // docker CLI 28: `rm -f` of a container that is not there says so and still exits 0 (measured on dockerd 20.10 and Podman 4.3)
  (e, p) => p.bools.has('force') && isEngineError(e) && e.statusCode === 404,
)

export const rename: Command = {
  usage: 'docker rename CONTAINER NEW_NAME',
  args: { exact: 2 },
  also: ['container rename'],
  async run(p, ctx) {
    try {
      await ctx.engine.renameContainer(p.args[0], p.args[1])
    } catch (e) {
      if (isCancelledError(e)) throw e
      // docker CLI 28 says the daemon's answer, then which rename failed
      ctx.io.stderr(isEngineError(e) ? `Error response from daemon: ${e.message}\n` : `Error: ${(e as Error).message}\n`)
      ctx.io.stderr(`Error: failed to rename container named ${p.args[0]}\n`)
      return 1
    }
    return 0
  },
}

export const logs: Command = {
  usage: 'docker logs [OPTIONS] CONTAINER',
  flags: [b('follow', 'f'), b('timestamps', 't'), s('tail', 'n')],
  args: { exact: 1 },
  also: ['container logs'],
  async run(p, ctx) {
    const r = await ctx.engine.containerLogs(p.args[0])
    if (r.stdout) ctx.io.stdout(r.stdout)
    if (r.stderr) ctx.io.stderr(r.stderr)
    return 0
  },
}

export const exec: Command = {
  usage: 'docker exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  flags: [b('detach', 'd'), l('env', 'e'), b('interactive', 'i'), b('tty', 't'), s('workdir', 'w'), s('user', 'u')],
  args: { min: 2 },
  stopAtPositional: true,
  also: ['container exec'],
  async run(p, ctx) {
    const [container, ...cmd] = p.args
    const r = await ctx.engine.exec(container, {
      Cmd: cmd,
      Env: p.flags.get('env'),
      WorkingDir: p.flags.get('workdir')?.[0],
      Tty: p.bools.has('tty'),
    })
    if (r.stdout) ctx.io.stdout(r.stdout)
    if (r.stderr) ctx.io.stderr(r.stderr)
    return r.exitCode
  },
}

export const diff: Command = {
  usage: 'docker diff CONTAINER',
  args: { exact: 1 },
  also: ['container diff'],
  async run(p, ctx) {
    const changes = await ctx.engine.containerChanges(p.args[0])
    for (const c of changes ?? []) ctx.io.stdout(`${'CAD'[c.Kind]} ${c.Path}\n`)
    return 0
  },
}

export const commit: Command = {
  usage: 'docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  flags: [s('author', 'a'), l('change', 'c'), s('message', 'm'), b('pause', 'p')],
  args: { min: 1, max: 2 },
  also: ['container commit'],
  async run(p, ctx) {
    const [container, ref] = p.args
    let repo: string | undefined
    let tag: string | undefined
    if (ref) {
      const r = tryParseReference(ref)
      if (!r.ok) {
        ctx.io.stderr(`Error parsing reference: "${ref}" is not a valid repository/tag: ${r.message}\n`)
        return 1
      }
      ;({ repo, tag } = repoAndTag(ref))
    }
    const r = await ctx.engine.commitContainer(container, {
      repo,
      tag,
      comment: p.flags.get('message')?.[0],
      author: p.flags.get('author')?.[0],
      changes: changesOf(p, ctx),
    })
    ctx.io.stdout(`${r.Id}\n`)
    return 0
  },
}
