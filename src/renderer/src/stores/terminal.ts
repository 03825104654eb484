import { defineStore } from 'pinia'
import { markRaw, ref } from 'vue'
import { api } from '../api/client'
import type { UndoResult } from '../../../shared/contract'
import { message } from './errors'
import { usePullStore } from './pull'

export interface TerminalRun {
  runId: string
  line: string
}

/** How long after a command ends a graph change is still put down to it (a live snapshot can lag). */
export const COMMAND_ECHO_MS = 5000

/** Runs terminal lines; remembers the last command (for the graph's explanation line). */
export const useTerminalStore = defineStore('terminal', () => {
  const lastCommand = ref('')
  const running = ref<TerminalRun | null>(null)
  /**
   * The lines typed at the prompt, oldest first (Up/Down and Ctrl-R go through them); kept here so
   * the terminal keeps its history when it is shown again. Not reactive: the line editor reads it.
   */
  const history = markRaw<string[]>([])
  /** A line was entered at the prompt: it joins the history (not a blank one, nor the same line twice in a row, as bash's ignoredups). */
  function remember(line: string) {
    if (line.trim() && history[history.length - 1] !== line) history.push(line)
  }
  /** when lastCommand finished (0 while it runs) */
  let endedAt = 0
  let n = 0
  /** a lesson reset is running, or was the last thing done (not a typed command) */
  const resetting = ref(false)
  let lastWasReset = false
  /** A lesson's reset begins: graph changes from now on are the reset's, not the last command's. */
  function beginReset() {
    resetting.value = true
    lastWasReset = true
  }
  function endReset() {
    resetting.value = false
    endedAt = Date.now()
  }
  /** Whether a graph change right now is a lesson reset's (running, or ended moments ago with no command since). */
  function resetFor(now = Date.now()): boolean {
    return resetting.value || (lastWasReset && !running.value && now - endedAt <= COMMAND_ECHO_MS)
  }
  /**
   * The command a graph change right now belongs to: the running one, or the last one if it ended
   * moments ago; '' otherwise — a container exiting on its own, or, live, a change made outside
   * Layerlab, is not put down to whatever was typed minutes before.
   */
  function commandFor(now = Date.now()): string {
    return running.value || now - endedAt <= COMMAND_ECHO_MS ? lastCommand.value : ''
  }
  /**
   * Runs one line. `write(data, stderr)` receives streamed chunks and, when nothing streamed,
   * the final stdout/stderr, so output is never printed twice.
   */
  async function run(line: string, write: (data: string, stderr: boolean) => void): Promise<number> {
    const runId = `run-${Date.now().toString(36)}-${++n}`
    lastWasReset = false
    lastCommand.value = line.trim()
    running.value = { runId, line }
    let streamed = false
    const off = api().on('terminal:output', (o) => {
      if (o.runId !== runId) return
      streamed = true
      write(o.data, o.stream === 'stderr')
    })
    try {
      const r = await api().invoke('terminal:run', { line, runId })
      if (!streamed) {
        if (r.stdout) write(r.stdout, false)
        if (r.stderr) write(r.stderr, true)
      }
      return r.exitCode
    } catch (e) {
      write(`${message(e)}\n`, true)
      return 1
    } finally {
      off()
      running.value = null
      endedAt = Date.now()
    }
  }
  /** The terminal component registers its printer so other panels (Show me) can print into it. */
  let printer: ((data: string, stderr: boolean) => void) | null = null
  function attach(p: ((data: string, stderr: boolean) => void) | null) {
    printer = p
  }
  /**
   * A lesson's "Show me" starts: until it ends (show, or endShow when it failed) the graph changes it
   * makes are put down to its command, as a typed command's are, not to the command before it.
   */
  function beginShow(title: string) {
    lastWasReset = false
    lastCommand.value = title
    running.value = { runId: `show-${Date.now().toString(36)}-${++n}`, line: title }
  }
  function endShow() {
    if (!running.value?.runId.startsWith('show-')) return
    running.value = null
    endedAt = Date.now()
  }
  /** Prints output that did not come from a line typed here (e.g. a lesson's "Show me"). */
  function show(title: string, r: { stdout: string; stderr: string }) {
    endShow()
    lastWasReset = false
    lastCommand.value = title
    endedAt = Date.now()
    printer?.(`\n# ${title}\n`, false)
    if (r.stdout) printer?.(r.stdout, false)
    if (r.stderr) printer?.(r.stderr, true)
    printer?.('\u0000prompt', false)
  }
  /** Undo the last command that changed the simulator's sandbox; prints what happened. */
  async function undo(text: (r: UndoResult) => string = (r) => r.message): Promise<UndoResult> {
    let r: UndoResult
    try {
      r = await api().invoke('engine:undo', undefined)
    } catch (e) {
      r = { ok: false, undone: null, remaining: 0, reason: null, message: message(e) }
    }
    if (r.ok) lastCommand.value = ''
    printer?.(`# ${r.reason === null && !r.ok ? r.message : text(r)}\n`, !r.ok)
    printer?.('\u0000prompt', false)
    return r
  }
  /**
   * Ctrl-C while a command runs, and the pull panel's Cancel for that command's pull: one path.
   * The terminal echoes `^C` (as a tty does) and the command's pulls (the only long requests a
   * terminal command makes) are cancelled; the CLI then ends the command as docker does on Ctrl-C:
   * exit 130, no message, and the prompt comes back. Returns how many pulls were cancelled.
   */
  async function interrupt(): Promise<number> {
    const run = running.value
    if (!run) return 0
    printer?.('^C', false)
    const pulls = usePullStore()
    const mine = pulls.pulls.filter((p) => p.runId === run.runId && p.state === 'running')
    // the command itself (a foreground run waiting for its process, any daemon call) and its pulls
    await Promise.all([api().invoke('terminal:interrupt', { runId: run.runId }).catch(() => ({ ok: false })), ...mine.map((p) => pulls.cancel(p.pullId))])
    return mine.length
  }
  /**
   * The pull panel's Cancel: a pull of the command running in the terminal is interrupted exactly
   * as Ctrl-C would (`interrupt`); any other pull (a lesson's "Show me") is cancelled on its own.
   */
  async function cancelPull(pullId: string): Promise<void> {
    const p = usePullStore().pulls.find((x) => x.pullId === pullId)
    if (p && running.value && p.runId === running.value.runId) await interrupt()
    else await usePullStore().cancel(pullId)
  }
  return { lastCommand, running, history, remember, resetting, commandFor, resetFor, beginReset, endReset, run, attach, beginShow, endShow, show, undo, interrupt, cancelPull }
})
