/** Every docker command the emulator runs, by name and by grouped spelling (docker image ls, …). */
import type { Command } from '../command'
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

// plain objects, as docker NAME is looked up in them (a name such as 'constructor' finds what it finds there)
/** docker NAME → its command */
export const COMMANDS: Record<string, Command> = {}
/** docker GROUP SUB → NAME: `docker image ls` → images, `docker container rm` → rm, … (from each command's `also`) */
export const GROUPS: Record<string, Record<string, string>> = {}

for (const c of ALL) {
  COMMANDS[c.name] = c
  for (const spelling of c.also ?? []) {
    const [group, sub] = spelling.split(' ')
    ;(GROUPS[group] ??= {})[sub] = c.name
  }
}
