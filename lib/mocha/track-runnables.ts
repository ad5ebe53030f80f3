import { enterRunnable, existingScopeOfTest, currentScope, type MochaRunnable } from "./current"
import { checkEndOfTest } from "./end-of-test"
import { appendToMessage, hangReport } from "./hang-report"

const PATCHED = Symbol.for("zmq-harness.track-runnables")

interface RunnableClass {
  prototype: { run(this: MochaRunnable, fn: (err?: unknown) => void): unknown; [PATCHED]?: boolean }
}

function isMochaTimeout(err: unknown): err is Error {
  return err instanceof Error && (err as { code?: string }).code === "ERR_MOCHA_TIMEOUT"
}

/**
 * Wraps `Runnable#run` of the Mocha in use. Mocha gives root hooks no event
 * for "a hook of suite S starts" or "the test function returned", yet both are
 * needed: the first to know who owns a socket made now, the second to fail the
 * test itself (not a hook, which would abort the suite) when it left an
 * assertion unawaited or messages unread, and to turn Mocha's bare timeout
 * into a hang report before anything is closed. Idempotent.
 */
export function trackRunnables(Runnable: RunnableClass): void {
  const proto = Runnable.prototype
  if (proto[PATCHED]) return
  const run = proto.run
  proto.run = function (this: MochaRunnable, fn: (err?: unknown) => void) {
    enterRunnable(this)
    return run.call(this, (err?: unknown) => {
      const scope = this.type === "test" ? existingScopeOfTest(this) : undefined
      if (isMochaTimeout(err)) appendToMessage(err, hangReport(scope ? [scope] : [currentScope()]))
      if (!scope) return fn(err)
      checkEndOfTest(scope, err).then(
        (problem) => fn(err ?? problem),
        (checkError) => fn(err ?? checkError),
      )
    })
  }
  proto[PATCHED] = true
}
