/** The texts around a command's usage line: docker --help, docker NAME --help, and a usage error. */

export function mainHelp(): string {
  return [
    '',
    'Usage:  docker [OPTIONS] COMMAND',
    '',
    "Layerlab's docker runs these commands:",
    '  images, pull, push, tag, rmi, history, inspect',
    '  run, create, start, stop, restart, kill, pause, unpause, rm, rename, logs, wait, exec, diff, commit, ps',
    '  image …, container … (the same, grouped), version, info',
    '',
  ].join('\n')
}

/** docker NAME --help: the command's usage line (its record's `usage`). */
export function commandHelp(name: string, usage: string): string {
  return `\nUsage:  ${usage}\n\nRun 'docker ${name} --help' in a real docker for every option.\n`
}

/** A flag or argument count the command refuses: what is wrong, its usage, where to read more. */
export function usageError(name: string, usage: string, problem: string, verb: 'Run' | 'See' = 'Run'): string {
  return `${problem}\n\nUsage:  ${usage}\n\n${verb} 'docker ${name} --help' for more information\n`
}
