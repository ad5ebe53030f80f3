import type { JsonFrame } from "../frames/frames"
import { frameView } from "../match/match"

/**
 * One message a mock peer received, as its expectations and reply functions see it.
 *
 * @example
 * ```ts
 * backend.on(["get", sinon.match.string]).reply((frames, request) => {
 *   request.raw // [<Buffer 67 65 74>, <Buffer 22 6b 22>]: the same frames, as they came
 *   return ["value", 42]
 * })
 * ```
 */
export interface PeerRequest {
  /**
   * The frames after the envelope, decoded for people and reply functions: the JSON frame
   * (by default the last; the peer's `json` option) parsed, text frames as strings, binary
   * frames (a routing id, a signature) as Buffers. A JSON frame that does not parse stays text.
   */
  readonly frames: readonly unknown[]
  /** The same frames as they came on the wire, as Buffers. */
  readonly raw: readonly Buffer[]
  /**
   * The envelope the peer took off and puts back on its reply: for a router, the routing id
   * and the empty delimiter if one came; for a dealer, the leading empty frame if one came;
   * empty for every other type (a rep socket strips and restores its envelope itself).
   */
  readonly envelope: readonly Buffer[]
  /** For a router peer: the routing id of the sender, where the reply goes. */
  readonly routingId?: Buffer | undefined
  /** When it came, in ms since the peer was made. */
  readonly at: number
  /** Whether an expectation matched it (false: unmatched, allowed or not). */
  readonly matched: boolean
}

/**
 * A received message, decoded once for matching (as `receive` decodes: header frames stay
 * Buffers) and, only when asked, for people (text frames as strings).
 *
 * @example
 * ```ts
 * const request = new ReceivedMessage(decoded, body, envelope, undefined, 12.5, -1)
 * request.frames // ["get", "answer"]
 * ```
 */
export class ReceivedMessage implements PeerRequest {
  private view: readonly unknown[] | undefined
  matched = false

  constructor(
    /** @internal As `receive` decodes it: what expectations are matched against. */
    readonly decoded: readonly unknown[],
    readonly raw: readonly Buffer[],
    readonly envelope: readonly Buffer[],
    readonly routingId: Buffer | undefined,
    readonly at: number,
    /** @internal The peer's `json` option: matchers see raw frames as `recv()` with it gives them. */
    readonly json: JsonFrame,
  ) {}

  get frames(): readonly unknown[] {
    this.view ??= this.decoded.map((f) => (Buffer.isBuffer(f) ? frameView(f) : f))
    return this.view
  }

  /** A plain object for people (`console.log`, deep-equal in tests). */
  toJSON(): object {
    return { frames: this.frames, envelope: this.envelope, at: this.at, matched: this.matched }
  }
}
