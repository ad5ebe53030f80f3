import { renderFrames } from "../frames/frames"

/** One message that crossed a test socket. */
export interface TranscriptEntry {
  /** `"sent"` by the test socket, or `"received"` by it. */
  readonly direction: "sent" | "received"
  /** The frames, as they crossed the wire. */
  readonly frames: readonly Buffer[]
  /** When, in milliseconds since the socket was made. */
  readonly at: number
  /**
   * The full title of the test running when it was sent or received (a `beforeEach` or
   * `afterEach` hook counts as its test); absent in `before`/`after` hooks and outside tests.
   * On a socket made in a `before` hook, it tells a late reply to an earlier test from one to
   * the test that read it.
   */
  readonly test?: string
}

/**
 * What crossed a socket, oldest first. It keeps at most `limit` entries; the
 * oldest are dropped first and {@link Transcript.dropped} counts them.
 */
export interface Transcript extends ReadonlyArray<TranscriptEntry> {
  /** How many of the oldest entries were dropped to stay within the limit. */
  readonly dropped: number
}

/** Frames held by one transcript at most, in bytes: a burst of large messages must not pin memory. */
const MAX_BYTES = 64 * 1024 * 1024

/** The transcript of one socket: a bounded log with cheap appends. */
export class TranscriptLog {
  private entries: TranscriptEntry[] = []
  private head = 0 // entries before head are dropped, compacted in batches
  private droppedCount = 0
  private bytes = 0
  /** `performance.now()` when the log was made: an entry happened at `born + at` (artifacts, issue 14). */
  readonly born = performance.now()

  constructor(private readonly limit: number) {}

  private dropOldest(): void {
    for (const frame of this.entries[this.head].frames) this.bytes -= frame.length
    this.head++
    this.droppedCount++
    // Compact once the dropped prefix is as long as the limit: O(1) amortised.
    if (this.head >= this.limit) {
      this.entries = this.entries.slice(this.head)
      this.head = 0
    }
  }

  record(direction: "sent" | "received", frames: readonly Buffer[], test?: string): void {
    if (this.limit <= 0) {
      this.droppedCount++
      return
    }
    const at = Math.round((performance.now() - this.born) * 10) / 10
    this.entries.push(
      test === undefined ? { direction, frames, at } : { direction, frames, at, test },
    )
    for (const frame of frames) this.bytes += frame.length
    if (this.entries.length - this.head > this.limit) this.dropOldest()
    while (this.bytes > MAX_BYTES && this.size > 1) this.dropOldest()
  }

  get size(): number {
    return this.entries.length - this.head
  }

  get dropped(): number {
    return this.droppedCount
  }

  /** A copy of the entries, oldest first, with `dropped`. */
  snapshot(): Transcript {
    const list = this.entries.slice(this.head)
    Object.defineProperty(list, "dropped", { value: this.droppedCount, enumerable: false })
    return list as unknown as Transcript
  }

  /**
   * The last `count` entries as text, one line each. With `tests` (a socket that outlives a
   * test), a line `during "<test>":` precedes the entries of each test.
   */
  render(title: string, count = 20, tests = false): string {
    const kept = this.entries.slice(Math.max(this.head, this.entries.length - count))
    const hidden = this.size - kept.length + this.droppedCount
    if (this.size === 0)
      return `${title}: nothing sent or received${this.droppedCount ? ` (${this.droppedCount} dropped)` : ""}.`
    const lines: string[] = []
    let during: string | undefined | null = null
    for (const e of kept) {
      if (tests && e.test !== during) {
        during = e.test
        lines.push(during === undefined ? "  outside any test:" : `  during "${during}":`)
      }
      lines.push(
        `  ${`+${e.at.toFixed(1)}ms`.padStart(11)}  ${e.direction === "sent" ? "sent    " : "received"}  ${renderFrames(e.frames)}`,
      )
    }
    const head = `${title}${hidden > 0 ? ` (last ${kept.length} of ${this.size + this.droppedCount} messages)` : ""}:`
    return [head, ...lines].join("\n")
  }
}
