/** Every docker command the emulator runs, by name and by grouped spelling (docker image ls, …). */
import { commandName, type Command } from '../command'
import type { CommandSpec } from '../flags'
import { build, importImage } from './build'
import { commit, diff, exec, kill, logs, pause, ps, rename, restart, rm, start, stop, unpause, wait } from './containers'
import { history, images, rmi, tag } from './images'
import { pull, push } from './registry'
import { create, run } from './run'
import { info, inspect, version } from './system'

const ALL: Command[] = [
  images, pull, push, tag, rmi, history,
  run, create, ps, start, stop, restart, kill, pause, unpause, rm, rename, logs, wait, exec, diff, commit,
  inspect, importImage, build, version, info,
]

// plain objects, as the tables before them: a NAME that Object.prototype holds ('constructor') is looked up as ever
/** docker NAME → its command */
export const COMMANDS: Record<string, Command & CommandSpec> = {}
/** docker GROUP SUB → NAME: `docker image ls` → images, `docker container rm` → rm, … (from each command's `also`) */
export const GROUPS: Record<string, Record<string, string>> = {}

for (const c of ALL) {
  const name = commandName(c.usage)
  COMMANDS[name] = { flags: [], ...c }
  for (const spelling of c.also ?? []) {
    const [group, sub] = spelling.split(' ')
    ;(GROUPS[group] ??= {})[sub] = name
  }
}
