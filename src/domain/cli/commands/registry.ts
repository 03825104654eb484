/** Images to and from a registry: docker pull, push (image pull, push). */
import { fullName, parseReference, withDefaultTag, type Reference } from '../../reference'
import type { CliContext, Command } from '../command'
import { b, s } from '../flags'
import { jsonMessagePrinter, pullWithOutput, tryParseReference } from './common'

const untagged = (r: Reference) => !r.tag && !r.digest

/**
 * The NAME[:TAG] argument of pull and push as a reference, or null once why it is not one is printed;
 * a name without tag or digest is told it means :latest, unless `silent`.
 */
function referenceArg(ref: string, ctx: CliContext, silent: boolean): Reference | null {
  const parsed = tryParseReference(ref)
  if (!parsed.ok) {
    ctx.io.stderr(`${parsed.message}\n`)
    return null
  }
  if (!silent && untagged(parsed.ref)) ctx.io.stdout('Using default tag: latest\n')
  return parsed.ref
}

function canonicalRef(ref: string): string {
  const r = withDefaultTag(parseReference(ref))
  return `${fullName(r)}${r.digest ? '@' + r.digest : ':' + r.tag}`
}

export const pull: Command = {
  usage: 'docker pull [OPTIONS] NAME[:TAG|@DIGEST]',
  flags: [b('all-tags', 'a'), b('quiet', 'q'), s('platform')],
  args: { exact: 1 },
  also: ['image pull'],
  async run(p, ctx) {
    const ref = p.args[0]
    const quiet = p.bools.has('quiet')
    if (!referenceArg(ref, ctx, quiet)) return 1
    await pullWithOutput(ref, ctx, quiet ? () => {} : (s) => ctx.io.stdout(s))
    ctx.io.stdout(`${canonicalRef(ref)}\n`)
    return 0
  },
}

export const push: Command = {
  usage: 'docker push [OPTIONS] NAME[:TAG]',
  flags: [b('all-tags', 'a'), b('quiet', 'q')],
  args: { exact: 1 },
  also: ['image push'],
  async run(p, ctx) {
    const ref = p.args[0]
    const all = p.bools.has('all-tags')
    const parsed = referenceArg(ref, ctx, all)
    if (!parsed) return 1
    const print = jsonMessagePrinter((s) => ctx.io.stdout(s))
    let streamError: string | null = null
    try {
      await ctx.engine.pushImage(all || !untagged(parsed) ? ref : `${ref}:latest`, (m) => {
        if (m.error || m.errorDetail) streamError ??= m.errorDetail?.message ?? m.error ?? ''
        print(m)
      }, { signal: ctx.signal })
    } catch (e) {
      // an error inside the push stream is printed bare, as the docker CLI prints a jsonmessage error
      if (streamError === null) throw e
      ctx.io.stderr(`${streamError}\n`)
      return 1
    }
    return 0
  },
}
