import { expect } from "chai"
import { delay, within } from "../../lib/util/timers"
import { rejection } from "../helpers/rejection"

/** The timers that keep this process alive now (Mocha's own test timeout among them). */
function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length
}

/**
 * The live timers once Mocha has armed its timeout for this test: it does so when the test
 * function returns its promise, after the function's first synchronous part.
 */
async function timersAtStart(): Promise<number> {
  await Promise.resolve()
  return liveTimers()
}

/** A promise and the function that resolves it, to settle it while a wait is pending. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe("within (lib/util/timers)", () => {
  it("resolves { kind: 'settled', value } when the promise resolves first", async () => {
    expect(await within(Promise.resolve(42), 10_000)).to.deep.equal({ kind: "settled", value: 42 })
  })

  it("keeps an undefined value apart from a timeout", async () => {
    expect(await within(Promise.resolve(undefined), 10_000)).to.deep.equal({
      kind: "settled",
      value: undefined,
    })
  })

  it("resolves { kind: 'timeout' } when the time runs out first", async () => {
    const started = performance.now()
    expect(await within(new Promise<never>(() => undefined), 30)).to.deep.equal({
      kind: "timeout",
    })
    // Node's timers may fire up to a millisecond early by performance.now().
    expect(performance.now() - started).to.be.at.least(29)
  })

  it("clears its timer as soon as the promise settles: no timer is left", async () => {
    const before = await timersAtStart()
    const { promise, resolve } = deferred<string>()
    const waiting = within(promise, 10_000)
    expect(liveTimers(), "the wait's timer, while it waits").to.equal(before + 1)
    resolve("done")
    expect(await waiting).to.deep.equal({ kind: "settled", value: "done" })
    expect(liveTimers(), "timers after the wait").to.equal(before)
  })

  it("passes a rejection through as it is, and leaves no timer", async () => {
    const before = await timersAtStart()
    const failure = new Error("boom")
    const err = await rejection(() => within(Promise.reject(failure), 10_000))
    expect(err).to.equal(failure)
    expect(liveTimers(), "timers after the wait").to.equal(before)
  })

  it("leaves no timer after a timeout either", async () => {
    const before = await timersAtStart()
    expect((await within(new Promise<never>(() => undefined), 5)).kind).to.equal("timeout")
    expect(liveTimers()).to.equal(before)
  })

  it("keeps the process alive while it waits, unless { ref: false }", async () => {
    const before = await timersAtStart()
    const { promise, resolve } = deferred<void>()
    const held = within(promise, 10_000)
    const unheld = within(promise, 10_000, { ref: false })
    expect(liveTimers(), "only the ref'd timer counts").to.equal(before + 1)
    resolve()
    expect((await held).kind).to.equal("settled")
    expect((await unheld).kind).to.equal("settled")
    expect(liveTimers()).to.equal(before)
  })
})

describe("delay (lib/util/timers)", () => {
  it("resolves true after the full time", async () => {
    const started = performance.now()
    expect(await delay(20)).to.equal(true)
    expect(performance.now() - started).to.be.at.least(19)
  })

  it("resolves false at once when its signal aborts, and leaves no timer", async () => {
    const before = await timersAtStart()
    const controller = new AbortController()
    const pause = delay(10_000, { signal: controller.signal })
    expect(liveTimers(), "the pause's timer").to.equal(before + 1)
    controller.abort()
    expect(await pause).to.equal(false)
    expect(liveTimers()).to.equal(before)
  })

  it("resolves false without a timer when its signal has aborted already", async () => {
    const before = await timersAtStart()
    const pause = delay(10_000, { signal: AbortSignal.abort() })
    expect(liveTimers()).to.equal(before)
    expect(await pause).to.equal(false)
  })

  it("does not keep the process alive with { ref: false }", async () => {
    const before = await timersAtStart()
    const controller = new AbortController()
    const pause = delay(10_000, { signal: controller.signal, ref: false })
    expect(liveTimers()).to.equal(before)
    controller.abort()
    expect(await pause).to.equal(false)
  })
})
