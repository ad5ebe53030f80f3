import type { MochaContextLike, TestContext } from "./context"
import { UsageError } from "../errors"
import { CallSite } from "../util/call-site"
import { eventOfTuple, handlerOf, isProcessEvent, type ProcessEvent } from "./events"
import "./builtins"

/**
 * A generator test body: `this` is Mocha's context, typed as `C` (by default
 * {@link TestContext}); each `yield` gives an event and gets its result.
 *
 * @example
 * ```ts
 * const body: ProcessTestBody = function* () {
 *   yield send(this.req, [], ["ping", 1])
 * }
 * it("pings", processTest(body))
 * ```
 */
export type ProcessTestBody<C = TestContext> = (this: C) => Generator<unknown, unknown, any>

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown })?.then === "function"
}

/** What was yielded, as an event; a promise is awaited as it is. */
function toEvent(value: unknown, index: number): ProcessEvent | PromiseLike<unknown> {
  if (isProcessEvent(value) || isThenable(value)) return value
  if (Array.isArray(value) && typeof value[0] === "string") return eventOfTuple(value)
  throw new UsageError(
    `expected yield #${index} to give an event (send(…), recv(…), one made with defineEvent, or a tuple such as ` +
      `['recv', sock]), got ${Array.isArray(value) ? "an array without an event name first" : typeof value}.`,
  )
}

async function run<C>(body: ProcessTestBody<C>, ctx: C, testSite: CallSite): Promise<void> {
  const gen = body.call(ctx)
  if (!gen || typeof gen.next !== "function" || typeof gen.throw !== "function") {
    throw testSite.apply(
      new UsageError(
        "expected processTest(function* () { … }) to get a generator function, got a plain function. Add the `*`.",
      ),
    )
  }
  let step = gen.next()
  for (let index = 1; !step.done; index++) {
    let result: unknown
    let error: Error | undefined
    let site: CallSite | undefined
    try {
      const event = toEvent(step.value, index)
      if (isThenable(event)) {
        result = await event
      } else {
        site = event.site
        const handler = event.handler ?? handlerOf(event.name)
        // Handlers are typed with TestContext; at run time it is the same Mocha context.
        result = await handler.apply(ctx as unknown as TestContext, [...event.args])
      }
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err))
      // The stack starts at the yield that made the event (a tuple has no site of its own).
      if (site) site.apply(error)
    }
    step = error ? gen.throw(error) : gen.next(result)
  }
}

/**
 * Turns a generator function into a Mocha test function, in the style of
 * "yield send / yield recv" process tests. Each `yield` gives an event —
 * `send(…)`, `recv(…)`, one made with {@link defineEvent}, a tuple such as
 * `['recv', sock]`, or a promise — which is carried out, and its result is
 * sent back as the value of the `yield`. An error is thrown into the
 * generator at the `yield` that caused it, so `try`/`catch` around a `yield`
 * works and the stack names that line. `this` is Mocha's test context,
 * typed as {@link TestContext} (declare your suite's own fields by merging
 * into it), or as the body's own `this` annotation, e.g. `this: Mocha.Context`.
 *
 * @example
 * ```ts
 * it("answers ping", processTest(function* () {
 *   yield send(this.req, [], ["ping", 1])
 *   const reply = yield recv(this.req)
 *   expect(reply).to.deep.equal([["pong", 1]])
 * }))
 * ```
 */
export function processTest<C extends object = TestContext>(
  body: ProcessTestBody<C>,
): (this: MochaContextLike) => Promise<void> {
  const site = new CallSite(processTest)
  if (typeof body !== "function") {
    throw site.apply(
      new UsageError(`expected processTest(function* () { … }), got ${typeof body}.`),
    )
  }
  return function (this: MochaContextLike) {
    return run(body, this as C, site)
  }
}
