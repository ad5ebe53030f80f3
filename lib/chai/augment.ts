import type { RecvOptions } from "../socket/test-socket"
import type { GoldenOptions } from "../system/golden"
import type { Expected } from "../peer/expectation"
import type { ExitStatus } from "../process/errors"
import type { ExitOptions, ExpectedExit } from "../process/expect-exit"

// Adds the plugin's assertions to chai's `Assertion` type (from @types/chai).
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Receives one message on a test socket (bounded by `timeout`) and
       * compares it with `expected`, a list of frames: strings match text
       * frames, Buffers match bytes, the JSON frame is compared deep-equal,
       * and `sinon.match` matchers may stand anywhere. Resolves with the
       * decoded message. Must be awaited.
       *
       * @example
       * ```ts
       * await expect(req).to.receive([["pong", 1]])
       * await expect(router).to.receive([sinon.match.any, "", ["ping", 2]], { timeout: 200 })
       * ```
       */
      receive(expected: readonly unknown[], options?: RecvOptions): Promise<unknown[]>
      /**
       * Passes when no message arrives on a test socket within `timeout` ms
       * (default: the socket's timeout); fails showing the one that did.
       * Must be awaited.
       *
       * @example
       * ```ts
       * await expect(sub).to.receiveNothing({ timeout: 100 })
       * ```
       */
      receiveNothing(options?: { timeout?: number }): Promise<void>
      /**
       * Compares the text (a string, or a Buffer holding UTF-8) with a golden
       * file, `path` relative to the working folder, after normalising line
       * endings and applying `normalize`. Fails with a line diff. With
       * `UPDATE_GOLDEN=1`, writes the file (and its folder) instead and
       * passes. Synchronous.
       *
       * @example
       * ```ts
       * expect(run.stdout).to.matchGolden("test/data/pongproc.out", {
       *   normalize: [normalizers.ports, normalizers.pids],
       * })
       * ```
       */
      matchGolden(path: string, options?: GoldenOptions): Assertion
      /**
       * Waits (bounded by `timeout`, default 5000 ms like `waitForOutput`) for a process
       * under test to exit, and checks its exit code, or `{ code, signal }`; with no
       * argument, any exit passes. Fails with the exit status and the last lines of its
       * stderr, or with a TimeoutError when it is still running. Counts as the test seeing
       * the exit: the crash rule does not charge it. Resolves with the exit status. Must be
       * awaited.
       *
       * @example
       * ```ts
       * await expect(proc).to.exit(3)
       * await expect(proc).to.exit({ signal: "SIGTERM" }, { timeout: 1000 })
       * ```
       */
      exit(expected?: ExpectedExit, options?: ExitOptions): Promise<ExitStatus>
      // peer
      /**
       * Passes when a mock peer received a message (after its envelope) that matches
       * `expected`: a list of frames matched as `receive` matches, or a predicate.
       * Synchronous; with `.not`, passes when none did.
       *
       * @example
       * ```ts
       * expect(backend).to.have.received(["ping", sinon.match.number])
       * expect(backend).not.to.have.received(["quit"])
       * ```
       */
      received(expected: Expected): Assertion
    }
  }
}

export {}
