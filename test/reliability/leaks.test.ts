import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { socket } from "../../lib"

describe("what a closed socket leaves behind", () => {
  it("closing a socket bound to an ipc path removes its socket file (it stayed in the folder)", async () => {
    const file = path.join(os.tmpdir(), `zmqh-leak-${process.pid}.sock`)
    const pull = await socket("pull", { bind: `ipc://${file}` })
    const push = await socket("push", { connect: pull.endpoint })
    await push.send(["x"])
    await expect(pull).to.receive([["x"]])
    expect(fs.lstatSync(file).isSocket()).to.equal(true)
    await pull.close()
    expect(fs.existsSync(file)).to.equal(false)
  })

  it("the same path can be bound again at once after the close", async () => {
    const file = path.join(os.tmpdir(), `zmqh-leak-again-${process.pid}.sock`)
    const first = await socket("pull", { bind: `ipc://${file}` })
    await first.close()
    const second = await socket("pull", { bind: `ipc://${file}` })
    const push = await socket("push", { connect: second.endpoint })
    await push.send(["again"])
    await expect(second).to.receive([["again"]])
  })
})
