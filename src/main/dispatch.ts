/**
 * Routes one contract call to the services: validate the payload against the channel's schema,
 * run the handler, wrap the outcome in the result/error envelope. Electron IPC and the browser-mode
 * WebSocket both go through here, so both refuse the same bad payloads with the same messages.
 */
import { ContractError, isChannel, parseRequest, toEnvelope, type Envelope, type Handlers } from '../shared/contract'

export function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
  return toEnvelope(async () => {
    if (!isChannel(channel)) throw new ContractError(`unknown channel: ${typeof channel === 'string' ? channel.slice(0, 80) : typeof channel}`)
    const request = parseRequest(channel, payload)
    const handler = handlers[channel] as (r: unknown) => Promise<unknown>
    return handler(request)
  })
}
