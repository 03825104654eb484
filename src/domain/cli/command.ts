/** What a docker command is given (the engine, the terminal, the host's files) and what it is: one record. */
import type { AbortSignalLike, DockerEngine } from '../engine'
import type { CommandSpec, Parsed } from './flags'

export interface CliIo {
  stdout(chunk: string): void
  stderr(chunk: string): void
}

export interface HostFs {
  cwd: string
  readFile(path: string): Promise<Uint8Array>
  tarDirectory(path: string): Promise<Uint8Array>
}

export interface CliContext {
  engine: DockerEngine
  io: CliIo
  host?: HostFs
  now?: () => number
  signal?: AbortSignalLike
  /** added to every container and image Layerlab creates (live mode: io.layerlab.managed=true) */
  labels?: Record<string, string>
}

/**
 * One docker subcommand, all of it: its usage line 'docker NAME …' (its name, and what `--help` prints),
 * its flags and argument count, the grouped spellings that reach it, and what it does.
 */
export interface Command extends Omit<CommandSpec, 'flags'> {
  /** none when left out */
  flags?: CommandSpec['flags']
  /** the grouped spellings that run it too: 'image ls', 'container rm', … */
  also?: string[]
  /** the arguments a grouped spelling (docker GROUP SUB …) passes on, where it adds some */
  fromGroup?: (group: string, args: string[]) => string[]
  /** prints an error the command threw and gives the exit status (default: 'Error: …', exit 1) */
  fail?: (message: string, io: CliIo) => number
  run(p: Parsed, ctx: CliContext): Promise<number>
}

/** NAME in a usage line 'docker NAME …' */
export const commandName = (usage: string): string => usage.split(' ')[1]
