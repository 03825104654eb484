/**
 * A concurrency bound: `limiter(n)` gives a function that runs the tasks handed to it at most `n` at
 * a time, the rest waiting in the order they came (a slot is handed straight to the next one when a
 * task ends, whether it resolved or threw). Each task's own result or error comes back unchanged.
 */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>

export function limiter(n: number): Limit {
  if (!(n >= 1)) throw new RangeError(`a concurrency limit must be at least 1, not ${n}`)
  let active = 0
  const waiting: Array<() => void> = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < n) active++
    else await new Promise<void>((go) => waiting.push(go)) // the slot comes with the wake-up
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}
