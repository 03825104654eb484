import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as v from 'valibot'
import { dispatch } from '../../src/main/dispatch'
import { CHANNELS, schemas, type Handlers } from '../../src/shared/contract'

describe('dispatch fuzz', () => {
  it('refuses every invalid payload with a ContractError and never calls the handler with one', async () => {
    let calls = 0
    let lastValid = true
    const handlers = Object.fromEntries(
      CHANNELS.map((c) => [c, async (req: unknown) => {
        calls++
        lastValid = v.safeParse(schemas[c] as v.GenericSchema, req).success
        return 'ok'
      }]),
    ) as unknown as Handlers
    let refused = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNELS), fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }), async (ch, payload) => {
        const before = calls
        const valid = v.safeParse(schemas[ch] as v.GenericSchema, payload).success
        const env = await dispatch(handlers, ch, payload)
        if (valid) {
          expect(env).toEqual({ result: 'ok' })
          expect(lastValid).toBe(true)
        } else {
          refused++
          expect(calls).toBe(before)
          expect('error' in env && env.error.name).toBe('ContractError')
          expect('error' in env && env.error.message).toContain(`invalid payload for ${ch}`)
        }
      }),
      { numRuns: 5000 },
    )
    expect(refused).toBeGreaterThan(1000)
    console.log(`dispatch fuzz: 5000 payloads, ${refused} refused, ${calls} handled`)
  })
  it('refuses unknown channels without calling anything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything().filter((c) => !(CHANNELS as unknown[]).includes(c)), async (ch) => {
        const env = await dispatch({} as Handlers, ch, {})
        expect('error' in env && env.error.message).toMatch(/unknown channel/)
      }),
      { numRuns: 1000 },
    )
  })
})
