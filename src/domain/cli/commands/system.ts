/** Any object and the engine itself: docker inspect (image inspect, container inspect), version, info. */
import { isEngineError } from '../../errors'
import type { CliContext, Command } from '../command'
import { b, s } from '../flags'
import { renderTemplate } from '../template'

const CANNOT_BE_CONTAINER = /[:@]|.\//

export const inspect: Command = {
  usage: 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]',
  flags: [s('format', 'f'), s('type'), b('size', 's')],
  args: { min: 1 },
  also: ['image inspect', 'container inspect'],
  // `docker image inspect` and `docker container inspect` look at one kind only
  fromGroup: (group, args) => ['--type', group === 'image' ? 'image' : 'container', ...args],
  async run(p, ctx) {
    const type = p.flags.get('type')?.[0]
    const format = p.flags.get('format')?.[0]
    const found: unknown[] = []
    let failed = false
    const errors: string[] = []
    for (const arg of p.args) {
      let obj: unknown = null
      let why: unknown = null
      const keep = (e: unknown) => ((why = e), null)
      // a container's name or ID never holds ':', '@' or an inner '/': such an argument can only be an image
      if (type === 'container' || (type === undefined && !CANNOT_BE_CONTAINER.test(arg))) obj = await ctx.engine.inspectContainer(arg).catch(keep)
      if (!obj && type !== 'container') obj = await ctx.engine.inspectImage(arg).catch(keep)
      if (!obj) {
        failed = true
        const daemon = isEngineError(why) ? why.message : String((why as Error | null)?.message ?? why)
        // with a type the CLI asks one endpoint and shows its answer as the daemon words it
        errors.push(type === 'image' || type === 'container' ? `Error response from daemon: ${daemon}\n` : `Error: No such object: ${arg}\n`)
        continue
      }
      found.push(obj)
    }
    if (format !== undefined) {
      for (const o of found) ctx.io.stdout(`${renderTemplate(format, o)}\n`)
      if (found.length === 0) ctx.io.stdout('\n') // the CLI prints an empty line when nothing matched
    } else {
      ctx.io.stdout(`${found.length ? JSON.stringify(found, null, 4) : '[]'}\n`)
    }
    for (const e of errors) ctx.io.stderr(e)
    return failed ? 1 : 0
  },
}

/** docker version|info [OPTIONS]: no arguments, --format accepted (and ignored); prints the engine's answer line by line. */
function report(usage: string, lines: (ctx: CliContext) => Promise<string[]>): Command {
  return { usage, flags: [s('format', 'f')], args: { max: 0 }, run: async (_p, ctx) => (ctx.io.stdout((await lines(ctx)).join('\n')), 0) }
}

export const version = report('docker version [OPTIONS]', async (ctx) => {
  const v = await ctx.engine.version()
  return [
    'Client: Layerlab docker emulator',
    ` Engine:           ${ctx.engine.kind}`,
    '',
    `Server:`,
    ` Engine:`,
    `  Version:          ${v.Version}`,
    `  API version:      ${v.ApiVersion}${v.MinAPIVersion ? ` (minimum version ${v.MinAPIVersion})` : ''}`,
    `  OS/Arch:          ${v.Os}/${v.Arch}`,
    `  Kernel Version:   ${v.KernelVersion}`,
    '',
  ]
})

export const info = report('docker info [OPTIONS]', async (ctx) => {
  const [imgs, cs, v] = await Promise.all([ctx.engine.listImages(), ctx.engine.listContainers({ all: true }), ctx.engine.version()])
  const count = (st: string) => cs.filter((c) => c.State === st).length
  return [
    'Server:',
    ` Containers: ${cs.length}`,
    `  Running: ${count('running')}`,
    `  Paused: ${count('paused')}`,
    `  Stopped: ${cs.length - count('running') - count('paused')}`,
    ` Images: ${imgs.length}`,
    ` Server Version: ${v.Version}`,
    ` Kernel Version: ${v.KernelVersion}`,
    ` Engine: ${ctx.engine.kind === 'simulator' ? 'Layerlab simulator' : 'live Docker daemon'}`,
    '',
  ]
})
