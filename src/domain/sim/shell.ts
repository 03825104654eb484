/**
 * A small POSIX-ish shell for the simulator: `sh -c` scripts with ; && || and > >>, and the
 * commands echo, touch, mkdir [-p], rm [-rf], cat, ls, cp, mv, sleep, true, false, exit, env,
 * pwd, hostname, cd. Everything it writes goes through ShellFs (the container's writable layer).
 */
import { parse } from 'shell-quote'
import { fastTokens } from '../tokenize'
import { normPath, parentOf, utf8Length, type FileEntry } from './layerfs'

export interface ShellFs {
  stat(path: string): FileEntry | null
  list(dir: string): string[]
  writeFile(path: string, content: string, append: boolean): void
  mkdir(path: string): void
  /** false when the path is a mount point the runtime holds (nothing removed) */
  remove(path: string): boolean
  copy(from: string, to: string): void
}

export interface ShellContext {
  fs: ShellFs
  env: Record<string, string>
  cwd: string
  hostname: string
  /** the host kernel's release (uname -r): every container shares it */
  kernel: string
  /** Program lookup for commands that are not builtins: true when the executable exists. */
  resolve(cmd: string): string | null
}

export interface ShellResult {
  exitCode: number
  stdout: string
  stderr: string
  /** Total seconds the script sleeps (Infinity for `sleep infinity`). */
  sleepSeconds: number
  /** Set when the script ran a long-running server program (keeps the container up). */
  server: boolean
  /**
   * Output in time: at each sleep, the output written from these offsets on is written once `at`
   * seconds have passed since the start (what came before the first mark is written at once).
   */
  marks?: OutputMark[]
}

export interface OutputMark {
  at: number
  stdout: number
  stderr: number
}

type Token = string | { op: string } | { comment: string } | { pattern: string }

class ExitSignal {
  constructor(readonly code: number) {}
}

const BUILTINS = new Set(['echo', 'touch', 'mkdir', 'rm', 'cat', 'ls', 'cp', 'mv', 'sleep', 'true', 'false', 'exit', 'env', 'pwd', 'hostname', 'cd', ':', 'sh', 'bash', 'test', '[', 'uname'])

export function isBuiltin(cmd: string): boolean {
  return BUILTINS.has(cmd)
}

/** BusyBox ls prints each byte outside printable ASCII as '?' (so é is "??", ESC is "?"). */
function lsName(n: string): string {
  return /[^\x20-\x7e]/.test(n) ? n.replace(/[^\x20-\x7e]/gu, (c) => '?'.repeat(utf8Length(c))) : n
}

/** Runs a shell script (the text after `sh -c`). */
export function runScript(script: string, ctx: ShellContext, serverPrograms: Set<string> = new Set()): ShellResult {
  const out: ShellResult = { exitCode: 0, stdout: '', stderr: '', sleepSeconds: 0, server: false }
  let tokens: Token[]
  try {
    tokens = fastTokens(script) ?? (parse(script, (key: string) => (key in ctx.env ? ctx.env[key] : key === 'HOSTNAME' ? ctx.hostname : '')) as Token[])
  } catch {
    out.stderr = `sh: syntax error: unterminated quoted string\n`
    out.exitCode = 2
    return out
  }
  // split into pipelines by ; && ||
  const cmds: { argv: Token[]; join: string }[] = []
  let cur: Token[] = []
  for (const t of tokens) {
    if (typeof t === 'object' && 'comment' in t) break
    if (typeof t === 'object' && 'op' in t && (t.op === ';' || t.op === '&&' || t.op === '||' || t.op === '&' || t.op === '\n')) {
      cmds.push({ argv: cur, join: t.op })
      cur = []
    } else cur.push(t)
  }
  cmds.push({ argv: cur, join: ';' })
  let last = 0
  let prevJoin = ';'
  try {
    for (const c of cmds) {
      if (prevJoin === '&&' && last !== 0) {
        prevJoin = c.join
        continue
      }
      if (prevJoin === '||' && last === 0) {
        prevJoin = c.join
        continue
      }
      prevJoin = c.join
      if (c.argv.length === 0) continue
      last = runSimple(c.argv, ctx, out, serverPrograms)
    }
  } catch (e) {
    if (e instanceof ExitSignal) last = e.code
    else throw e
  }
  out.exitCode = last
  return out
}

