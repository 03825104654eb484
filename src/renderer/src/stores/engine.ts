import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/client'
import type { ConfirmRequest, EngineProbe, EngineStatus } from '../../../shared/contract'
import { message, whileFlagged } from './errors'

/** Engine status (badge), connection state, engine switching and live-mode confirmations. */
export const useEngineStore = defineStore('engine', () => {
  const status = ref<EngineStatus | null>(null)
  /** the transport (WebSocket) is up */
  const connected = ref(true)
  const error = ref('')
  const confirms = ref<ConfirmRequest[]>([])
  let started = false
  async function init() {
    if (started) return
    started = true
    const a = api()
    a.on('engine:status', (s) => (status.value = s))
    a.on('confirm:request', (r) => confirms.value.push(r))
    let lost = false
    a.onConnection?.((up) => {
      connected.value = up
      if (!up) lost = true
      // back after a loss: main may have changed engines meanwhile (the first open needs no extra call)
      else if (lost) void a.invoke('engine:status', undefined).then((s) => (status.value = s), () => {})
    })
    try {
      status.value = await a.invoke('engine:status', undefined)
    } catch (e) {
      error.value = message(e)
    }
  }
  async function select(mode: 'auto' | 'simulator' | 'live') {
    try {
      // no endpoint: nothing to refuse
      status.value = (await api().invoke('engine:select', { mode })).status
      error.value = ''
    } catch (e) {
      error.value = message(e)
    }
  }
  async function answer(id: string, allow: boolean) {
    confirms.value = confirms.value.filter((c) => c.id !== id)
    try {
      await api().invoke('confirm:answer', { id, allow })
    } catch (e) {
      error.value = message(e)
    }
  }
  /** The settings screen's report: every endpoint probed (or the one typed). Never switches engines. */
  const probe = ref<EngineProbe | null>(null)
  const probing = ref(false)
  /** `others`: with DOCKER_HOST set, probe the endpoints it kept from being tried, too. */
  let probeSeq = 0
  async function runProbe(endpoint?: string, opts: { others?: boolean } = {}): Promise<EngineProbe | null> {
    const req = endpoint !== undefined ? { endpoint } : opts.others ? { others: true } : undefined
    // the latest probe asked for is the one shown: a slower earlier one (Podman takes seconds over
    // /version) must not land over the report of an endpoint the learner has just typed
    const mine = ++probeSeq
    const r = await whileFlagged(probing, error, async () => {
      const answer = await api().invoke('engine:probe', req)
      if (mine === probeSeq) probe.value = answer
      return answer
    })
    return r ?? null
  }
  /**
   * Connect to a typed endpoint: probe it first and switch only when it answers usably, so a typo
   * or a dead socket leaves the engine in use as it was. Returns the probe (its one attempt says why);
   * when main refuses the endpoint itself (malformed), its refusal, as the probe's attempt would say it.
   */
  async function connectTo(endpoint: string): Promise<EngineProbe | null> {
    const r = await runProbe(endpoint.trim())
    if (!r?.ok) return r
    try {
      const chosen = await api().invoke('engine:select', { mode: 'live', endpoint: endpoint.trim() })
      status.value = chosen.status
      error.value = ''
      if (!chosen.ok) return (probe.value = { ok: false, tried: [chosen.refused] })
    } catch (e) {
      error.value = message(e)
    }
    return r
  }
  return { status, connected, error, confirms, init, select, answer, probe, probing, runProbe, connectTo }
})
