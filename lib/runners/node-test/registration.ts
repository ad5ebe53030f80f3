import { NotRegisteredError } from "../../errors"
import { registerRunner } from "../../core/registration"
import { concurrentTests } from "./followed-tests"

/**
 * The node:test adapter's answer to the core's `requireRegistered` (called by `socket()`,
 * `startProcess()`, `peer()`…): node:test gives hooks no way to run a test's function in an
 * async context of its own, so the adapter knows who makes a socket only while the tests of a
 * file run one at a time (node:test's default) or inside one another (`t.test()`). Tests of one
 * file that run concurrently (`{ concurrency }` on a suite or test) get a named error rather
 * than each other's sockets, closed under them. Files run in parallel (`--test-concurrency`) are
 * processes of their own, unaffected.
 */
function checkNodeTestRun(): void {
  const together = concurrentTests()
  if (!together) return
  throw new NotRegisteredError(
    "expected the tests of this file that use zmq-harness to run one at a time, got " +
      `${together.length} running at once (${together.map((n) => `"${n}"`).join(", ")}), so ` +
      "zmq-harness cannot tell which test a socket or process belongs to, nor close it with " +
      "that test. Drop `concurrency` from the suite or test around them, or move them into " +
      "files of their own: `node --test` runs files in parallel, each in its own process.",
  )
}

/**
 * Tells the core that node:test's adapter is in charge of closing what tests make.
 *
 * @example
 * ```ts
 * registerNodeTest() // once, when zmq-harness/node-test is loaded
 * ```
 */
export function registerNodeTest(): void {
  registerRunner({ runner: "node:test", check: checkNodeTestRun })
}
