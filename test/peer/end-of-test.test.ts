import { expect } from "chai"
import { runFixture, type ChildRun } from "../mocha/run-fixture"

function failure(run: ChildRun, title: string) {
  const found = run.failures.find((t) => t.fullTitle.startsWith(title))
  if (!found)
    throw new Error(
      `expected "${title}" to fail, got failures: ${run.failures.map((t) => t.fullTitle).join("; ")}\n${run.stderr}`,
    )
  return found.err
}

// One child Mocha run (seconds to start) read by every check below, serial and --parallel.
for (const parallel of [false, true]) {
  describe(`peer: at the end of the test${parallel ? " (--parallel)" : ""}`, function () {
    this.timeout(60000)
    let run: ChildRun

    before(async () => {
      run = await runFixture(["../../peer/fixtures/end-of-test.fixture.ts"], {
        parallel,
        timeout: 50000,
      })
    })

    it("fails a test that got an unmatched message while it waited on something else", () => {
      const err = failure(
        run,
        "peer fixture gets an unmatched message while the test waits on nothing of the harness",
      )
      expect(err.code).to.equal("ERR_ZMQH_UNEXPECTED_MESSAGE")
      expect(err.message).to.include(
        'expected a message that an expectation of pull peer (bind inproc://peer-unmatched) matches, got ["ping", "1"]. ' +
          'The closest expectation, ["ping", <typeOf("number")>], differs at frame 1 (frame 1: expected <typeOf("number")>, got "1").',
      )
    })

    it("fails a test that ended with unmet expectations, saying how often each was seen", () => {
      const err = failure(run, "peer fixture ends with an expectation met once of twice")
      expect(err.code).to.equal("ERR_ZMQH_UNMET_EXPECTATIONS")
      expect(err.message!.split("\n").slice(0, 4)).to.deep.equal([
        "zmq-harness: expected every expectation of pull peer (bind inproc://peer-unmet) to be met by the end of the test, got 2 unmet:",
        '  expected ["ping", <typeOf("number")>] 2 times, saw it once',
        '  expected ["spare"] at least once (persist), never saw it',
        "Wait for them with `await peer.done()` before the test ends, or remove the expectations that may not happen.",
      ])
    })

    it("counts a reply still delayed as owed, and the run exits by itself at once (no timer left)", () => {
      const err = failure(
        run,
        "peer fixture ends with a reply delayed and a publication going, and leaves no timer behind",
      )
      expect(err.message).to.include("got 0 unmet and 1 pending:\n  1 reply(ies) not sent yet\n")
      // The delay (60 s) and the publication (1000 s) were cut short: Mocha exited on its own.
      // The whole run is bounded below the delay it must not wait for: under a load of 10 per
      // core the run alone took 40 s, so a 30 s bound failed without any timer left.
      expect(run.duration).to.be.below(55000)
      expect(run.signal).to.equal(null)
    })

    it("lists the peer, what it got and what it still expects, in the hang report of Mocha's timeout", () => {
      const err = failure(
        run,
        "peer fixture hangs past Mocha's timeout with a peer that still expects a message",
      )
      expect(err.message).to.include(
        "zmq-harness hang report (what the test was doing when Mocha's timeout fired):\n" +
          '  rep peer "backend" (bind inproc://peer-hang): got 0 message(s), still expects: expected ["ping"] once, never saw it\n' +
          '    Transcript of rep peer "backend" (bind inproc://peer-hang): nothing sent or received.',
      )
    })

    it("passes a test whose peer got what it expected", () => {
      expect(run.passes.map((t) => t.fullTitle)).to.include(
        "peer fixture passes with every expectation met",
      )
    })

    it("fails the closing hook of a suite whose before-hook peer was left unmet", () => {
      const err = failure(
        run,
        'peer fixture with a peer made in a before hook "after all" hook: zmq-harness: close what the suite\'s hooks made',
      )
      expect(err.message).to.include('expected ["never"] once, never saw it')
      expect(run.code).to.equal(5)
    })
  })
}
