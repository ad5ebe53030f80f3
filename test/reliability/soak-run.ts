/**
 * The soak: runs test/fixtures/reliability/soak.suite.ts (N tests, each with four sockets and
 * one process) in a Mocha child and reports descriptors, RSS, and what was left behind.
 *
 *   npm run soak            # 300 tests
 *   npm run soak -- 50      # another count
 */
import * as path from "node:path"
import { isRunning } from "../process/running"
import { childMochaArgs, runChildMocha } from "../helpers/child-mocha"

const root = path.join(__dirname, "../..")
const suite = path.join(root, "test/fixtures/reliability/soak.suite.ts")

/** Bounds the soak is held to, from the warm sample to the end. */
export const bounds = {
  /** Open descriptors may differ by this many (a pooled connection, a timer's pipe). */
  fdGrowth: 5,
  /** RSS may grow by this many bytes over the run (V8's heap settles in steps). */
  rssGrowth: 40 * 1024 * 1024,
}

export interface SoakReport {
  tests: number
  passed: number
  failed: number
  seconds: number
  fds: { start: number; warm: number; end: number }
  rss: { start: number; warm: number; end: number }
  /** Processes the suite started that still run after the child Mocha exited. */
  processesLeft: number
  /** Child processes of the Mocha child still there at its end (zombies included). */
  childrenAtEnd: number
  /** ipc socket files left in the temp folder. */
  ipcFilesLeft: number
  exit: { code: number | null; signal: NodeJS.Signals | null }
  output: string
}

function field(output: string, label: string, name: string): number {
  const m = new RegExp(`SOAK ${label} .*\\b${name}=(\\d+)`).exec(output)
  if (!m)
    throw new Error(`soak: no "SOAK ${label} ${name}=" line in the output:\n${output.slice(-3000)}`)
  return Number(m[1])
}

/** Runs the soak suite with `tests` tests; resolves with its figures. Bounded by `timeoutMs`. */
export async function runSoak(tests: number, timeoutMs = 600000): Promise<SoakReport> {
  const run = await runChildMocha(
    ["--expose-gc", ...childMochaArgs([suite], ["--reporter", "dot", "--timeout", "10000"])],
    { env: { SOAK_TESTS: String(tests) }, timeoutMs },
  )
  const output = run.output
  const pids = [...output.matchAll(/PID (\d+)$/gm)].map((m) => Number(m[1]))
  return {
    tests,
    passed: run.passed,
    failed: run.failed,
    seconds: run.seconds,
    fds: {
      start: field(output, "start", "fds"),
      warm: field(output, "warm", "fds"),
      end: field(output, "end", "fds"),
    },
    rss: {
      start: field(output, "start", "rss"),
      warm: field(output, "warm", "rss"),
      end: field(output, "end", "rss"),
    },
    processesLeft: pids.filter(isRunning).length + (tests - pids.length),
    childrenAtEnd: Number(/SOAK children=(\d+)/.exec(output)?.[1] ?? -1),
    ipcFilesLeft: Number(/SOAK children=\d+ ipc=(\d+)/.exec(output)?.[1] ?? -1),
    exit: { code: run.code, signal: run.signal },
    output,
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** The report as text lines. */
export function describeSoak(r: SoakReport): string {
  return [
    `soak: ${r.tests} tests (4 sockets + 1 process each): ${r.passed} passed, ${r.failed} failed in ${r.seconds} s`,
    `  descriptors: ${r.fds.start} at start, ${r.fds.warm} once warm, ${r.fds.end} at the end (growth ${r.fds.end - r.fds.warm}, bound ${bounds.fdGrowth})`,
    `  RSS: ${mb(r.rss.start)} at start, ${mb(r.rss.warm)} once warm, ${mb(r.rss.end)} at the end (growth ${mb(r.rss.end - r.rss.warm)}, bound ${mb(bounds.rssGrowth)})`,
    `  left behind: ${r.processesLeft} process(es), ${r.childrenAtEnd} child(ren) of Mocha, ${r.ipcFilesLeft} ipc file(s)`,
  ].join("\n")
}

/** Whether the report keeps every promise; the reasons when not. */
export function soakProblems(r: SoakReport): string[] {
  const problems: string[] = []
  if (r.exit.code !== 0) problems.push(`Mocha exited with ${JSON.stringify(r.exit)}`)
  if (r.passed !== r.tests) problems.push(`${r.passed} of ${r.tests} tests passed`)
  if (r.fds.end - r.fds.warm > bounds.fdGrowth) problems.push("descriptors grew past the bound")
  if (r.rss.end - r.rss.warm > bounds.rssGrowth) problems.push("RSS grew past the bound")
  if (r.processesLeft > 0) problems.push("processes left running")
  if (r.childrenAtEnd > 0) problems.push("children left at the end")
  if (r.ipcFilesLeft !== 0) problems.push("ipc files left")
  return problems
}

if (require.main === module) {
  const tests = Number(process.argv[2] ?? 300)
  runSoak(tests).then(
    (report) => {
      console.log(describeSoak(report))
      const problems = soakProblems(report)
      if (problems.length > 0) {
        console.log(`FAILED: ${problems.join("; ")}\n\n${report.output.slice(-5000)}`)
        process.exitCode = 1
      } else console.log("ok")
    },
    (err) => {
      console.error(err)
      process.exitCode = 2
    },
  )
}
