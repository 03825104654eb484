/**
 * Browser mode's wire format: the typed contract carried over one WebSocket.
 * The page is served at http://127.0.0.1:PORT/?token=T; it opens ws://127.0.0.1:PORT/ws?token=T.
 * The server refuses a socket without the right token or with a foreign Origin or Host.
 */
import type { Channel, Envelope, EventName } from './contract'

export const WS_PATH = '/ws'
export const TOKEN_PARAM = 'token'

/** renderer → server */
export interface WireRequest {
  kind: 'invoke'
  id: number
  channel: Channel
  request: unknown
}

/** server → renderer */
export type WireMessage =
  | { kind: 'reply'; id: number; envelope: Envelope<unknown> }
  | { kind: 'event'; event: EventName; payload: unknown }