/** Runs one argv as a main command or exec (no shell parsing). */
export function runArgv(argv: string[], ctx: ShellContext, serverPrograms: Set<string> = new Set()): ShellResult {
  const out: ShellResult = { exitCode: 0, stdout: '', stderr: '', sleepSeconds: 0, server: false }
  try {
    out.exitCode = runCommand(argv, ctx, out, serverPrograms, null)
  } catch (e) {
    if (e instanceof ExitSignal) out.exitCode = e.code
    else throw e
  }
  return out
}

function runSimple(tokens: Token[], ctx: ShellContext, out: ShellResult, servers: Set<string>): number {
  const argv: string[] = []
  let redirect: { path: string; append: boolean } | null = null
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (typeof t === 'string') argv.push(t)
    else if ('pattern' in t) argv.push(t.pattern)
    else if ('op' in t && (t.op === '>' || t.op === '>>')) {
      const target = tokens[i + 1]
      if (typeof target !== 'string') {
        out.stderr += `sh: syntax error: unexpected end of file\n`
        return 2
      }
      redirect = { path: target, append: t.op === '>>' }
      i++
    } else if ('op' in t && t.op === '|') {
      // pipes: run the left side, discard its output (a small shell)
      continue
    }
  }
  // VAR=value prefixes
  while (argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0])) {
    const a = argv.shift() as string
    const i = a.indexOf('=')
    ctx.env[a.slice(0, i)] = a.slice(i + 1)
  }
  if (!argv.length) return 0
  return runCommand(argv, ctx, out, servers, redirect)
}

function err(out: ShellResult, text: string): void {
  out.stderr += text + '\n'
}

