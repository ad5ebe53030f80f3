import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { ROOT, runToExit, type ChildExit } from "../helpers/child-mocha"

/** A child Vitest or Jest run on the fixtures of test/fixtures/runners, with its leftovers. */
export interface ChildRunnerRun extends ChildExit {
  /** Pids of processes the tests left running (written by the fixtures), still alive after the run. */
  alive: number[]
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Runs `runner` (vitest or jest) on its fixture config with `env`, bounded by `timeoutMs`
 * (runToExit rejects when the run does not exit by itself), and reports which processes the
 * tests started are still alive afterwards.
 */
export async function runRunner(
  runner: "vitest" | "jest",
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ChildRunnerRun> {
  const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-runner-")), "pids")
  fs.writeFileSync(pidFile, "")
  const config = path.join(ROOT, "test/fixtures/runners", runner)
  const args =
    runner === "vitest"
      ? [
          path.join(ROOT, "node_modules/vitest/vitest.mjs"),
          "run",
          "--config",
          path.join(config, "vitest.config.mjs"),
        ]
      : [
          path.join(ROOT, "node_modules/jest/bin/jest.js"),
          "--config",
          path.join(config, "jest.config.js"),
        ]
  const run = await runToExit(args, {
    env: { ...env, PID_FILE: pidFile, NO_COLOR: "1", FORCE_COLOR: "0" },
    timeoutMs,
  })
  const pids = fs.readFileSync(pidFile, "utf8").split("\n").filter(Boolean).map(Number)
  fs.rmSync(path.dirname(pidFile), { recursive: true, force: true })
  return { ...run, alive: pids.filter(isAlive) }
}
