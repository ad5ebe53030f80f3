import { settings } from "../settings"
import type { FrameLike } from "../frames/frames"
import type { StubSpec } from "../stubs/index"
import type { TestSocket } from "../socket/test-socket"
import type { ProcessHandle } from "./handle"
import type { ModuleLoader } from "./loader"

/**
 * When a started process counts as ready:
 * - a `RegExp`: a match on its stdout or stderr;
 * - an endpoint string (`"tcp://127.0.0.1:5678"`, `"ipc:///tmp/app.sock"`):
 *   a TCP or ipc connection to it succeeds;
 * - an async function: called once with the handle and awaited.
 *
 * @example
 * ```ts
 * await startProcess("node", ["app.js"], { ready: /listening on (\S+)/ })
 * await startProcess("node", ["app.js"], { ready: "tcp://127.0.0.1:5678" })
 * await startProcess("node", ["app.js"], { ready: async (proc) => proc.waitForOutput("up") })
 * ```
 */
export type ReadyCondition = RegExp | string | ((proc: ProcessHandle) => Promise<unknown> | unknown)

/**
 * How `stop()` (and the end of the test) asks the process to end, before
 * SIGKILL after `grace` ms:
 * - `{ signal }`: send that signal (default `{ signal: "SIGTERM" }`);
 * - `{ send: [socket, body] }`: send a stop message through a test socket
 *   (`[socket, header, body]` sends a header too), its body as JSON;
 * - `{ sendFrames: [socket, frames] }`: send frames as they are (strings,
 *   Buffers), for a protocol whose stop message is not JSON;
 * - a function, called once with the handle (it may be async).
 *
 * @example
 * ```ts
 * await startProcess("node", ["pong.js"], { stop: { signal: "SIGINT" } })
 * await startProcess("node", ["pong.js"], { stop: { send: [req, ["plzdiekthxbye", null]] } })
 * await startProcess("mongrel2", ["config.sqlite"], { stop: { sendFrames: [dealer, ["", "QUIT"]] } })
 * ```
 */
export type StopStrategy =
  | { signal: NodeJS.Signals }
  | { send: [TestSocket, unknown] | [TestSocket, unknown[], unknown] }
  | { sendFrames: [TestSocket, FrameLike[]] }
  | ((proc: ProcessHandle) => Promise<unknown> | unknown)

/**
 * Options of {@link startProcess} and {@link startModule}.
 *
 * @example
 * ```ts
 * const proc = await startModule("src/app.ts", ["--port", "5678"], {
 *   env: { LOG_LEVEL: "debug" },
 *   ready: "tcp://127.0.0.1:5678",
 *   readyTimeout: 5000,
 *   stop: { signal: "SIGINT" },
 *   grace: 500,
 * })
 * ```
 */
export interface ProcessOptions {
  /** Working directory of the process (default: the test's). */
  cwd?: string
  /** Variables merged over the test's own environment (`undefined` removes one). */
  env?: Record<string, string | undefined>
  /** When the process counts as ready (see {@link ReadyCondition}). Default: as soon as it is spawned. */
  ready?: ReadyCondition
  /** How long to wait for `ready`, in ms. Default `settings.readyTimeout` (10000). */
  readyTimeout?: number
  /** How to stop it (see {@link StopStrategy}). Default `{ signal: "SIGTERM" }`. */
  stop?: StopStrategy
  /** How long `stop()` waits before SIGKILL, in ms. Default `settings.grace` (2000). */
  grace?: number
  /** Exports to replace inside the process (startModule only). */
  stubs?: StubSpec[]
  /**
   * Default true: an exit the test did not ask for (non-zero code, or a
   * signal it did not send) fails every pending wait of the test. Set false
   * for a process the test expects to end by itself.
   */
  failOnExit?: boolean
  /**
   * How to run a TypeScript module (startModule only; see {@link ModuleLoader}).
   * Default for `.ts`, `.mts`, `.cts`: tsx if your project has it, else
   * ts-node (with TypeScript 5 or 6), else Node's own type stripping; none for
   * JavaScript. A loader that is not there fails with LoaderUnavailableError.
   */
  loader?: ModuleLoader
  /**
   * Node's options for the module (startModule only), in place of the
   * loader's: `["--import", "tsx", "--max-old-space-size=64"]`. Not with `loader`.
   */
  execArgv?: string[]
}

/**
 * The defaults of the "Precise semantics" in DESIGN.md. The durations and the
 * output limit are read from {@link settings} at each use, so `configure()`
 * (and the `ZMQ_HARNESS_*` variables) change them.
 */
export const defaults = {
  get readyTimeout(): number {
    return settings.readyTimeout
  },
  get grace(): number {
    return settings.grace
  },
  stop: { signal: "SIGTERM" } as StopStrategy,
  get waitForOutputTimeout(): number {
    return settings.waitForOutputTimeout
  },
  /** How many characters of stdout and of stderr a handle keeps (the newest). */
  get outputLimit(): number {
    return settings.outputLimit
  },
}
