// Type tests: compiled by `npm run typecheck` (tsc --noEmit), never run. Each
// `@ts-expect-error` line must be a type error; the other lines must compile.
import { expect } from "chai"
import {
  configure,
  defineEvent,
  type MochaContextLike,
  processTest,
  recv,
  send,
  socket,
  type JsonFrame,
  type SocketOptions,
  type TestContext,
  type TestSocket,
} from "../../lib"

declare module "../../lib" {
  interface TestContext {
    typed: TestSocket
  }
}

export async function socketOptions(): Promise<void> {
  // The harness's own options and the zeromq.js options of the socket's type.
  await socket("req", { connect: "tcp://127.0.0.1:5555", linger: 0, timeout: 500, name: "client" })
  await socket("router", { bind: "tcp://127.0.0.1:*", mandatory: true, routingId: "r" })
  await socket("sub", { connect: "tcp://127.0.0.1:5555", subscribe: ["a", Buffer.from("b")] })
  await socket("dealer", { sendHighWaterMark: 7, receiveHighWaterMark: 7 })

  // @ts-expect-error -- a typo of `connect`
  await socket("req", { conect: "tcp://127.0.0.1:5555" })
  // @ts-expect-error -- `mandatory` is a router option, not a req one
  await socket("req", { mandatory: true })
  // @ts-expect-error -- a timeout is a number of ms
  await socket("req", { timeout: "100" })
  // @ts-expect-error -- zeromq's own option of the wrong type
  await socket("dealer", { sendHighWaterMark: "7" })
  // @ts-expect-error -- not a socket type
  await socket("reqq")

  const router: SocketOptions<"router"> = { mandatory: true, handover: true }
  // @ts-expect-error -- a pub socket has no `mandatory`
  const pub: SocketOptions<"pub"> = { mandatory: true }
  void router
  void pub
}

export async function jsonFrames(pull: TestSocket): Promise<void> {
  const jupyter: JsonFrame = [-4, -3, -2, -1]
  const predicate: JsonFrame = (frame, index, frames) => index > 2 && frame.length < frames.length
  await socket("pull", { json: jupyter })
  await socket("pull", { json: predicate })
  await socket("pull", { json: false })
  await pull.recv({ json: [0, 1] })
  await expect(pull).to.receive([{ a: 1 }], { json: (f) => f[0] === 0x7b, timeout: 100 })
  // @ts-expect-error -- not a frame choice
  await socket("pull", { json: "last" })
  // @ts-expect-error -- a typo of `timeout`
  await expect(pull).to.receiveNothing({ timeot: 100 })
}

export function settings(): void {
  configure({ timeout: 500, failOnUnread: true, transcriptLimit: 10 })
  // @ts-expect-error -- a typo of `timeout`
  configure({ timout: 500 })
  // @ts-expect-error -- a boolean
  configure({ failOnUnread: "yes" })
}

export function contexts(): void {
  // `this` is TestContext, with what the project declared by merging into it typed.
  it(
    "typed",
    processTest(function* () {
      const typed: TestSocket = this.typed
      yield recv(typed)
      this.timeout(500)
    }),
  )
  // The user code of 0.1.0 (docs/generator-tests.md): a hook sets `this.client`, the body
  // uses it, nothing declared (the project's own tests declare `req` and `logs`). Mocha's own `this` accepts it, so TestContext does too.
  describe("0.1.0 style", () => {
    beforeEach(async function () {
      this.client = await socket("req", { connect: "tcp://127.0.0.1:5555" })
    })
    it(
      "pings",
      processTest(function* () {
        yield send(this.client, [], ["ping", 1])
        const reply = yield recv(this.client)
        expect(reply).to.deep.equal([["pong", 1]])
      }),
    )
  })
  // Opt-in strictness: a `this` of the suite's own, without an index signature.
  interface PongTest extends MochaContextLike {
    req: TestSocket
  }
  it(
    "strict",
    processTest(function* (this: PongTest) {
      yield send(this.req, [], ["ping", 1])
      // @ts-expect-error -- not declared on PongTest
      yield recv(this.undeclared)
    }),
  )
  // A body may annotate `this` as Mocha's own context.
  it(
    "mocha context",
    processTest(function* (this: Mocha.Context) {
      yield recv(this.anything as TestSocket)
    }),
  )
  // Events: `this` is TestContext too, and takes what hooks put on it.
  const event = defineEvent("typedEvent", async function (n: number) {
    const typed: TestContext["typed"] = this.typed
    await expect(this.journal).to.receive([["log_message", n]])
    return (await typed.recv({ timeout: n })).length
  })
  void event
}
