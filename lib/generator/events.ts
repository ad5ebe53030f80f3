import type { TestContext } from "./context"
import { UsageError } from "../errors"
import { CallSite } from "../util/call-site"
import { closestName } from "../util/closest-name"

const EVENT = Symbol.for("zmq-harness.event")

/**
 * What a process test yields: an event name, its arguments, and where the
 * test made it (so an error can be thrown back at that line). Made by
 * `send(…)`, `recv(…)` and the factories of {@link defineEvent}.
 *
 * @example
 * ```ts
 * const event = recv(req) // a ProcessEvent; `yield event` carries it out
 * ```
 */
export interface ProcessEvent<R = unknown> {
  readonly [EVENT]: true
  readonly name: string
  readonly args: readonly unknown[]
  /** Where the event was made: the `yield` line. */
  readonly site: CallSite | undefined
  /** The handler the factory was made with (a tuple's is looked up by name when it is run). */
  readonly handler: EventHandler | undefined
  /** Only for typing: what the `yield` gives back. */
  readonly _result?: R
}

/**
 * The function behind an event; `this` is Mocha's test context.
 *
 * @example
 * ```ts
 * const handler: EventHandler<[string]> = async function (text) {
 *   await expect(this.logs).to.receive([["log_message", text]])
 * }
 * ```
 */
export type EventHandler<A extends unknown[] = any[], R = unknown> = (
  this: TestContext,
  ...args: A
) => R

const handlers = new Map<string, EventHandler>()
const builtins = new Set<string>()

/** Whether `value` was made by an event factory. */
export function isProcessEvent(value: unknown): value is ProcessEvent {
  return (
    typeof value === "object" && value !== null && (value as { [EVENT]?: true })[EVENT] === true
  )
}

function makeEvent(
  name: string,
  args: unknown[],
  site: CallSite | undefined,
  handler?: EventHandler,
): ProcessEvent {
  return { [EVENT]: true, name, args, site, handler }
}

/** The handler of `name`, or a UsageError that lists the known events. */
export function handlerOf(name: unknown): EventHandler {
  const handler = typeof name === "string" ? handlers.get(name) : undefined
  if (handler) return handler
  const known = [...handlers.keys()]
  const guess = typeof name === "string" ? closestName(name, known) : undefined
  throw new UsageError(
    `expected a known event (${known.join(", ")}), got ${JSON.stringify(name)}.` +
      (guess ? ` Perhaps you meant "${guess}"?` : " Define it with defineEvent(name, handler)."),
  )
}

/** A yielded tuple such as `['send', sock, header, body]`, as an event. */
export function eventOfTuple(tuple: readonly unknown[]): ProcessEvent {
  handlerOf(tuple[0])
  return makeEvent(tuple[0] as string, tuple.slice(1), undefined)
}

/** @internal Registers a built-in event (`send`, `recv`); user events may not take their names. */
export function defineBuiltin<A extends unknown[], R>(name: string, handler: EventHandler<A, R>) {
  builtins.add(name)
  handlers.set(name, handler as EventHandler)
  return factory<A, R>(name, handler)
}

/** The factory keeps its own handler: two files defining a `log` event each keep their own. */
function factory<A extends unknown[], R>(
  name: string,
  handler: EventHandler<A, R>,
): (...args: A) => ProcessEvent<Awaited<R>> {
  const make = (...args: A): ProcessEvent<Awaited<R>> =>
    makeEvent(name, args, new CallSite(make), handler as EventHandler) as ProcessEvent<Awaited<R>>
  return make
}

/**
 * Defines an event for {@link processTest}. Returns a factory: `yield log('x')`
 * calls `handler('x')` with `this` = Mocha's test context, awaits it, and
 * sends its result back into the generator; `yield ['log', 'x']` does the
 * same (a tuple runs the handler last defined under that name). An error the
 * handler throws is thrown into the generator at that `yield`.
 *
 * @example
 * ```ts
 * const log = defineEvent("log", async function (this: TestContext, substr: string) {
 *   const [[kind, text]] = await this.logSock.recv()
 *   expect(kind).to.equal("log_message")
 *   expect(text).to.include(substr)
 *   return text
 * })
 *
 * it("logs", processTest(function* () {
 *   yield send(this.req, [], ["ping", 1])
 *   yield log("got ping")
 * }))
 * ```
 */
export function defineEvent<A extends unknown[], R>(
  name: string,
  handler: EventHandler<A, R>,
): (...args: A) => ProcessEvent<Awaited<R>> {
  if (typeof name !== "string" || name === "" || typeof handler !== "function") {
    throw new UsageError(
      `expected defineEvent(name, handler) with a name and a function, got (${typeof name}, ${typeof handler}).`,
    )
  }
  if (builtins.has(name)) {
    throw new UsageError(
      `expected a new event name, got "${name}", which is built in. Pick another name.`,
    )
  }
  handlers.set(name, handler as EventHandler)
  return factory<A, R>(name, handler)
}
