import { expect } from "chai"
import { socket, TestSocket } from "../../lib"
import { freePort } from "../helpers/ports"

describe("lifecycle: consecutive tests bind one fixed port", () => {
  // A free port outside the ephemeral range (see freePort): only the cleanup between the
  // tests below frees it for the next one.
  let FIXED = ""
  before(async () => {
    FIXED = `tcp://127.0.0.1:${await freePort()}`
  })

  for (const n of [1, 2, 3]) {
    it(`binds the fixed port with a live connection (test ${n})`, async () => {
      const rep = await socket("rep", { bind: FIXED })
      const req = await socket("req", { connect: FIXED })
      await req.send(n)
      await expect(rep).to.receive([n])
      await rep.send(n)
      await expect(req).to.receive([n])
    })
  }
})

let suiteSocket: TestSocket | undefined
let testSocket: TestSocket | undefined

describe("lifecycle: sockets made in a before hook", () => {
  before(async () => {
    suiteSocket = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  })

  it("are usable in the first test", async () => {
    const push = await socket("push", { connect: suiteSocket!.endpoint })
    await push.send(1)
    await expect(suiteSocket!).to.receive([1])
    testSocket = push
  })

  it("live on into the next test, while the test's own are closed", async () => {
    expect(testSocket!.closed).to.equal(true)
    expect(suiteSocket!.closed).to.equal(false)
    const push = await socket("push", { connect: suiteSocket!.endpoint })
    await push.send(2)
    await expect(suiteSocket!).to.receive([2])
  })

  after(() => {
    // The user's own after hooks run before the harness closes the suite's sockets.
    expect(suiteSocket!.closed).to.equal(false)
  })
})

describe("lifecycle: after the suite that made them", () => {
  it("sockets of a before hook are closed", () => {
    expect(suiteSocket!.closed).to.equal(true)
  })
})

describe("lifecycle: afterEach hooks", () => {
  let sock: TestSocket | undefined
  afterEach(() => {
    // The user's afterEach still sees the test's sockets open.
    expect(sock!.closed).to.equal(false)
  })

  it("run before the test's sockets are closed", async () => {
    sock = await socket("pull")
  })
})
