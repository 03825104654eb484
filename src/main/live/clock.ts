/**
 * The daemon's clock offset: the daemon's clock minus this machine's, ms (/info SystemTime against
 * the midpoint of the request). The daemon writes "Up 3 seconds" by its own clock, and a remote one
 * (a VM after the host slept, another machine) can be off by seconds. Snapshot.takenAt is on the
 * daemon's clock with it, so the cached status times keep explaining the listed texts, and the UI's
 * ticking status starts from the daemon's text.
 */

/** The daemon's clock is read again (GET /info) when the last reading is older than this, or after a resync. */
export const CLOCK_READ_EVERY_MS = 60_000

export class DaemonClock {
  /** the daemon's clock minus this machine's, ms (0 until read, and for a daemon sharing this clock) */
  offset = 0
  /** when the offset was read (this machine's ms; 0: never, or forgotten after a resync) */
  private readAt = 0
  private reading: Promise<void> | null = null

  /** @param systemTime the daemon's /info SystemTime (RFC 3339), or undefined when it does not say */
  constructor(private systemTime: () => Promise<string | undefined>) {}

  /** A daemon back from away (a VM resumed?): its clock may have moved; the next snapshot waits for a new reading. */
  forget(): void {
    this.readAt = 0
  }

  /**
   * Before a snapshot: never read, a reading to wait for (beside the lists); read over a minute ago,
   * one started in the background (undefined); else undefined.
   */
  beforeSnapshot(): Promise<void> | undefined {
    return this.readAt === 0 ? this.read() : Date.now() - this.readAt > CLOCK_READ_EVERY_MS ? void this.read() : undefined
  }

  /** Reads the offset; a daemon that does not answer or say keeps the last one (0 at first). */
  private read(): Promise<void> {
    this.reading ??= (async () => {
      try {
        const t0 = Date.now()
        const said = Date.parse((await this.systemTime()) ?? '')
        const t1 = Date.now()
        // within the reading's own uncertainty (half the round trip), say none: a local daemon shares this clock
        if (Number.isFinite(said)) this.offset = Math.abs(said - (t0 + t1) / 2) > (t1 - t0) / 2 ? Math.round(said - (t0 + t1) / 2) : 0
      } catch {
        /* not this time: the snapshot goes on with the last offset */
      } finally {
        this.readAt = Date.now()
        this.reading = null
      }
    })()
    return this.reading
  }
}
