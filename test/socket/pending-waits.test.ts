import { expect } from "chai"
import * as path from "node:path"
import { ProcessExitedError, socket, startProcess } from "../../lib"
import { rejection } from "../helpers/rejection"

const fixture = (name: string) => path.join(__dirname, "../fixtures/processes", name)

describe("pending waits and the crash rule @process", () => {
  it("fails a receive started before startProcess() at once when that process crashes", async () => {
    // Listen first, then start the process: the receive began while nothing could crash yet.
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const started = performance.now()
    const receiving = rejection(() => pull.recv())
    await startProcess("node", [fixture("crasher.js"), "--after", "50"], { ready: /started/ })
    const err = await receiving
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect(err.code).to.equal("ERR_ZMQH_PROCESS_EXITED")
    expect(performance.now() - started).to.be.below(2500) // far below its own 5000 ms bound
  })

  it("fails a subscribed() wait started before startProcess() at once, too", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const started = performance.now()
    const waiting = rejection(() => pub.subscribed("news"))
    await startProcess("node", [fixture("crasher.js"), "--after", "50"], { ready: /started/ })
    expect(await waiting).to.be.instanceOf(ProcessExitedError)
    expect(performance.now() - started).to.be.below(2500)
  })

  it("fails a send and a connected() wait started before startProcess() at once, too", async () => {
    // immediate: nothing queues for a connection not made, so the send waits for a peer.
    const push = await socket("push", {
      connect: "tcp://127.0.0.1:47197",
      immediate: true,
      timeout: 5000,
    })
    const started = performance.now()
    const sending = rejection(() => push.sendFrames(["x"]))
    const connecting = rejection(() => push.connected())
    await startProcess("node", [fixture("crasher.js"), "--after", "50"], { ready: /started/ })
    expect(await sending).to.be.instanceOf(ProcessExitedError)
    expect(await connecting).to.be.instanceOf(ProcessExitedError)
    expect(performance.now() - started).to.be.below(2500)
  })
})

describe("in-flight operations", () => {
  it("names a pending receive in the hang report after a concurrent send has finished", async () => {
    const dealer = await socket("dealer", { bind: "inproc://in-flight", timeout: 2000 })
    const peer = await socket("dealer", { connect: "inproc://in-flight" })
    const receiving = dealer.recv()
    await dealer.send(["to the peer"]) // settles while the receive stays pending
    expect(dealer.describe()).to.match(
      /^dealer socket \(bind inproc:\/\/in-flight\): waiting on receive for \d+ ms \(its own bound: 2000 ms\)\n/,
    )
    await expect(peer).to.receive([["to the peer"]])
    await peer.send(["back"])
    expect(await receiving).to.deep.equal([["back"]])
    expect(dealer.describe()).to.match(/: idle, 2 message\(s\) in its transcript$/)
  })
})
