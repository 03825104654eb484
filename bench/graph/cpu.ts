/**
 * CPU time of the page's renderer main thread (where Cytoscape runs), from /proc: on a busy machine wall
 * time grows with the load while this does not, so the benchmark prints both. Linux only; null elsewhere.
 */
import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'

const TICK_MS = 10 // USER_HZ = 100 on Linux

function threadTicks(pid: number): number | null {
  try {
    // fields after the ")" of the command name: state is field 3, utime 14, stime 15
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(f[11]) + Number(f[12])
  } catch {
    return null
  }
}

/** Returns a function that reads the summed main-thread CPU milliseconds of the browser's renderers. */
export async function rendererCpu(browser: Browser): Promise<() => Promise<number | null>> {
  const s = await browser.newBrowserCDPSession()
  return async () => {
    const { processInfo } = (await s.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] }
    let sum = 0
    let any = false
    for (const p of processInfo) {
      if (p.type !== 'renderer') continue
      const t = threadTicks(p.id)
      if (t != null) {
        sum += t
        any = true
      }
    }
    return any ? sum * TICK_MS : null
  }
}
