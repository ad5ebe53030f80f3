import { expect } from "chai"
import * as path from "node:path"
import { startModule, startProcess, UsageError } from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { hangReport } from "../../lib/core/hang-report"
import { OutputBuffer } from "../../lib/process/output"

const pong = path.join(__dirname, "../fixtures/processes/pong.js")

describe("the process handle @process", () => {
  it("is listed with the tail of its output in a hang report", async () => {
    const proc = await startProcess("node", [pong], { ready: /listening on/ })
    expect(hangReport([currentScope()])).to.match(
      new RegExp(
        `^zmq-harness hang report \\(what the test was doing when Mocha's timeout fired\\):\\n {2}process "node \\S+pong.js" \\(pid ${proc.pid}\\): running for \\d+ ms\\n {8}stdout \\(last 5 lines\\):\\n {10}listening on tcp://127\\.0\\.0\\.1:\\d+\\n`,
      ),
    )
  })

  it("says how to get stubs when it has none", async () => {
    const proc = await startModule(pong, [], { ready: /listening on/ })
    expect(() => proc.stub("./b", "B")).to.throw(
      UsageError,
      'Pass `stubs: [{ module: "./b", export: "B" }]` to startModule.',
    )
  })

  it("refuses stubs with startProcess", async () => {
    const err = await startProcess("node", [pong], {
      stubs: [{ module: "./b", export: "B" }],
    }).catch((e: Error) => e)
    expect((err as Error).message).to.equal(
      "zmq-harness: expected `stubs` only with startModule (they need its IPC channel), got them with startProcess. Start the module with startModule.",
    )
  })
})

describe("OutputBuffer", () => {
  it("keeps the newest characters up to its limit and counts what it let go", () => {
    const buffer = new OutputBuffer(10)
    for (let i = 0; i < 5; i++) buffer.append("abcdef")
    expect(buffer.text).to.equal("cdefabcdef")
    expect(buffer.dropped).to.equal(20)
  })
})
