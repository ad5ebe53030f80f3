/**
 * The parallel check: `mocha --parallel --jobs 4` over the eight files of
 * test/fixtures/reliability/parallel (25 tests each: 200), three runs in a row.
 * Each test binds a random tcp port and an ipc path, and every fifth starts a
 * process on a random port. Passes with zero failures and zero collisions.
 *
 *   npm run parallel-check              # 3 runs of 200 tests, 4 jobs
 *   npm run parallel-check -- 5 2       # 5 runs, 2 jobs
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { childMochaArgs, runChildMocha } from "../helpers/child-mocha"

const root = path.join(__dirname, "../..")
const folder = path.join(root, "test/fixtures/reliability/parallel")

export interface ParallelRun {
  tests: number
  passed: number
  failed: number
  /** Failures caused by an address already taken (EADDRINUSE). */
  collisions: number
  seconds: number
  exit: { code: number | null; signal: NodeJS.Signals | null }
  /** ipc socket files of the run left in the temp folder. */
  ipcFilesLeft: number
  output: string
}

/** One parallel Mocha run over `files` of the parallel folder with `perFile` tests each. */
export async function runParallel(
  options: { files?: number; perFile?: number; jobs?: number; timeoutMs?: number } = {},
): Promise<ParallelRun> {
  const { files = 8, perFile = 25, jobs = 4, timeoutMs = 300000 } = options
  const specs = Array.from({ length: files }, (_, i) => path.join(folder, `p${i + 1}.suite.ts`))
  const before = new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("zmqh-par-")))
  const run = await runChildMocha(
    childMochaArgs(specs, [
      "--parallel",
      "--jobs",
      String(jobs),
      "--reporter",
      "dot",
      "--timeout",
      "10000",
    ]),
    { env: { PARALLEL_PER_FILE: String(perFile) }, timeoutMs },
  )
  const left = fs
    .readdirSync(os.tmpdir())
    .filter((f) => f.startsWith("zmqh-par-") && !before.has(f))
  return {
    tests: files * perFile,
    passed: run.passed,
    failed: run.failed,
    collisions: (run.output.match(/EADDRINUSE|address already in use/gi) ?? []).length,
    seconds: run.seconds,
    exit: { code: run.code, signal: run.signal },
    ipcFilesLeft: left.length,
    output: run.output,
  }
}

/** One line per run. */
export function describeRun(r: ParallelRun, index: number): string {
  return `run ${index + 1}: ${r.passed}/${r.tests} passed, ${r.failed} failed, ${r.collisions} collision(s), ${r.ipcFilesLeft} ipc file(s) left, ${r.seconds} s`
}

/** Whether a run kept every promise. */
export function runIsClean(r: ParallelRun): boolean {
  return (
    r.exit.code === 0 &&
    r.passed === r.tests &&
    r.failed === 0 &&
    r.collisions === 0 &&
    r.ipcFilesLeft === 0
  )
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 3)
  const jobs = Number(process.argv[3] ?? 4)
  ;(async () => {
    let clean = true
    for (let i = 0; i < runs; i++) {
      const r = await runParallel({ jobs })
      console.log(describeRun(r, i))
      if (!runIsClean(r)) {
        clean = false
        console.log(r.output.slice(-5000))
      }
    }
    console.log(
      clean ? `ok: ${runs} runs of 200 tests with --jobs ${jobs}, zero failures` : "FAILED",
    )
    process.exitCode = clean ? 0 : 1
  })().catch((err) => {
    console.error(err)
    process.exitCode = 2
  })
}
