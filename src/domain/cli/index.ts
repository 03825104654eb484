/**
 * The docker CLI emulator: parses a `docker …` line, calls the DockerEngine (simulator or live)
 * and prints what the docker CLI prints, with its exit codes. Pure TypeScript.
 *
 * This file is the entry point and the dispatch; each command is one record in commands/ (its
 * usage, flags and behaviour), the flag parser is flags.ts, the line splitting line.ts.
 */
import { isCancelledError, isCannotConnect, isEngineError } from '../errors'
import type { CliContext, CliIo, Command } from './command'
import { COMMANDS, GROUPS } from './commands'
import { argCountProblem, HelpRequest, parseFlags, type Parsed } from './flags'
import { commandHelp, mainHelp, usageError } from './help'
import { splitLine } from './line'

export type { CliContext, CliIo, HostFs } from './command'
export { CliParseError, parseDockerLine, shellQuoteSplit, splitLine, type ParsedCommand } from './line'
export { fastSplit } from '../tokenize'

/** Exit status of a command the learner cancelled: 128 + SIGINT, with no message (see CancelledError). */
export const CANCELLED_EXIT = 130

export async function runDockerCommand(line: string, ctx: CliContext): Promise<number> {
  const { io } = ctx
  let words: string[]
  try {
    words = splitLine(line)
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`)
    return 2
  }
  if (words.length === 0) return 0
  if (words[0] !== 'docker') {
    io.stderr(`bash: ${words[0]}: command not found (this terminal runs docker commands)\n`)
    return 127
  }
  let rest = words.slice(1)
  if (rest.length === 0 || rest[0] === '--help' || rest[0] === 'help' || rest[0] === '-h') {
    io.stdout(mainHelp())
    return 0
  }
  if (rest[0] === '--version' || rest[0] === '-v') {
    const v = await ctx.engine.version().catch(() => null)
    io.stdout(`Docker version ${v?.Version ?? 'unknown'} (Layerlab ${ctx.engine.kind})\n`)
    return 0
  }
  let name = rest[0]
  rest = rest.slice(1)
  let group: string | undefined
  if (GROUPS[name]) {
    const sub = rest[0]
    const target = sub ? GROUPS[name][sub] : undefined
    if (!target) {
      io.stderr(`docker: unknown command: docker ${name}${sub ? ' ' + sub : ''}\n\nRun 'docker ${name} --help' for more information\n`)
      return 1
    }
    group = name
    name = target
    rest = rest.slice(1)
  }
  const cmd = COMMANDS[name]
  if (!cmd) {
    io.stderr(`docker: unknown command: docker ${name}\n\nRun 'docker --help' for more information\n`)
    return 1
  }
  if (group !== undefined && cmd.fromGroup) rest = cmd.fromGroup(group, rest)
  let parsed: Parsed
  try {
    parsed = parseFlags(cmd, rest)
  } catch (e) {
    if (e instanceof HelpRequest) {
      io.stdout(commandHelp(name, cmd.usage))
      return 0
    }
    io.stderr(usageError(name, cmd.usage, (e as Error).message))
    return 125
  }
  const problem = argCountProblem(cmd.args, parsed.args.length)
  if (problem) {
    const verb = cmd.args.exact !== undefined || cmd.args.max === 0 ? 'Run' : 'See'
    io.stderr(usageError(name, cmd.usage, `docker: 'docker ${name}' ${problem}`, verb))
    return 1
  }
  try {
    return await cmd.run(parsed, ctx)
  } catch (e) {
    return reportError(cmd, e, io)
  }
}

function reportError(cmd: Command, e: unknown, io: CliIo): number {
  if (isCancelledError(e)) return CANCELLED_EXIT
  const message = isEngineError(e) ? `Error response from daemon: ${e.message}` : (e as Error)?.message ?? String(e)
  if (cmd.fail) return cmd.fail(message, io)
  io.stderr(`${isEngineError(e) || isCannotConnect(e) || message.startsWith('Error') ? '' : 'Error: '}${message}\n`)
  return 1
}
