import type { SocketType } from "../socket/types"
import type { CassetteMode } from "./mode"
import type { CassetteNormalizer } from "./normalize"
import type { ReplyRewrite } from "./rewrite"

/**
 * How a replay answers and paces (options of `replay()`, and of `record()` for
 * when its mode replays).
 *
 * @example
 * ```ts
 * const how: ReplayBehaviour = { normalize: [cassetteNormalizers.jsonKeys("id")], pace: 0 }
 * ```
 */
export interface ReplayBehaviour {
  /**
   * What varies between runs and must not decide a match (ids, timestamps,
   * ports, signatures): each normaliser maps a request's frames (text, or
   * Buffers for binary frames) to the form compared. See `cassetteNormalizers`.
   */
  normalize?: readonly CassetteNormalizer[]
  /**
   * Builds each replayed message from the recorded one and the live request
   * (copy an id, re-sign): see {@link ReplyRewrite}. Runs after the values
   * the normalisers masked in the request were carried into the reply.
   */
  rewrite?: ReplyRewrite
  /**
   * How a stream channel (sub, pull, push, pub) plays its messages:
   * a number scales the recorded timing (`1` as recorded, `0.5` twice as fast,
   * `0` at once, in order); `"requests"` (the default) sends each message once
   * every request recorded before it, on the other channels of the cassette,
   * was replayed: synchronised to the test's calls.
   */
  pace?: number | "requests"
  /** Bound of each replayed send and of `subscribed()`, in ms (default: the `timeout` setting). */
  timeout?: number
}

/**
 * Options of `record()`.
 *
 * @example
 * ```ts
 * const options: RecordOptions = { type: "req", target: "tcp://127.0.0.1:5555", channel: "main" }
 * ```
 */
export interface RecordOptions extends ReplayBehaviour {
  /** The socket type of the process under test on this channel: req, dealer, pair, sub, pull, push or pub. */
  type: SocketType
  /**
   * The real peer's endpoint, or a function that starts the real peer and
   * returns it: called only when the mode records, so a replay runs without it.
   */
  target: string | (() => string | Promise<string>)
  /** The channel of the cassette (one per socket of the process under test). Default `"main"`. */
  channel?: string
  /** Where the proxy (or the replay) listens for the process under test. Default `"tcp://127.0.0.1:*"`. */
  listen?: string
  /** The cassette's file, instead of `test/cassettes/<name>.json`. */
  path?: string
  /** Default: `ZMQ_HARNESS_CASSETTES`, else `"record"`. See {@link CassetteMode}. */
  mode?: CassetteMode
}

/**
 * Options of `replay()`.
 *
 * @example
 * ```ts
 * const options: ReplayOptions = { bind: "tcp://127.0.0.1:*", channel: "shell", type: "dealer" }
 * ```
 */
export interface ReplayOptions extends ReplayBehaviour {
  /** Endpoint to bind (the process under test connects), e.g. `"tcp://127.0.0.1:*"`. */
  bind?: string
  /** Endpoint to connect to (the process under test binds). */
  connect?: string
  /** The channel to replay. Default: the cassette's only channel, or `"main"`. */
  channel?: string
  /** The process under test's socket type, checked against the cassette's. */
  type?: SocketType
  /** The cassette's file, instead of `test/cassettes/<name>.json`. */
  path?: string
}
