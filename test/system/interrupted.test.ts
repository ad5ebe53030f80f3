import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { expect } from "chai"
import { waitUntilGone } from "./support/pids"

const fixture = path.join(__dirname, "..", "fixtures", "system", "interrupted.ts")

/** Resolves with the pids the program wrote, polling (bounded) for the file. */
async function pidsWritten(file: string, ms = 10_000): Promise<number[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []
    if (lines.length === 2) return lines.map(Number)
    if (Date.now() > deadline) throw new Error(`no pids in ${file} after ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

// Programs run detached, out of reach of the terminal's Ctrl-C: the test
// process must take them down when it is interrupted.
describe("runProgram when the test process is interrupted @system", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`kills the program's tree on ${signal}, then dies of ${signal} as it would have`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "zmqh-interrupted-"))
      const pidsFile = path.join(dir, "pids")
      const runner = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", fixture], {
        env: { ...process.env, ZMQH_PIDS_FILE: pidsFile },
        stdio: ["ignore", "ignore", "pipe"],
      })
      let stderr = ""
      runner.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        runner.once("exit", (_code, sig) => resolve(sig)),
      )
      try {
        const pids = await pidsWritten(pidsFile)
        runner.kill(signal)
        expect(await exited, stderr).to.equal(signal)
        await waitUntilGone(pids)
      } finally {
        runner.kill("SIGKILL")
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})
