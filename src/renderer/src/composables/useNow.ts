import { getCurrentScope, onScopeDispose, ref, watch, type Ref, type WatchSource } from 'vue'

/**
 * `Date.now()` as a ref that moves on every `intervalMs` while `active` is true, and not at all
 * otherwise: the timer runs only while something shown needs it (the inspect panel's "Up 3 seconds")
 * and is cleared when `active` turns false or the owning component/scope goes away. Nothing but a
 * clock reading happens on a tick: no engine or IPC call.
 */
export function useNow(active: WatchSource<boolean>, intervalMs = 1000): Ref<number> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | null = null
  const stop = () => {
    if (timer !== null) clearInterval(timer)
    timer = null
  }
  watch(
    active,
    (on) => {
      stop()
      now.value = Date.now()
      if (on) timer = setInterval(() => (now.value = Date.now()), intervalMs)
    },
    { immediate: true },
  )
  if (getCurrentScope()) onScopeDispose(stop)
  return now
}
