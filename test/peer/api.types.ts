// Type tests of the peer API: compiled by `npm run typecheck` (tsc --noEmit), never run. Each
// `@ts-expect-error` line must be a type error; the other lines must compile.
import { expect } from "chai"
import * as sinon from "sinon"
import {
  peer,
  type Expectation,
  type MockPeer,
  type PeerOptions,
  type PeerRequest,
  type ReplyFunction,
} from "../../lib"

export async function peerTypes(): Promise<void> {
  const backend: MockPeer = await peer("router", { bind: "tcp://127.0.0.1:*", mandatory: true })
  const options: PeerOptions<"rep"> = { bind: "tcp://127.0.0.1:*", timeout: 500, name: "server" }
  await peer("rep", options)

  const ping: Expectation = backend.on(["ping", sinon.match.number]).reply(["pong", 1]).times(2)
  backend
    .on(["slow"])
    .delay(200)
    .reply(["ok", { n: 1 }, Buffer.from([1]), null, true])
  backend.on(
    (frames: readonly unknown[], request: PeerRequest) => request.raw.length > frames.length,
  )
  const fn: ReplyFunction = async (frames, request) =>
    request.routingId ? ["value", String(frames[1])] : undefined
  backend.on(["get"]).reply(fn).persist()
  backend.on(["never"]).noReply()
  backend.allowUnmatched().explainUnmatched((request) => `nearest: ${request.frames.length}`)
  await backend.done({ timeout: 1000 })
  expect(backend).to.have.received(["ping", 1])
  expect(ping.count).to.equal(2)

  const pub = await peer("pub", { bind: "tcp://127.0.0.1:*" })
  await pub.subscribed("weather", { timeout: 500 })
  await pub.publish((i) => ["weather", { seq: i }], { every: 1, count: 10 })
  await pub.send(["weather", 1], { delay: 10 })

  // @ts-expect-error -- not a socket type
  await peer("routr")
  // @ts-expect-error -- `mandatory` is a router option, not a rep one
  await peer("rep", { mandatory: true })
  // @ts-expect-error -- times takes a number
  backend.on(["x"]).times("2")
  // @ts-expect-error -- a reply is a list of frames or a function
  backend.on(["x"]).reply("pong")
  // @ts-expect-error -- publish options are every and count
  await pub.publish(["x"], { rate: 10 })
}
