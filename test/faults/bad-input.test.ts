import { expect } from "chai"
import * as os from "node:os"
import { EndpointError, FaultyLinkError, faultyLink, socket, UsageError } from "../../lib"
import { rejection } from "../helpers/rejection"

/** The error a synchronous call throws; fails when it does not throw. */
function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn()
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error("expected a throw, got none")
}

describe("faultyLink bad input", () => {
  it("refuses a target that is not an endpoint, naming the option", async () => {
    const err = await rejection(() => faultyLink({ target: "127.0.0.1:5555" }))
    expect(err).to.be.instanceOf(EndpointError)
    expect(err.code).to.equal("ERR_ZMQH_ENDPOINT")
    expect(err.message).to.match(
      /^zmq-harness: expected `faultyLink\(\{ target \}\)` to be an endpoint such as "tcp:\/\/127\.0\.0\.1:5678"/,
    )
    // The stack points at this file, not the library.
    expect(err.stack!.split("\n")[1]).to.include("bad-input.test.ts")
  })

  it("refuses inproc and random-port targets, saying why", async () => {
    const inproc = await rejection(() => faultyLink({ target: "inproc://app" }))
    expect(inproc).to.be.instanceOf(EndpointError)
    expect(inproc.message).to.include("inproc and other transports cannot be proxied")
    const star = await rejection(() => faultyLink({ target: "tcp://127.0.0.1:*" }))
    expect(star.message).to.include("to name the port the target listens on")
  })

  it("refuses a missing target, unknown options and a bad seed", async () => {
    const none = await rejection(() => faultyLink({} as never))
    expect(none).to.be.instanceOf(UsageError)
    expect(none.message).to.include("got no target")
    const typo = await rejection(() =>
      faultyLink({ target: "tcp://127.0.0.1:5555", lisen: "x" } as never),
    )
    expect(typo.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    expect(typo.message).to.include("unknown option `lisen`. Perhaps you meant `listen`?")
    const seed = await rejection(() => faultyLink({ target: "tcp://127.0.0.1:5555", seed: 1.5 }))
    expect(seed.message).to.include(
      "expected `faultyLink({ seed })` to be a whole number, got number 1.5",
    )
  })

  it('refuses a listen or target host of "*" (zeromq\'s every interface) with the fix', async () => {
    const listen = await rejection(() =>
      faultyLink({ target: "tcp://127.0.0.1:5555", listen: "tcp://*:*" }),
    )
    expect(listen).to.be.instanceOf(EndpointError)
    expect(listen.message).to.equal(
      'zmq-harness: expected `faultyLink({ listen })` to name the address the link listens on, got "tcp://*:*" ' +
        '(every interface, as zeromq reads "*"). Give "tcp://127.0.0.1:*" (the default host), or "tcp://0.0.0.0:*" for every interface.',
    )
    expect(listen.stack!.split("\n")[1]).to.include("bad-input.test.ts")
    const target = await rejection(() => faultyLink({ target: "tcp://*:5555" }))
    expect(target).to.be.instanceOf(EndpointError)
    expect(target.message).to.include(
      'expected `faultyLink({ target })` to name the host the target listens on, got "tcp://*:5555". ' +
        'Give "tcp://127.0.0.1:5555"',
    )
  })

  it("refuses a target host that does not resolve, at the call", async () => {
    const err = await rejection(() => faultyLink({ target: "tcp://no-such-host.invalid:5555" }))
    expect(err).to.be.instanceOf(EndpointError)
    expect(err.message).to.include(
      'expected `faultyLink({ target })` to name a host that resolves, got "tcp://no-such-host.invalid:5555"',
    )
  })

  it("says what to do when the listen address cannot be used", async () => {
    const folder = await rejection(() =>
      faultyLink({ target: "tcp://127.0.0.1:5555", listen: `ipc://${os.tmpdir()}` }),
    )
    expect(folder).to.be.instanceOf(FaultyLinkError)
    expect(folder.message).to.include(
      "got EADDRINUSE: the path exists and is not a socket (a file or a folder): give the path of a new socket file.",
    )
    const missing = await rejection(() =>
      faultyLink({ target: "tcp://127.0.0.1:5555", listen: "ipc:///no-such-folder/link.sock" }),
    )
    expect(missing.message).to.include("the folder of the path must exist and be writable.")
    const elsewhere = await rejection(() =>
      faultyLink({ target: "tcp://127.0.0.1:5555", listen: "tcp://192.0.2.1:*" }),
    )
    expect(elsewhere.message).to.include("the address is not one of this machine's")
  })

  it("refuses a listen address in use with a named error", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const first = await faultyLink({ target: rep.endpoint })
    const err = await rejection(() => faultyLink({ target: rep.endpoint, listen: first.endpoint }))
    expect(err).to.be.instanceOf(FaultyLinkError)
    expect(err.code).to.equal("ERR_ZMQH_LINK")
    expect(err.message).to.include(
      `expected to listen on ${first.endpoint} for the link, got EADDRINUSE`,
    )
  })

  it("refuses negative, NaN and infinite delays and rates", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    const negative = thrown(() => link.delay(-1))
    expect(negative).to.be.instanceOf(UsageError)
    expect(negative.message).to.equal(
      "zmq-harness: expected `delay(ms)` to be a number of milliseconds from 0 to 2147483647, got -1: " +
        "a negative duration (zeromq would read -1 as forever). Give a finite bound, e.g. 1000.",
    )
    expect(thrown(() => link.delay(10, { jitter: NaN })).message).to.include(
      "`delay(ms, { jitter })`",
    )
    expect(thrown(() => link.delay(Infinity)).message).to.include("no wait may be unbounded")
    for (const rate of [0, -5, NaN, Infinity]) {
      expect(thrown(() => link.bandwidth(rate)).message).to.include(
        "expected `bandwidth(bytesPerSecond)` to be a finite number of bytes per second above 0",
      )
    }
    expect(thrown(() => link.delay(10, { direction: "up" as never })).message).to.include(
      'expected `direction` of `delay(ms, options)` to be "upstream"',
    )
    expect(thrown(() => link.delay(10, { jiter: 5 } as never)).message).to.include(
      "Perhaps you meant `jitter`?",
    )
    expect(link.describe()).to.include("faults none") // nothing was set by a refused call
  })

  it("refuses bad message rules", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    expect(thrown(() => link.drop({ every: 0 })).message).to.include(
      "expected `every` of `drop(rule)` to be a whole number of at least 1, got number 0",
    )
    expect(thrown(() => link.duplicate({ probability: 1.5 })).message).to.include(
      "expected `probability` of `duplicate(rule)` to be a number from 0 to 1",
    )
    expect(thrown(() => link.drop({ probability: NaN })).code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    expect(thrown(() => link.reorder({ every: 2, probability: 0.5 })).message).to.include(
      "got both",
    )
    expect(thrown(() => link.drop({ evry: 2 } as never)).message).to.include(
      "Perhaps you meant `every`?",
    )
    expect(thrown(() => link.drop({ match: 5 } as never)).message).to.include(
      "`match` of `drop(rule)`",
    )
  })
})
