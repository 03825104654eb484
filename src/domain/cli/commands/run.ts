/** New containers: docker run, create (container run, create). */
import { isCancelledError, isEngineError } from '../../errors'
import type { CliContext, Command } from '../command'
import { b, l, s, type Parsed } from '../flags'
import { shortHex } from '../format'
import { labelsOf, pullWithOutput, tryParseReference } from './common'

const RUN_FLAGS = [
  b('detach', 'd'),
  s('name'),
  b('rm'),
  l('env', 'e'),
  b('interactive', 'i'),
  b('tty', 't'),
  s('entrypoint'),
  s('workdir', 'w'),
  l('label', 'l'),
  l('volume', 'v'),
  l('publish', 'p'),
  s('hostname', 'h'),
  s('user', 'u'),
  s('network'),
  s('restart'),
  s('pull'),
]

export const run: Command = {
  usage: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: RUN_FLAGS,
  args: { min: 1 },
  stopAtPositional: true,
  also: ['container run'],
  async run(p, ctx) {
    const detach = p.bools.has('detach')
    const id = await createFromFlags(p, ctx, true)
    try {
      await ctx.engine.startContainer(id)
    } catch (e) {
      // --rm: the daemon removes a container whose start failed as it removes one that exited
      if (p.bools.has('rm')) await ctx.engine.removeContainer(id, { force: true }).catch(() => {})
      throw e
    }
    if (detach) {
      ctx.io.stdout(`${id}\n`)
      return 0
    }
    // the foreground: wait for the process to end (Ctrl-C cancels the wait), then print what it wrote.
    // The simulator cannot wait for a process that runs until stopped (a server, a shell): its
    // wait fails, or the container is still running after it, and the note below says so.
    // An engine that streams the output during the wait (the simulator in time) gives it as it is
    // written; what the logs hold beyond that is printed after.
    const shown = { stdout: 0, stderr: 0 }
    const onOutput = (stream: 'stdout' | 'stderr', data: string) => {
      shown[stream] += data.length
      ctx.io[stream](data)
    }
    await ctx.engine.waitContainer(id, { signal: ctx.signal, onOutput }).catch((e: unknown) => {
      if (isCancelledError(e)) throw e
    })
    const info = await ctx.engine.inspectContainer(id)
    const logs = await ctx.engine.containerLogs(id).catch(() => ({ stdout: '', stderr: '' }))
    if (logs.stdout.length > shown.stdout) ctx.io.stdout(logs.stdout.slice(shown.stdout))
    if (logs.stderr.length > shown.stderr) ctx.io.stderr(logs.stderr.slice(shown.stderr))
    if (info.State.Running) {
      ctx.io.stderr(`[Layerlab] ${shortHex(id)} keeps running in the background (this terminal does not attach); see it with docker ps, stop it with docker stop ${shortHex(id)}\n`)
      return 0
    }
    const code = info.State.ExitCode
    if (p.bools.has('rm')) await ctx.engine.removeContainer(id, { force: true }).catch(() => {})
    return code
  },
  fail(message, io) {
    io.stderr(`docker: ${message}\n\nRun 'docker run --help' for more information\n`)
    // as the docker CLI maps OCI start failures to exit codes
    if (/executable file not found|no such file or directory/.test(message)) return 127
    if (/permission denied/.test(message)) return 126
    return 125
  },
}

export const create: Command = {
  usage: 'docker create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: RUN_FLAGS.filter((f) => f.long !== 'detach' && f.long !== 'rm').concat([b('rm')]),
  args: { min: 1 },
  stopAtPositional: true,
  also: ['container create'],
  async run(p, ctx) {
    const id = await createFromFlags(p, ctx, false)
    ctx.io.stdout(`${id}\n`)
    return 0
  },
}

/** Creates the container run or create describes, pulling its image first if the engine lacks it. */
async function createFromFlags(p: Parsed, ctx: CliContext, isRun: boolean): Promise<string> {
  const [image, ...cmd] = p.args
  const ref = tryParseReference(image)
  if (!ref.ok) throw new Error(ref.message)
  const labels = labelsOf(p, ctx)
  const entrypoint = p.flags.get('entrypoint')?.[0]
  const opts = {
    Image: image,
    Cmd: cmd.length ? cmd : undefined,
    Entrypoint: entrypoint !== undefined ? (entrypoint === '' ? [] : [entrypoint]) : undefined,
    Env: p.flags.get('env'),
    Tty: p.bools.has('tty'),
    OpenStdin: p.bools.has('interactive'),
    WorkingDir: p.flags.get('workdir')?.[0],
    Hostname: p.flags.get('hostname')?.[0],
    Labels: Object.keys(labels).length ? labels : undefined,
    name: p.flags.get('name')?.[0],
    HostConfig: { AutoRemove: p.bools.has('rm') && isRun && p.bools.has('detach') ? true : undefined, Binds: p.flags.get('volume') },
  }
  // --pull missing (the default) pulls an image the engine lacks, never does not, always pulls first
  const pull = p.flags.get('pull')?.[0] ?? 'missing'
  if (!['missing', 'never', 'always'].includes(pull)) throw new Error(`invalid pull option: '${pull}': must be one of "always", "missing" or "never"`)
  if (pull === 'always') await pullWithOutput(image, ctx, (s) => ctx.io.stderr(s))
  try {
    return (await ctx.engine.createContainer(opts)).Id
  } catch (e) {
    if (pull !== 'missing' || !(isEngineError(e) && e.statusCode === 404 && /^No such image/.test(e.message))) throw e
    const shown = ref.ok ? `${image}${image.lastIndexOf(':') > image.lastIndexOf('/') || image.includes('@') ? '' : ':latest'}` : image
    ctx.io.stderr(`Unable to find image '${shown}' locally\n`)
    await pullWithOutput(image, ctx, (s) => ctx.io.stderr(s))
    return (await ctx.engine.createContainer(opts)).Id
  }
}
