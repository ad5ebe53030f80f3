import { expect } from "chai"
import { socket, type TestSocket } from "../../lib"
import { runFixture, type ChildRun } from "./run-fixture"

const titles = (tests: { fullTitle: string }[]) => tests.map((t) => t.fullTitle)

describe("sockets of a before hook, across tests", function () {
  this.timeout(40000)
  let run: ChildRun
  before(async () => {
    run = await runFixture(["swallowed.fixture.ts"])
  })

  it("gives a later test what a receive abandoned by Mocha's timeout brings", () => {
    expect(titles(run.passes)).to.include(
      "swallowed fixture gets the message sent in it, not swallowed by the abandoned receive",
    )
    expect(titles(run.failures)).to.include(
      "swallowed fixture waits on a receive until Mocha's timeout ends it",
    )
  })

  it("notes a message read by a later test than the one it arrived in", () => {
    expect(titles(run.passes)).to.include("late fixture reads the late message, which is noted")
    expect(run.stderr).to.include(
      '  zmq-harness: "late fixture reads the late message, which is noted" read a message that arrived ' +
        'during "late fixture gives up waiting when Mocha\'s timeout fires" on pull socket (bind inproc://late): [["late for test 1"]]\n',
    )
  })

  it("notes a message that arrived unread during one test and was read by the next (issue 20)", () => {
    expect(titles(run.passes)).to.include(
      "between tests fixture reads what test 1 left, which is noted",
    )
    expect(run.stderr).to.include(
      '  zmq-harness: "between tests fixture reads what test 1 left, which is noted" read a message that arrived ' +
        'during "between tests fixture sends a message and does not read it" on pull socket (bind inproc://between): [["left by test 1"]]\n',
    )
  })

  it("reports unread messages of a suite's sockets when the suite ends", () => {
    expect(run.stderr).to.include(
      '  zmq-harness: the suite "late fixture" ended with unread messages on the sockets of its before hooks:\n' +
        "    pull socket (bind inproc://late): 1 unread message(s):\n" +
        '      [["never read"]]\n',
    )
    expect(run.failures).to.have.length(2) // the two tests ended by Mocha's timeout
  })

  it("fails the suite's closing hook with failOnUnread, and runs the other suites", async () => {
    const strict = await runFixture(["swallowed.fixture.ts"], {
      env: { ZMQ_HARNESS_FAIL_ON_UNREAD: "1" },
    })
    const hook = strict.failures.find((t) =>
      t.fullTitle.startsWith('late fixture "after all" hook'),
    )
    expect(hook, strict.stderr).to.not.equal(undefined)
    expect(hook!.err.code).to.equal("ERR_ZMQH_UNREAD_MESSAGES")
    expect(hook!.err.message).to.equal(
      'zmq-harness: expected the tests of "late fixture" to read every message that arrived on the sockets of its before hooks, got unread messages:\n' +
        'pull socket (bind inproc://late): 1 unread message(s):\n  [["never read"]]\n' +
        "Receive them in a test, or turn `failOnUnread` off.",
    )
    expect(titles(strict.passes)).to.include("a later suite still runs")
  })
})

describe("the transcript of a socket made in a before hook", () => {
  let pull: TestSocket
  let push: TestSocket
  before(async () => {
    pull = await socket("pull", { bind: "inproc://transcript-tests" })
    push = await socket("push", { connect: "inproc://transcript-tests" })
  })

  it("marks each entry with the test it belongs to (test 1)", async () => {
    await push.send(["one"])
    await pull.recv()
  })

  it("marks each entry with the test it belongs to (test 2)", async () => {
    await push.send(["two"])
    await pull.recv()
    const suite = "the transcript of a socket made in a before hook"
    expect(push.transcript.map((e) => e.test)).to.deep.equal([
      `${suite} marks each entry with the test it belongs to (test 1)`,
      `${suite} marks each entry with the test it belongs to (test 2)`,
    ])
    expect(pull.renderTranscript().replace(/ +\+\d+\.\dms/g, " +T")).to.equal(
      `Transcript of ${pull.name}:\n` +
        `  during "${suite} marks each entry with the test it belongs to (test 1)":\n` +
        ` +T  received  [["one"]]\n` +
        `  during "${suite} marks each entry with the test it belongs to (test 2)":\n` +
        ` +T  received  [["two"]]`,
    )
  })
})
