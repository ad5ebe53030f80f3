// Type tests: compiled by `npm run typecheck` (tsc --noEmit), never run. Each
// `@ts-expect-error` line must be a type error; the other lines must compile.
import { expect } from "chai"
import {
  configure,
  defineEvent,
  processTest,
  recv,
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
  // `this` is TestContext, with what the project declared by merging into it.
  it(
    "typed",
    processTest(function* () {
      yield recv(this.typed)
      this.timeout(500)
      // @ts-expect-error -- not declared on TestContext
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
  // Events: `this` is TestContext too.
  const event = defineEvent("typedEvent", async function (n: number) {
    const typed: TestContext["typed"] = this.typed
    return (await typed.recv({ timeout: n })).length
  })
  void event
}
