import { describe, expect, it, vi } from 'vitest'

const handlers = new Map<string, (event: unknown, payload: unknown) => unknown>()
vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (event: unknown, payload: unknown) => unknown) => handlers.set(ch, fn),
    removeHandler: (ch: string) => handlers.delete(ch),
  },
}))

const { registerIpc } = await import('../../src/main/ipc')
const { CHANNELS, schemas } = await import('../../src/shared/contract')
const { isTrustedAppUrl } = await import('../../src/main/security')

describe('registerIpc', () => {
  it('registers every channel, each with a schema, and refuses untrusted frames', async () => {
    const called: string[] = []
    const stub = Object.fromEntries(CHANNELS.map((c) => [c, async () => { called.push(c); return null }])) as never
    const off = registerIpc(stub, (u) => isTrustedAppUrl(u))
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort())
    for (const ch of CHANNELS) {
      expect(schemas[ch], ch).toBeDefined()
      for (const url of ['https://evil.example/', 'file:///tmp/renderer/index.html', 'app://evil/index.html', '']) {
        const r = (await handlers.get(ch)!({ senderFrame: { url } }, undefined)) as { error?: { name: string } }
        expect(r.error?.name, `${ch} from ${url}`).toBe('SecurityError')
      }
      const r2 = (await handlers.get(ch)!({ senderFrame: null }, undefined)) as { error?: { name: string } }
      expect(r2.error?.name).toBe('SecurityError')
    }
    expect(called).toEqual([])
    off()
    expect(handlers.size).toBe(0)
  })
})
