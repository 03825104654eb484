/**
 * Dockerfile text: splitting it into instructions, the exec/shell form of an argument, KEY=value
 * pairs, and --change instructions applied to an image config (docker import and docker commit).
 */
import { err } from '../core'
import { clone, type ImageConfigState } from '../state'

export interface DockerfileStep {
  cmd: string
  args: string
  raw: string
}

/** The instructions of a Dockerfile: continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): DockerfileStep[] {
  const steps: DockerfileStep[] = []
  let cont = ''
  for (const rawLine of text.split('\n')) {
    const line = (cont + rawLine).trimEnd()
    if (line.endsWith('\\')) {
      cont = line.slice(0, -1) + ' '
      continue
    }
    cont = ''
    const t = line.trim()
    if (!t || t.startsWith('#')) continue
    const m = /^(\S+)\s*(.*)$/.exec(t)!
    steps.push({ cmd: m[1].toUpperCase(), args: m[2], raw: t })
  }
  return steps
}

/** An instruction's argument as argv: its JSON (exec) form, else the shell form. */
export function safeJsonArray(s: string): string[] {
  try {
    const v = JSON.parse(s)
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v
  } catch {
    /* shell form below */
  }
  return ['/bin/sh', '-c', s]
}

/** ENV and LABEL arguments: 'KEY value' or KEY=value pairs (quoted values unquoted). */
export function parseKv(s: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  if (!s.includes('=')) {
    const i = s.search(/\s/)
    if (i > 0) out.push([s.slice(0, i), s.slice(i + 1).trim()])
    return out
  }
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(s))) {
    let v = m[2]
    if (v.startsWith('"')) v = JSON.parse(v)
    else if (v.startsWith("'")) v = v.slice(1, -1)
    out.push([m[1].replace(/^"|"$/g, ''), v])
  }
  return out
}

/** --change instructions (CMD, ENTRYPOINT, ENV, LABEL, WORKDIR…) applied to a copy of config. */
export function applyChanges(config: ImageConfigState, changes: string[]): ImageConfigState {
  const c = clone(config)
  for (const ch of changes) {
    const m = /^\s*(\S+)\s+(.*)$/.exec(ch)
    if (!m) throw err(400, `dockerfile parse error line 1: unknown instruction: ${ch}`)
    const cmd = m[1].toUpperCase()
    if (cmd === 'CMD') c.Cmd = safeJsonArray(m[2])
    else if (cmd === 'ENTRYPOINT') c.Entrypoint = safeJsonArray(m[2])
    else if (cmd === 'ENV') for (const [k, v] of parseKv(m[2])) c.Env = [...c.Env.filter((e) => !e.startsWith(k + '=')), `${k}=${v}`]
    else if (cmd === 'LABEL') for (const [k, v] of parseKv(m[2])) c.Labels[k] = v
    else if (cmd === 'WORKDIR') c.WorkingDir = m[2].trim()
    else if (!['EXPOSE', 'USER', 'VOLUME', 'ONBUILD', 'STOPSIGNAL'].includes(cmd)) throw err(400, `${cmd} is not a valid change command`)
  }
  return c
}
