import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { runFixture, type ChildRun } from "../mocha/run-fixture"

// issue 19: a process under test talks to a replay (or a recording proxy, or a mock peer) that
// sees a problem; the process exits 1; the user's `expect(code).to.equal(0)` failed with
// "expected 1 to equal +0" and said no more.
describe("what a replay, a recording or a mock peer saw, in a test that failed on its own", function () {
  this.timeout(60000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-cassette-notices-"))
  let run: ChildRun
  const message = (title: string) => {
    const found = run.failures.find((t) => t.fullTitle === `notices ${title}`)
    if (!found) throw new Error(`expected "${title}" to fail:\n${run.stdout}\n${run.stderr}`)
    return found.err.message ?? ""
  }

  before(async () => {
    fs.writeFileSync(
      path.join(dir, "quotes.json"),
      JSON.stringify({
        format: "zmq-harness cassette",
        version: 1,
        name: "quotes",
        recorded: "2026-11-30T10:00:00.000Z",
        channels: { main: { type: "req", peer: "rep", target: "tcp://127.0.0.1:1" } },
        messages: [
          { channel: "main", direction: "upstream", at: 1, frames: ['{"symbol":"ACME"}'] },
          { channel: "main", direction: "downstream", at: 2, frames: ['{"price":101.25}'] },
        ],
      }),
    )
    fs.writeFileSync(
      path.join(dir, "market.json"),
      JSON.stringify({
        format: "zmq-harness cassette",
        version: 1,
        name: "market",
        recorded: "2026-11-30T10:00:00.000Z",
        channels: {
          orders: { type: "push", peer: "pull", target: "tcp://127.0.0.1:1" },
          ticks: { type: "sub", peer: "xpub", target: "tcp://127.0.0.1:2" },
        },
        messages: [
          { channel: "orders", direction: "upstream", at: 1, frames: ["buy", "ACME"] },
          { channel: "ticks", direction: "downstream", at: 2, frames: ["ACME", "101"] },
        ],
      }),
    )
    run = await runFixture(["../../cassette/fixtures/notices.fixture.ts"], {
      env: { ZMQH_FIXTURE_DIR: dir },
      timeout: 50000,
    })
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("fails every test of the fixture on the user's own assertion", () => {
    expect(
      run.failures.map((t) => t.err.message?.split("\n")[0].replace(/ \(connect .*/, "")),
      run.stderr,
    ).to.deep.equal([
      ...Array(3).fill("expected 1 to equal +0"),
      "zmq-harness: receive timed out: expected a message on sub socket",
      "expected 1 to equal +0",
    ])
  })

  it("says which request the replay did not hold, and the nearest recorded one", () => {
    const text = message("a replay gets a request it does not hold")
    expect(text).to.match(
      /^expected 1 to equal \+0\n\nzmq-harness also saw:\n {2}- expected a message that an expectation of rep peer "quotes\/main" \(bind tcp:\/\/127\.0\.0\.1:\d+\) matches, got \[\{"symbol":"ACMEE"\}\]\. The nearest recorded request of channel "main" of cassette .*quotes\.json \(message 0 of the cassette\) is /,
    )
    expect(text).to.include('after normalisation, request[0].symbol: expected "ACME", got "ACMEE".')
  })

  it("says which recorded request never came", () => {
    expect(message("a replay never gets the request it holds")).to.match(
      /^expected 1 to equal \+0\n\nzmq-harness also saw:\n {2}- expected every expectation of rep peer "quotes\/main" \(bind tcp:\/\/127\.0\.0\.1:\d+\) to be met by the end of the test, got 1 unmet:\n {6}expected <predicate recorded request 0 \[\{"symbol":"ACME"\}\]> once, never saw it\n/,
    )
  })

  it("says which cassette was missing, which target did not answer, and that CI should use lockdown", () => {
    const text = message("a cassette is missing and its target does not answer")
    const file = path.join(dir, "missing.json")
    expect(text).to.match(
      new RegExp(
        `^expected 1 to equal \\+0\\n\\nzmq-harness also saw:\\n {2}- cassette ${file} is missing, so record\\("missing"\\) records it from tcp://127\\.0\\.0\\.1:\\d+, which did not answer: ` +
          "no connection to it was made \\(is anything listening there\\?\\) and 1 request\\(s\\) to it went nowhere\\. " +
          "Start the real peer \\(or give `target` a function that starts it\\) and record again; " +
          "in CI, set ZMQ_HARNESS_CASSETTES=lockdown so that a missing cassette fails at once instead of waiting for a peer that is not there\\.$",
      ),
    )
  })

  it("said so on stderr while the process under test was still waiting, and wrote no cassette", () => {
    const file = path.join(dir, "missing.json")
    expect(run.stderr).to.match(
      new RegExp(
        `zmq-harness: cassette ${file} is missing, so record\\("missing"\\) records it from tcp://127\\.0\\.0\\.1:\\d+, which has not answered in 300 ms: `,
      ),
    )
    expect(run.stderr).to.include(
      `zmq-harness: cassette ${file} was not written: its target tcp://127.0.0.1:`,
    )
    expect(fs.existsSync(file)).to.equal(false)
  })

  it("says what a replayed stream's next message waited for, when the test waited for it in vain", () => {
    const text = message("a replayed stream waits for a request that never came")
    const file = path.join(dir, "market.json")
    expect(text).to.include(
      `\n  - replay of channel "ticks" of cassette ${file} played 0 of its 1 recorded message(s): ` +
        'the next one waited for recorded request 0 on channel "orders", ["buy", "ACME"], to be replayed.',
    )
    // The timeout itself says it too, where it lists the test's mock peers.
    expect(text).to.include(
      `replay of channel "ticks" of cassette ${file} (played 0 of its 1 recorded message(s); ` +
        'the next waits for recorded request 0 on channel "orders", ["buy", "ACME"], to be replayed): pub peer',
    )
    expect(text).to.include(
      'expected <predicate recorded request 0 ["buy", "ACME"]> once, never saw it',
    )
  })

  it("says which request the mock peer's expectations did not match", () => {
    expect(message("a mock peer gets a request no expectation matches")).to.match(
      /^expected 1 to equal \+0\n\nzmq-harness also saw:\n {2}- expected a message that an expectation of rep peer "quotes" \(bind tcp:\/\/127\.0\.0\.1:\d+\) matches, got \[\{"symbol":"ACMEE"\}\]\. The closest expectation, \[\{"symbol": "ACME"\}\], differs at frame 0 \(frame 0\.symbol: expected "ACME", got "ACMEE"\)\./,
    )
  })
})
