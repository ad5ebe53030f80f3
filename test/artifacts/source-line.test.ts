import { expect } from "chai"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { sourceLine } from "../../lib/artifacts/source-line"
import { ROOT } from "../helpers/child-mocha"

// The line report.html links a failure to: the test's own, never the harness's or a package's.

const TEST = path.join(ROOT, "test/app/pong.test.ts")
const HELPER = path.join(ROOT, "test/app/helpers.ts")
const HARNESS = path.join(ROOT, "lib/socket/test-socket.ts")

function error(...frames: string[]): Error {
  const err = new Error("boom")
  err.stack = ["Error: boom", ...frames.map((f) => `    at ${f}`)].join("\n")
  return err
}

describe("artifacts: the failure's source line", () => {
  it("takes the first frame in the test's file, past the harness's and a helper's", () => {
    const err = error(
      `TestSocket.receive (${HARNESS}:120:11)`,
      `ask (${HELPER}:5:3)`,
      `Context.<anonymous> (${TEST}:23:29)`,
      `processTicksAndRejections (node:internal/process/task_queues:95:5)`,
    )
    expect(sourceLine(err, TEST)).to.deep.equal({
      file: "test/app/pong.test.ts",
      path: TEST,
      line: 23,
      column: 29,
    })
  })

  it("takes the first frame that is no harness's, Node's or package's when the test's file is not in the stack", () => {
    const err = error(
      `${HARNESS}:120:11`,
      `Object.<anonymous> (${path.join(ROOT, "node_modules/chai/lib/chai.js")}:1:1)`,
      `${pathToFileURL(HELPER).href}:5:3`,
    )
    expect(sourceLine(err, TEST)).to.include({ file: "test/app/helpers.ts", line: 5, column: 3 })
  })

  it("has none for what has no stack, or only the harness's frames", () => {
    expect(sourceLine("a string", TEST)).to.equal(undefined)
    expect(sourceLine(null, TEST)).to.equal(undefined)
    expect(sourceLine(error(`${HARNESS}:1:1`, "node:internal/x:1:1"), TEST)).to.equal(undefined)
  })
})
