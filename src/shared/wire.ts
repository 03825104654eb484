/**
 * Browser mode's wire format: the typed contract carried over one WebSocket.
 * The page is served at http://127.0.0.1:PORT/?token=T; it opens ws://127.0.0.1:PORT/ws?token=T.
 * The server refuses a socket without the right token or with a foreign Origin or Host.
 */
import type { Channel, Envelope, EventName } from './contract'

export const WS_PATH = '/ws'
export const TOKEN_PARAM = 'token'

/**
 * The first screen's data, written by the server into the index.html it serves to a page with the
 * right token: a `<script type="application/json">` (data, never run) with this id, holding
 * {channel: envelope} for BOOT_CHANNELS. The page reads it instead of asking over the WebSocket, so
 * drawing the lesson list waits for no round trip. Absent (Electron, a slow service): the page asks.
 */
export const BOOT_DATA_ID = 'layerlab-boot'
export const BOOT_CHANNELS = ['lessons:list', 'progress:get'] as const satisfies readonly Channel[]
export type BootData = Partial<Record<(typeof BOOT_CHANNELS)[number], Envelope<unknown>>>

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
