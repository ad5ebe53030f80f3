import { expect } from "chai"
import { spawn } from "node:child_process"
import * as path from "node:path"
import { runProgram } from "../../lib"
import { findMarked, MARK_VARIABLE, markEnv, markOf, newMark } from "../../lib/process/marks"
import { isRunning, stopsRunning } from "./running"

const daemonize = path.join(__dirname, "../fixtures/processes/daemonize.js")

describe("process marks @process", () => {
  it("are unique, appended to the marks an environment inherited", () => {
    const [a, b] = [newMark(), newMark()]
    expect(a).to.not.equal(b)
    const inner = markEnv(markEnv({ PATH: "/bin" }, a), b)
    expect(inner[MARK_VARIABLE]).to.equal(`${a},${b}`)
    expect(inner.PATH).to.equal("/bin")
    expect(markOf(inner)).to.equal(b)
  })

  it("find the live processes that carry a mark, and only those", async () => {
    const mark = newMark()
    const marked = spawn("sleep", ["30"], { env: markEnv(process.env, mark), stdio: "ignore" })
    const other = spawn("sleep", ["30"], { env: markEnv(process.env, newMark()), stdio: "ignore" })
    try {
      await Promise.all([marked, other].map((c) => new Promise((r) => c.once("spawn", r))))
      expect(findMarked(new Set([mark]), marked.pid! - 1)).to.deep.equal([
        { pid: marked.pid, command: "sleep 30" },
      ])
      // Older than the process: not read, not found.
      expect(findMarked(new Set([mark]), marked.pid!)).to.deep.equal([])
    } finally {
      marked.kill("SIGKILL")
      other.kill("SIGKILL")
    }
  })

  it("let runProgram reap a daemon its program left", async () => {
    const run = await runProgram("node", [daemonize], { timeout: 10000 })
    const daemon = Number(/daemon (\d+)/.exec(run.stdout)?.[1])
    try {
      expect(run.code).to.equal(0)
      expect(daemon).to.be.above(0)
      expect(await stopsRunning(daemon), "the daemon").to.equal(true)
    } finally {
      if (isRunning(daemon)) process.kill(daemon, "SIGKILL")
    }
  })
})
