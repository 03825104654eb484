/**
 * The /events follower: GET /events followed as a stream, each event handed on (onEvent). When the
 * stream ends or the daemon goes away it reconnects with backoff 1 s → 30 s, asking for the events
 * since the last one seen, and then hands on a synthetic {Type:'daemon', Action:'resync'} event. A
 * heartbeat (ping every pingIntervalMs, timeout 0.8 s) notices a daemon that went away while the
 * stream said nothing; status listeners (onStatus) hear of it, and of its return, within ~2 s.
 */
import type { IncomingMessage } from 'node:http'
import type { DockerEvent } from '../../domain/types'
import type { DaemonConnection } from './connection'
import { mapDockerError } from './errors'
import { lineReader } from './streams'

export interface LiveStatus {
  connected: boolean
  reason: string
}

export class EventFollower {
  /** whether the daemon answers (true until it is seen not to) */
  connected = true
  private closed = false
  private statusListeners = new Set<(s: LiveStatus) => void>()
  private eventStream: IncomingMessage | null = null
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private pingTimer: ReturnType<typeof setInterval> | null = null
  private backoffMs = 1000
  private lastEventNano = 0
  private pingInFlight = false
  private opening = false

  constructor(
    private conn: DaemonConnection,
    private onEvent: (e: DockerEvent) => void,
  ) {}

  /** Opens the stream and starts the heartbeat. */
  start(pingIntervalMs: number): void {
    this.openEvents(false)
    this.pingTimer = setInterval(() => void this.heartbeat(), pingIntervalMs)
    this.pingTimer.unref?.()
  }

  /** Be told when the daemon goes away (connected=false) or comes back. Returns unsubscribe. */
  onStatus(listener: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  /** Stops for good: timers, the stream, the status listeners. */
  close(): void {
    this.closed = true
    if (this.pingTimer) clearInterval(this.pingTimer)
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.pingTimer = null
    this.reconnectTimer = null
    const s = this.eventStream
    this.eventStream = null
    s?.destroy()
    this.statusListeners.clear()
  }

  private setStatus(connected: boolean, reason: string) {
    if (this.connected === connected) return
    this.connected = connected
    for (const l of [...this.statusListeners]) {
      try {
        l({ connected, reason })
      } catch {
        /* a listener's fault is not ours */
      }
    }
  }

  private openEvents(isReconnect: boolean) {
    if (this.closed) return
    const opts: Record<string, unknown> = {}
    if (isReconnect && this.lastEventNano) opts.since = (this.lastEventNano / 1e9).toFixed(9)
    // one attempt in flight at a time; an attempt the daemon never answers (a frozen daemon
    // accepts connections but says nothing) is abandoned after 5 s and retried with backoff
    if (this.opening) return
    this.opening = true
    const ac = new AbortController()
    opts.abortSignal = ac.signal
    const stuck = setTimeout(() => ac.abort(), 5000)
    stuck.unref?.()
    this.conn.streams.getEvents(opts, (err, stream) => {
      clearTimeout(stuck)
      this.opening = false
      if (this.closed) {
        ;(stream as IncomingMessage | undefined)?.destroy()
        return
      }
      if (err || !stream) {
        this.setStatus(false, mapDockerError(err, this.conn.endpoint).message)
        this.scheduleReconnect()
        return
      }
      const s = stream as IncomingMessage
      this.eventStream = s
      this.backoffMs = 1000
      this.setStatus(true, 'connected')
      if (isReconnect) {
        const now = Date.now()
        this.onEvent({ Type: 'daemon', Action: 'resync', Actor: { ID: '', Attributes: { endpoint: this.conn.endpoint } }, time: Math.floor(now / 1000), timeNano: now * 1e6 })
      }
      const lines = lineReader((line) => {
        if (!line.trim()) return
        try {
          const ev = JSON.parse(line) as DockerEvent
          if (typeof ev.timeNano === 'number') this.lastEventNano = ev.timeNano
          this.onEvent(ev)
        } catch {
          /* a garbled line: skip it */
        }
      })
      s.on('data', (c: Buffer) => lines.push(c))
      const gone = (why: string) => {
        if (this.eventStream !== s) return
        this.eventStream = null
        if (this.closed) return
        this.setStatus(false, why)
        this.scheduleReconnect()
      }
      s.on('end', () => gone('the event stream ended'))
      s.on('close', () => gone('the event stream closed'))
      s.on('error', (e) => gone(mapDockerError(e, this.conn.endpoint).message))
    })
  }

  private scheduleReconnect() {
    if (this.closed || this.reconnectTimer) return
    const delay = this.backoffMs
    this.backoffMs = Math.min(this.backoffMs * 2, 30_000)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      this.openEvents(true)
    }, delay)
    this.reconnectTimer.unref?.()
  }

  private async heartbeat() {
    if (this.closed || this.pingInFlight) return
    this.pingInFlight = true
    try {
      await this.conn.call((signal) => this.conn.docker.ping({ abortSignal: signal } as never) as unknown as Promise<unknown>, { timeoutMs: 800 })
      if (!this.eventStream && !this.reconnectTimer && !this.opening) this.openEvents(true)
      else if (!this.connected && this.eventStream) this.setStatus(true, 'connected')
    } catch (e) {
      this.setStatus(false, (e as Error).message)
      if (this.eventStream) {
        const s = this.eventStream
        this.eventStream = null
        s.destroy()
        this.scheduleReconnect()
      }
    } finally {
      this.pingInFlight = false
    }
  }
}
