import { expect } from "chai"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { startProcess } from "../../lib"
import { childMochaArgs, ROOT } from "../helpers/child-mocha"
import { isRunning, stopsRunning } from "../process/running"

const suite = path.join(__dirname, "../fixtures/processes/pid-reuse/reused.suite.ts")

/**
 * Runs the fixture suite in a Mocha child alone in a new pid namespace, under a shell that stays
 * its pid 1 (when pid 1 dies the kernel kills the whole namespace, victim included): after Mocha
 * has ended, the shell prints the victim's state, so an interrupted run's doings show too.
 */
function inPidNamespace(mode: "end" | "interrupt"): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pid-reuse-"))
  const victimFile = path.join(dir, "victim")
  const script =
    `"$@"; echo "MOCHA EXIT $?"; v=$(cat "$VICTIM_FILE" 2>/dev/null); ` +
    `echo "VICTIM STATE $(cut -d' ' -f3 /proc/$v/stat 2>/dev/null || echo gone)"`
  const child = spawn(
    "unshare",
    ["-pf", "--mount-proc", "sh", "-c", script, "sh", process.execPath, ...childMochaArgs([suite])],
    {
      cwd: ROOT,
      env: { ...process.env, REUSE_MODE: mode, VICTIM_FILE: victimFile },
      stdio: ["ignore", "pipe", "pipe"],
    },
  )
  let output = ""
  child.stdout.setEncoding("utf8").on("data", (t: string) => (output += t))
  child.stderr.setEncoding("utf8").on("data", (t: string) => (output += t))
  const timer = setTimeout(() => child.kill("SIGKILL"), 40000)
  return new Promise((resolve, reject) => {
    child.once("error", reject)
    child.once("close", () => {
      clearTimeout(timer)
      fs.rmSync(dir, { recursive: true, force: true })
      resolve(output)
    })
  })
}

function startTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19])
}

/** Waits (bounded) until the clock of /proc/PID/stat's starttime has passed `ticks`. */
async function nextTickAfter(ticks: number): Promise<void> {
  const deadline = performance.now() + 1000
  while (Math.floor(Number.parseFloat(fs.readFileSync("/proc/uptime", "utf8")) * 100) <= ticks) {
    if (performance.now() > deadline) throw new Error("the clock did not move in 1 s")
    await new Promise((resolve) => setImmediate(resolve))
  }
}

const asRoot = process.platform === "linux" && process.getuid?.() === 0

describe("a pid whose exit was seen is never signalled (issue 20) @process", function () {
  this.timeout(60000)
  before(function () {
    if (!asRoot) this.skip() // a pid namespace and ns_last_pid need root
  })

  it("at the end of the test: the process that got the pid of an exited process under test survives", async () => {
    const output = await inPidNamespace("end")
    expect(output, output).to.include("VICTIM SURVIVED")
    expect(output, output).to.include("MOCHA EXIT 0")
  })

  it("when the run is interrupted: killing every tree spares the process that got the pid", async () => {
    const output = await inPidNamespace("interrupt")
    expect(output, output).to.match(/MOCHA EXIT 130/)
    expect(output, output).to.match(/VICTIM STATE [SR]\b/)
  })

  it("what the exited process left in its group is still killed at the end, mark or not (it started before the exit)", async () => {
    const proc = await startProcess("sh", ["-c", 'env -i sleep 30 & echo "GC $!"; read line'], {
      ready: /GC \d+/,
      failOnExit: false,
    })
    const grandchild = Number((await proc.waitForOutput(/GC (\d+)/))[1])
    await nextTickAfter(startTicks(grandchild)) // so its start and the exit are a clock tick apart
    proc.child.stdin!.end("bye\n")
    expect(await proc.exited).to.deep.equal({ code: 0, signal: null })
    expect(isRunning(grandchild), "the grandchild, whose environment has no mark").to.equal(true)
    await proc.stop()
    expect(await stopsRunning(grandchild), "the grandchild after stop()").to.equal(true)
  })
})
