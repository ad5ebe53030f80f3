/**
 * `zmq-harness/vitest`: the Vitest adapter. Add it to the `setupFiles` of the `test` section of
 * your Vitest config; it ties sockets and processes to the test that made them, closes them when
 * the test ends (so the next test can bind the same port), fails a test whose process crashed
 * unseen, turns Vitest's timeout into a hang report, writes the artifacts of failed tests, and
 * installs the chai plugin in Vitest's own chai. Pools `forks` (Vitest's default) and `threads`
 * alike; `globals: false` (the default) is fine.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from "vitest/config"
 * export default defineConfig({ test: { setupFiles: ["zmq-harness/vitest"] } })
 * ```
 * @packageDocumentation
 */
import "./chai/augment"
import { installVitestAdapter } from "./runners/vitest/install"

installVitestAdapter()
