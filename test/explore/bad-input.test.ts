import { expect } from "chai"
import { explore, faultyLink, MissingDependencyError, socket, UsageError } from "../../lib"
import { forgetFastCheck, loadFastCheck } from "../../lib/explore/fast-check"
import { chooseSeed, SEED_VARIABLE } from "../../lib/explore/seed"
import { rejection } from "../helpers/rejection"

const nothing = async () => undefined

describe("explore() bad input", () => {
  it("refuses options without runs, bad numbers, unknown keys and a body that is not a function", async () => {
    const none = await rejection(() => explore({} as never, nothing))
    expect(none).to.be.instanceOf(UsageError)
    expect(none.message).to.equal(
      "zmq-harness: expected `explore({ runs })`, how many orders to try at most, got no runs. E.g. { runs: 100 }.",
    )
    expect(none.stack!.split("\n")[1]).to.include("bad-input.test.ts")
    const zero = await rejection(() => explore({ runs: 0 }, nothing))
    expect(zero.message).to.include(
      "expected `explore({ runs })` to be a whole number of at least 1, got number 0",
    )
    const typo = await rejection(() => explore({ runs: 1, sed: 4 } as never, nothing))
    expect(typo.message).to.include("unknown option `sed`. Perhaps you meant `seed`?")
    const quiet = await rejection(() => explore({ runs: 1, quiet: -1 }, nothing))
    expect(quiet.message).to.include("`explore({ quiet })`")
    const body = await rejection(() => explore({ runs: 1 }, "body" as never))
    expect(body.message).to.include(
      "expected the body of `explore(options, body)` to be a function of the run",
    )
  })

  it("refuses a seed that is not one explore() reports, naming where it came from", async () => {
    const option = await rejection(() => explore({ runs: 1, seed: "42, 0.1" }, nothing))
    expect(option).to.be.instanceOf(UsageError)
    expect(option.message).to.equal(
      'zmq-harness: expected `explore({ seed })` to be a seed as explore() reports it: a whole number ("42") or a number and an order ("42:0.1"), got "42, 0.1". ' +
        "Copy it from the failure message, e.g. ZMQ_HARNESS_SEED=42:0.1.",
    )
    expect(() => chooseSeed(undefined, { [SEED_VARIABLE]: "forty-two" })).to.throw(
      UsageError,
      "expected ZMQ_HARNESS_SEED to be a seed as explore() reports it",
    )
    expect(() => chooseSeed(-1, {})).to.throw(UsageError, "from 0 to 4294967295")
  })

  it("lets ZMQ_HARNESS_SEED win over the seed option", () => {
    expect(chooseSeed(7, { [SEED_VARIABLE]: "42:0.1" })).to.deep.equal({ seed: 42, forced: [0, 1] })
    expect(chooseSeed(7, { [SEED_VARIABLE]: " 42 " })).to.deep.equal({ seed: 42 })
    expect(chooseSeed("9:2", {})).to.deep.equal({ seed: 9, forced: [2] })
    expect(chooseSeed(7, { [SEED_VARIABLE]: "" })).to.deep.equal({ seed: 7 })
  })

  it("replays the order of ZMQ_HARNESS_SEED: one run, whatever the seed option", async () => {
    const saved = process.env[SEED_VARIABLE]
    process.env[SEED_VARIABLE] = "5:0"
    try {
      const result = await explore({ runs: 50, seed: 9 }, nothing)
      expect(result).to.deep.include({ seed: "5:0", runs: 1, stoppedBy: "replay" })
    } finally {
      if (saved === undefined) delete process.env[SEED_VARIABLE]
      else process.env[SEED_VARIABLE] = saved
    }
  })

  it("refuses an explore() inside the body of another", async () => {
    const err = await rejection(() =>
      explore({ runs: 1, seed: 1 }, () => explore({ runs: 1 }, nothing)),
    )
    expect((err as Error & { cause: Error }).cause.message).to.include(
      "expected explore() in a test, got a call inside the body of another explore()",
    )
  })

  it("refuses a schedule that is not a run", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const err = await rejection(() => faultyLink({ target: rep.endpoint, schedule: {} as never }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.include(
      "expected `faultyLink({ schedule })` to be the run an explore() body is given, got Object {}",
    )
  })

  it("says to install fast-check when it is missing", () => {
    forgetFastCheck()
    try {
      const missing = Object.assign(new Error("Cannot find module 'fast-check'"), {
        code: "MODULE_NOT_FOUND",
      })
      expect(() =>
        loadFastCheck(() => {
          throw missing
        }),
      )
        .to.throw(MissingDependencyError)
        .with.property(
          "message",
          "zmq-harness: expected the package fast-check for explore() (it runs the orders and shrinks a failing one), " +
            "got none installed. Install it beside zmq-harness: npm i -D fast-check",
        )
    } finally {
      forgetFastCheck()
    }
  })
})
