import { expect } from "chai"
import { freePort } from "../helpers/ports"
import { runFixture, type ChildRun } from "./run-fixture"

function failure(run: ChildRun, title: string) {
  const found = run.failures.find((t) => t.fullTitle === title)
  if (!found)
    throw new Error(
      `expected "${title}" to fail, got failures: ${run.failures.map((t) => t.fullTitle).join("; ")}\n${run.stderr}`,
    )
  return found.err
}

// Each run starts Mocha and ts-node (seconds), so one run covers several fixture files and
// the checks below read it.
const COMBINED = ["hang.fixture.ts", "unawaited.fixture.ts", "wire.fixture.ts"]

for (const parallel of [false, true]) {
  describe(`child Mocha runs${parallel ? " (--parallel)" : ""}`, function () {
    this.timeout(40000)
    let combined: ChildRun
    let port = 0
    before(async () => {
      port = await freePort()
      combined = await runFixture(COMBINED, {
        parallel,
        env: { DEBUG: "zmq-harness*", FIXTURE_PORT: String(port) },
      })
    })

    it("exits by itself, promptly, when tests failed mid-receive, and frees the fixed port", () => {
      const run = combined
      // The pending receives are bounded at 60 s: an exit well before proves they were ended.
      expect(run.duration).to.be.below(30000)
      // Mocha's exit code counts failures: three in the hang fixture; in the unawaited
      // fixture, one test that forgot an exit assertion and one `before all` hook.
      expect(run.code).to.equal(5)
      expect(run.passes.map((t) => t.fullTitle).filter((t) => t.startsWith("hang"))).to.deep.equal([
        "hang fixture binds the same port right after",
        "hang fixture binds the same port again",
      ])
      expect(failure(run, "hang fixture throws while a receive is pending").message).to.equal(
        "boom",
      )
    })

    it("names the waiting socket in the hang report when Mocha's timeout fires", () => {
      const err = failure(combined, "hang fixture waits on a receive until Mocha's timeout fires")
      expect(err.message).to.match(/^Timeout of 300ms exceeded\./)
      const socketName = `rep socket "stuck server" (bind tcp://127.0.0.1:${port})`
      const report = err.message!.slice(err.message!.indexOf("\n\nzmq-harness hang report"))
      expect(report.replace(/for \d+ ms/, "for N ms")).to.equal(
        "\n\nzmq-harness hang report (what the test was doing when Mocha's timeout fired):\n" +
          `  ${socketName}: waiting on receive for N ms (its own bound: 60000 ms)\n` +
          `    Transcript of ${socketName}: nothing sent or received.`,
      )
    })

    it("fails a test that did not await its receive assertion", () => {
      const run = combined
      expect(run.passes.map((t) => t.fullTitle)).to.include("unawaited fixture awaits receive")
      const err = failure(run, "unawaited fixture forgets to await receive")
      expect(err.code).to.equal("ERR_ZMQH_UNAWAITED_ASSERTION")
      expect(err.message).to.match(
        /^zmq-harness: expected every receive assertion to be awaited, got 1 that was not:\n {2}expect\(pull socket \(bind inproc:\/\/unawaited\)\)\.to\.receive\(\[\["something else"\]\]\) at .*unawaited\.fixture\.ts:10:\d+\)?\nPut `await` before/,
      )
    })

    it("fails a before hook that left a receive assertion unawaited (issue 20)", () => {
      const run = combined
      const hook = run.failures.find((t) =>
        t.fullTitle.startsWith('unawaited hook fixture "before all" hook'),
      )
      expect(hook, run.stderr).to.not.equal(undefined)
      expect(hook!.err.code).to.equal("ERR_ZMQH_UNAWAITED_ASSERTION")
      expect(hook!.err.message).to.match(
        /^zmq-harness: expected every receive assertion to be awaited, got 1 that was not:\n {2}expect\(pull socket \(bind inproc:\/\/unawaited-hook\)\)\.to\.receive\(\[\["something else"\]\]\) at .*unawaited\.fixture\.ts:\d+:\d+\)?\nPut `await` before .*cannot fail the hook\.$/,
      )
      expect(run.passes.map((t) => t.fullTitle)).to.not.include(
        "unawaited hook fixture is not run: its before hook failed",
      )
    })

    it("fails a test that did not await its exit assertion", () => {
      const err = failure(combined, "unawaited fixture forgets to await exit")
      expect(err.code).to.equal("ERR_ZMQH_UNAWAITED_ASSERTION")
      expect(err.message).to.match(
        /^zmq-harness: expected every exit assertion to be awaited, got 1 that was not:\n {2}expect\(process "node -e .*" \(pid \d+\)\)\.to\.exit\(0\) at .*unawaited\.fixture\.ts:\d+:\d+\)?\nPut `await` before `expect\(proc\)\.to\.exit\(…\)` \(or return its promise\)/,
      )
    })

    // The serial runs cover every way to ask; one --parallel run of unread suffices.
    if (!parallel)
      it("reports unread messages on stderr and passes by default", async () => {
        const run = await runFixture(["unread.fixture.ts"], { parallel })
        expect(run.code).to.equal(0)
        expect(run.stderr).to.include(
          '  zmq-harness: "unread fixture leaves two messages unread" ended with unread messages:\n' +
            "    pull socket (bind inproc://unread): 2 unread message(s):\n" +
            '      [["first"]]\n' +
            '      [["second"]]\n',
        )
      })

    for (const [how, env] of [
      ["ZMQ_HARNESS_FAIL_ON_UNREAD=1", { ZMQ_HARNESS_FAIL_ON_UNREAD: "1" }],
      ["configure({ failOnUnread: true })", { FIXTURE_CONFIGURE: "1" }],
    ] as const) {
      if (parallel && how.startsWith("configure")) continue
      it(`fails a test that left messages unread with ${how}`, async () => {
        const run = await runFixture(["unread.fixture.ts"], { parallel, env })
        expect(run.code).to.equal(1)
        const err = failure(run, "unread fixture leaves two messages unread")
        expect(err.code).to.equal("ERR_ZMQH_UNREAD_MESSAGES")
        expect(err.message).to.equal(
          "zmq-harness: expected the test to read every message that arrived, got unread messages:\n" +
            'pull socket (bind inproc://unread): 2 unread message(s):\n  [["first"]]\n  [["second"]]\n' +
            "Receive them in the test, or turn `failOnUnread` off.",
        )
      })
    }

    it("prints every frame sent and received with DEBUG=zmq-harness*", () => {
      const lines = combined.stderr
        .split("\n")
        .filter((l) => l.includes("zmq-harness:wire") && l.includes("inproc://wire"))
        .map((l) => l.replace(/^\S+ /, ""))
      expect(lines).to.deep.equal([
        'zmq-harness:wire req socket (connect inproc://wire) sent [["ping",1]]',
        'zmq-harness:wire rep socket (bind inproc://wire) received [["ping",1]]',
        'zmq-harness:wire rep socket (bind inproc://wire) sent ["pong"]',
        'zmq-harness:wire req socket (connect inproc://wire) received ["pong"]',
      ])
    })
  })
}
