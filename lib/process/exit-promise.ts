import type { ExitStatus } from "./errors"

/**
 * The promise of `proc.exited`. It notes when someone attaches to it (`await`, `.then`,
 * `.catch`, `.finally`, `Promise.all` all call `then`): a test that looks at the exit has seen
 * it, and the crash rule does not charge that exit to the test (DESIGN.md, "Compatibility").
 * The harness's own waits use the plain promise it wraps, so they do not count.
 *
 * A subclass, not a plain promise with a `then` property: `await` on a native promise skips a
 * `then` of its own, but calls the `then` of a subclass.
 *
 * @example
 * ```ts
 * const exited = new ExitPromise(watchExit(child, onExit), () => handle.noteExitSeen())
 * await exited // calls noteExitSeen() first
 * ```
 */
export class ExitPromise extends Promise<ExitStatus> {
  // Derived promises (from then/catch/finally) are plain promises.
  static override get [Symbol.species]() {
    return Promise
  }

  private onSeen: (() => void) | undefined = undefined

  constructor(
    executorOrStatus:
      | Promise<ExitStatus>
      | ((resolve: (status: ExitStatus) => void, reject: (reason: unknown) => void) => void),
    onSeen?: () => void,
  ) {
    // Promise subclasses are also called by the engine with an executor (Promise.resolve on one).
    if (typeof executorOrStatus === "function") super(executorOrStatus)
    else super((resolve) => void executorOrStatus.then(resolve))
    this.onSeen = onSeen
  }

  override then<R1 = ExitStatus, R2 = never>(
    onFulfilled?: ((value: ExitStatus) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const seen = this.onSeen
    this.onSeen = undefined
    seen?.()
    return super.then(onFulfilled, onRejected)
  }
}
