/**
 * Live mode asks before changing what Layerlab did not create: confirm:request goes to the
 * renderer, confirm:answer comes back; no answer within CONFIRM_TIMEOUT_MS is a refusal.
 */
import { randomUUID } from 'node:crypto'
import type { ConfirmRequest, Emit } from '../../shared/contract'
import type { GuardOptions } from '../live/guard'

const CONFIRM_TIMEOUT_MS = 120_000

/** What the live guard asks about. */
export type ConfirmQuestion = Parameters<GuardOptions['confirm']>[0]

export interface Confirmations {
  /** The guard's question; resolves with the learner's answer (false on timeout or dispose). */
  ask(what: ConfirmQuestion): Promise<boolean>
  /** confirm:answer: false when no such question is waiting. */
  answer(id: string, allow: boolean): boolean
  /** Every question still waiting is refused (dispose). */
  refuseAll(): void
}

export function createConfirmations(emit: Emit): Confirmations {
  const pending = new Map<string, (allow: boolean) => void>()
  return {
    ask: (what) =>
      new Promise((resolve) => {
        const id = randomUUID()
        const timer = setTimeout(() => {
          pending.delete(id)
          resolve(false)
        }, CONFIRM_TIMEOUT_MS)
        pending.set(id, (allow) => {
          clearTimeout(timer)
          pending.delete(id)
          resolve(allow)
        })
        const req: ConfirmRequest = { id, action: what.action, kind: what.kind, target: what.name || what.id }
        emit('confirm:request', req)
      }),
    answer(id, allow) {
      const resolve = pending.get(id)
      if (!resolve) return false
      resolve(allow)
      return true
    },
    refuseAll() {
      for (const resolve of pending.values()) resolve(false)
    },
  }
}
