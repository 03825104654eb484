import { describe, expect, it } from 'vitest'
import { CHANNELS, schemas, type Handlers } from '../src/shared/contract'
import { dispatch } from '../src/main/dispatch'

function recordingHandlers() {
  const calls: string[] = []
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      async (req: unknown) => {
        calls.push(c)
        if (c === 'terminal:run') throw Object.assign(new Error('boom from the service'), { name: 'EngineError' })
        return { echoed: req }
      },
    ]),
  ) as unknown as Handlers
  return { calls, handlers }
}

describe('the contract and its dispatch', () => {
  it('every channel has a runtime schema', () => {
    for (const c of CHANNELS) expect(schemas[c], c).toBeDefined()
    expect(CHANNELS.length).toBeGreaterThan(8)
  })

  it('refuses an unknown channel without calling anything', async () => {
    const { calls, handlers } = recordingHandlers()
    const env = await dispatch(handlers, 'engine:format-disk', {})
    expect(env).toEqual({ error: { name: 'ContractError', message: 'unknown channel: engine:format-disk' } })
    expect(calls).toEqual([])
  })

  it('refuses a bad payload with a message naming the channel and the field', async () => {
    const { calls, handlers } = recordingHandlers()
    const env = await dispatch(handlers, 'engine:select', { mode: 'root' })
    expect('error' in env && env.error.name).toBe('ContractError')
    expect('error' in env && env.error.message).toMatch(/^invalid payload for engine:select: mode: /)
    const extra = await dispatch(handlers, 'lessons:get', { id: 'x', evil: true })
    expect('error' in extra && extra.error.message).toMatch(/lessons:get/)
    const tooLong = await dispatch(handlers, 'terminal:run', { line: 'x'.repeat(100_001) })
    expect('error' in tooLong && tooLong.error.name).toBe('ContractError')
    expect(calls).toEqual([])
  })

  it('passes a valid payload and wraps results and service errors in the envelope', async () => {
    const { calls, handlers } = recordingHandlers()
    expect(await dispatch(handlers, 'lessons:get', { id: 'image-vs-container' })).toEqual({
      result: { echoed: { id: 'image-vs-container' } },
    })
    expect(await dispatch(handlers, 'terminal:run', { line: 'docker ps' })).toEqual({
      error: { name: 'EngineError', message: 'boom from the service' },
    })
    expect(calls).toEqual(['lessons:get', 'terminal:run'])
  })
})