function runCommand(argv: string[], ctx: ShellContext, out: ShellResult, servers: Set<string>, redirect: { path: string; append: boolean } | null): number {
  const fs = ctx.fs
  const abs = (p: string) => normPath(p, ctx.cwd)
  let stdout = ''
  const name = argv[0]
  const base = name.slice(name.lastIndexOf('/') + 1)
  const args = argv.slice(1)
  let code = 0
  if (!isBuiltin(base) || name.includes('/')) {
    const found = ctx.resolve(name)
    if (!found) {
      err(out, `sh: ${name}: not found`)
      return 127
    }
    if (!isBuiltin(base) && /entrypoint/.test(base) && args.length) {
      // entrypoint wrappers end with exec "$@": the arguments become the process
      return runCommand(args, ctx, out, servers, redirect)
    }
    if (!isBuiltin(base)) {
      // servers keep running; entrypoint wrappers (docker-entrypoint.sh nginx …) exec their arguments
      if (servers.has(base) || args.some((a) => servers.has(a.slice(a.lastIndexOf('/') + 1)))) out.server = true
      return 0
    }
  }
  switch (base) {
    case ':':
    case 'true':
      break
    case 'false':
      code = 1
      break
    case 'exit': {
      const n = args.length ? Number.parseInt(args[0], 10) : 0
      throw new ExitSignal(Number.isFinite(n) ? n & 255 : 2)
    }
    case 'echo': {
      let a = args
      let nl = true
      if (a[0] === '-n') {
        nl = false
        a = a.slice(1)
      }
      stdout = a.join(' ') + (nl ? '\n' : '')
      break
    }
    case 'pwd':
      stdout = ctx.cwd + '\n'
      break
    case 'hostname':
      stdout = ctx.hostname + '\n'
      break
    case 'uname': {
      // the kernel is the host's, whatever the image: -s -n -r -m, or -a for all (as BusyBox prints them)
      const fields = { s: 'Linux', n: ctx.hostname, r: ctx.kernel, v: '#1 SMP', m: 'x86_64', o: 'GNU/Linux' }
      const order = Object.keys(fields) as Array<keyof typeof fields>
      const want = new Set<string>()
      for (const a of args) {
        if (!/^-[a-z]+$/.test(a)) {
          err(out, a.startsWith('-') ? `uname: unrecognized option '${a}'` : `uname: extra operand '${a}'`)
          return 1
        }
        for (const f of a.slice(1)) {
          if (f === 'a') order.forEach((x) => want.add(x))
          else if (f in fields) want.add(f)
          else {
            err(out, `uname: invalid option -- '${f}'`)
            return 1
          }
        }
      }
      if (!want.size) want.add('s')
      stdout = order.filter((f) => want.has(f)).map((f) => fields[f]).join(' ') + '\n'
      break
    }
    case 'env':
      stdout = Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`).join('')
      break
    case 'cd': {
      const p = abs(args[0] ?? ctx.env.HOME ?? '/')
      const st = fs.stat(p)
      if (!st || st.type !== 'dir') {
        err(out, `sh: cd: can't cd to ${args[0]}: No such file or directory`)
        code = 2
      } else ctx.cwd = p
      break
    }
    case 'sleep': {
      const a = args[0]
      if (a === undefined) {
        err(out, 'sleep: missing operand')
        code = 1
      } else if (a === 'infinity') {
        out.sleepSeconds = Infinity
        ;(out.marks ??= []).push({ at: Infinity, stdout: out.stdout.length, stderr: out.stderr.length })
      } else {
        const n = Number.parseFloat(a)
        if (!Number.isFinite(n) || n < 0) {
          err(out, `sleep: invalid number '${a}'`)
          code = 1
        } else {
          out.sleepSeconds += n
          if (n > 0) (out.marks ??= []).push({ at: out.sleepSeconds, stdout: out.stdout.length, stderr: out.stderr.length })
        }
      }
      break
    }
    case 'touch':
      for (const f of args.filter((x) => !x.startsWith('-'))) {
        const p = abs(f)
        if (fs.stat(p)) continue
        const dir = fs.stat(parentOf(p))
        if (!dir || dir.type !== 'dir') {
          err(out, `touch: ${f}: No such file or directory`)
          code = 1
        } else fs.writeFile(p, '', false)
      }
      break
    case 'mkdir': {
      const parents = args.includes('-p')
      for (const f of args.filter((x) => !x.startsWith('-'))) {
        const p = abs(f)
        if (fs.stat(p)) {
          if (!parents) {
            err(out, `mkdir: can't create directory '${f}': File exists`)
            code = 1
          }
          continue
        }
        if (!parents && !fs.stat(parentOf(p))) {
          err(out, `mkdir: can't create directory '${f}': No such file or directory`)
          code = 1
          continue
        }
        const chain: string[] = []
        for (let d = p; d !== '/' && !fs.stat(d); d = parentOf(d)) chain.unshift(d)
        for (const d of chain) fs.mkdir(d)
      }
      break
    }
    case 'rm': {
      const flags = args.filter((x) => x.startsWith('-')).join('')
      const rec = /[rR]/.test(flags)
      const force = flags.includes('f')
      for (const f of args.filter((x) => !x.startsWith('-'))) {
        const p = abs(f)
        const st = fs.stat(p)
        if (!st) {
          if (!force) {
            err(out, `rm: can't remove '${f}': No such file or directory`)
            code = 1
          }
          continue
        }
        if (st.type === 'dir' && !rec) {
          err(out, `rm: '${f}' is a directory`)
          code = 1
          continue
        }
        if (p === '/') continue
        if (!fs.remove(p)) {
          err(out, `rm: can't remove '${f}': Device or resource busy`)
          code = 1
        }
      }
      break
    }
    case 'cat':
      for (const f of args) {
        const st = fs.stat(abs(f))
        if (!st) {
          err(out, `cat: can't open '${f}': No such file or directory`)
          code = 1
        } else if (st.type === 'dir') {
          err(out, `cat: read error: Is a directory`)
          code = 1
        } else stdout += st.content ?? ''
      }
      break
    case 'ls': {
      const all = args.some((a) => a.startsWith('-') && a.includes('a'))
      const targets = args.filter((a) => !a.startsWith('-'))
      if (!targets.length) targets.push('.')
      for (const f of targets) {
        const p = abs(f)
        const st = fs.stat(p)
        if (!st) {
          err(out, `ls: ${f}: No such file or directory`)
          code = 1
          continue
        }
        if (st.type !== 'dir') {
          stdout += lsName(f) + '\n'
          continue
        }
        if (targets.length > 1) stdout += `${f}:\n`
        const names = fs.list(p).filter((n) => all || !n.startsWith('.'))
        // byte order (LANG=C), '.' and '..' included: a name starting with ESC sorts before them
        if (all) names.push('.', '..')
        names.sort()
        stdout += names.map((n) => lsName(n) + '\n').join('')
      }
      break
    }
    case 'cp':
    case 'mv': {
      const files = args.filter((a) => !a.startsWith('-'))
      if (files.length < 2) {
        err(out, `${base}: missing destination file operand`)
        code = 1
        break
      }
      const dest = abs(files[files.length - 1])
      const destSt = fs.stat(dest)
      for (const f of files.slice(0, -1)) {
        const src = abs(f)
        const st = fs.stat(src)
        if (!st) {
          err(out, `${base}: can't stat '${f}': No such file or directory`)
          code = 1
          continue
        }
        if (st.type === 'dir' && base === 'cp' && !args.some((a) => /^-[a-zA-Z]*[rRa]/.test(a))) {
          err(out, `cp: omitting directory '${f}'`)
          code = 1
          continue
        }
        const to = destSt && destSt.type === 'dir' ? normPath(src.slice(src.lastIndexOf('/') + 1), dest) : dest
        if (!fs.stat(parentOf(to))) {
          err(out, `${base}: can't create '${files[files.length - 1]}': No such file or directory`)
          code = 1
          continue
        }
        fs.copy(src, to)
        if (base === 'mv') fs.remove(src)
      }
      break
    }
    case 'sh':
    case 'bash': {
      const ci = args.indexOf('-c')
      if (ci >= 0 && args[ci + 1] !== undefined) {
        const sub = runScript(args[ci + 1], { ...ctx, env: { ...ctx.env } }, servers)
        for (const m of sub.marks ?? []) {
          // a redirected sub-shell's stdout goes to a file: only its stderr is output
          const o = redirect ? out.stdout.length : out.stdout.length + m.stdout
          ;(out.marks ??= []).push({ at: out.sleepSeconds + m.at, stdout: o, stderr: out.stderr.length + m.stderr })
        }
        stdout = sub.stdout
        out.stderr += sub.stderr
        out.sleepSeconds += sub.sleepSeconds
        out.server ||= sub.server
        code = sub.exitCode
      }
      break
    }
    case 'test':
    case '[': {
      const a = base === '[' ? args.slice(0, -1) : args
      if ((a[0] === '-e' || a[0] === '-f' || a[0] === '-d') && a[1] !== undefined) {
        const st = fs.stat(abs(a[1]))
        code = st && (a[0] === '-e' || (a[0] === '-f' ? st.type === 'file' : st.type === 'dir')) ? 0 : 1
      } else if (a[1] === '=' || a[1] === '!=') code = (a[0] === a[2]) === (a[1] === '=') ? 0 : 1
      else code = a.length && a[0] !== '' ? 0 : 1
      break
    }
  }
  if (redirect) {
    const p = abs(redirect.path)
    const dir = fs.stat(parentOf(p))
    const st = fs.stat(p)
    if (!dir || dir.type !== 'dir') {
      err(out, `sh: can't create ${redirect.path}: nonexistent directory`)
      return 1
    }
    if (st && st.type === 'dir') {
      err(out, `sh: can't create ${redirect.path}: Is a directory`)
      return 1
    }
    fs.writeFile(p, stdout, redirect.append)
  } else out.stdout += stdout
  return code
}
