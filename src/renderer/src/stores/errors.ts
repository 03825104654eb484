import type { Ref } from 'vue'

/** An error as the stores keep it: its message. */
export const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Runs fn with `flag` true meanwhile (probing, busy); a failure is kept in `error` (its message)
 * and gives undefined. One shape for the engine store's probe and the lesson store's calls.
 */
export async function whileFlagged<T>(flag: Ref<boolean>, error: Ref<string>, fn: () => Promise<T>): Promise<T | undefined> {
  flag.value = true
  try {
    return await fn()
  } catch (e) {
    error.value = message(e)
    return undefined
  } finally {
    flag.value = false
  }
}
