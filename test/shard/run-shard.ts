import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { MOCHA_BIN, ROOT } from "../helpers/child-mocha"

/** The fixture suites of test/shard: two files, so that --parallel has files to spread. */
export const SHARD_FIXTURES = ["alpha.fixture.ts", "beta.fixture.ts"].map((f) =>
  path.join(ROOT, "test/fixtures/shard", f),
)

/** What one child Mocha run of the shard fixtures did, from its json reporter. */
export interface ShardRun {
  code: number | null
  stdout: string
  stderr: string
  /** Full titles of the tests that passed, failed, were pending: every test the run reported. */
  passes: string[]
  failures: string[]
  pending: string[]
  /** All of the above. */
  reported: string[]
}

/**
 * Runs Mocha on the shard fixtures (or `files`) in a child process (the plugin from source through tsx, json
 * reporter to a file) with `env` and `args`, and waits for it to exit. Bounded: a run that outlives 60 s is
 * killed and fails the test with its output. The child's environment drops any
 * ZMQ_HARNESS_SHARD of this run, so only `env` picks the shard.
 */
export function runShard(
  options: {
    env?: Record<string, string>
    args?: string[]
    config?: string
    files?: string[]
    /** Another reporter than json (then passes, failures and pending stay empty). */
    reporter?: string
  } = {},
): Promise<ShardRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-shard-"))
  const report = path.join(dir, "report.json")
  // tsx, not ts-node: about four times faster to start, and these tests start some 25 runs.
  const args = [
    MOCHA_BIN,
    ...(options.config ? ["--config", options.config] : ["--no-config"]),
    "--no-package",
    "--require",
    "tsx/cjs",
    "--require",
    "./lib/register.ts",
    "--extension",
    "ts",
    ...(options.reporter
      ? ["--reporter", options.reporter]
      : ["--reporter", "json", "--reporter-option", `output=${report}`]),
    ...(options.args ?? []),
    ...(options.files ?? SHARD_FIXTURES),
  ]
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
  if (!options.env?.ZMQ_HARNESS_SHARD) delete env.ZMQ_HARNESS_SHARD
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  let stdout = ""
  let stderr = ""
  child.stdout.setEncoding("utf8").on("data", (t: string) => {
    output += t
    stdout += t
  })
  child.stderr.setEncoding("utf8").on("data", (t: string) => {
    output += t
    stderr += t
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`child Mocha did not exit within 60000 ms:\n${output}`))
    }, 60000)
    child.once("error", reject)
    child.once("close", (code) => {
      clearTimeout(timer)
      let parsed: Record<"passes" | "failures" | "pending", { fullTitle: string }[]> = {
        passes: [],
        failures: [],
        pending: [],
      }
      if (fs.existsSync(report)) parsed = JSON.parse(fs.readFileSync(report, "utf8"))
      fs.rmSync(dir, { recursive: true, force: true })
      const titles = (list: { fullTitle: string }[]) => list.map((t) => t.fullTitle)
      const run = {
        code,
        stdout,
        stderr,
        passes: titles(parsed.passes),
        failures: titles(parsed.failures),
        pending: titles(parsed.pending),
      }
      resolve({ ...run, reported: [...run.passes, ...run.failures, ...run.pending] })
    })
  })
}

/** Runs `jobs` at most `limit` at a time (the machine is small), in order of the results. */
export async function inTurn<T>(jobs: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array(jobs.length)
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++
      results[i] = await jobs[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker))
  return results
}
