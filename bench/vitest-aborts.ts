/**
 * Worker terminations with open sockets under Vitest's `threads` pool (issue 21): zeromq.js
 * aborts the whole process (SIGABRT) when a worker thread that still holds open sockets is
 * terminated, so zmq-harness/vitest closes every socket of a file before its worker goes.
 * Each run is `vitest run --pool=threads` over FILES generated test files (one worker
 * terminated per file); each file leaves sockets with receives pending — made at load, in
 * beforeAll, in a test (test/fixtures/runners/vitest-aborts/body.mjs). An abort ends its run,
 * so the figure is: aborted runs, and worker terminations that went by without one.
 * The control (`--raw`) leaves bare zeromq.js sockets open the same way (raw.mjs).
 *
 *   node -r ts-node/register/transpile-only bench/vitest-aborts.ts [runs] [files] [--raw]
 *   # the result for bench/results.md: runs 20, files 50 = 1,000 terminations
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

const ROOT = path.join(__dirname, "..")
const FIXTURE = path.join(ROOT, "test/fixtures/runners/vitest-aborts")

/** How one run ended. */
export interface AbortRun {
  /** The run ended by SIGABRT (or printed zeromq.js's terminate message). */
  aborted: boolean
  /** Test files that passed (each one worker terminated after it). */
  filesPassed: number
  code: number | null
  signal: NodeJS.Signals | null
  output: string
}

/**
 * One `vitest run --pool=threads` over `files` generated files that import the fixture body
 * (`raw`: the bare zeromq.js control). Bounded: past `timeoutMs` the run's group is killed and
 * the promise rejects.
 */
export async function abortRun(files: number, raw = false, timeoutMs = 120_000): Promise<AbortRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-aborts-"))
  try {
    const body = path.join(FIXTURE, raw ? "raw.mjs" : "body.mjs")
    for (let i = 0; i < files; i++) {
      fs.writeFileSync(path.join(dir, `f${i}.test.mjs`), `import ${JSON.stringify(body)}\n`)
    }
    fs.writeFileSync(
      path.join(dir, "vitest.config.mjs"),
      `export default { test: { root: ${JSON.stringify(dir)}, include: ["*.test.mjs"], ` +
        `setupFiles: ${raw ? "[]" : JSON.stringify([path.join(ROOT, "dist/vitest.js")])}, ` +
        `pool: "threads", maxWorkers: 2, testTimeout: 20000 } }\n`,
    )
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, "node_modules/vitest/vitest.mjs"),
        "run",
        "--config",
        path.join(dir, "vitest.config.mjs"),
        "--reporter=json",
      ],
      {
        cwd: ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      },
    )
    let output = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d))
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, "SIGKILL")
          } catch {
            // gone
          }
          reject(new Error(`vitest run did not end within ${timeoutMs} ms:\n${output}`))
        }, timeoutMs)
        child.once("close", (c, s) => {
          clearTimeout(timer)
          resolve([c, s])
        })
      },
    )
    const json = /\{"numTotalTestSuites".*\}/.exec(output)
    const filesPassed = json
      ? (JSON.parse(json[0]) as { numPassedTestSuites: number }).numPassedTestSuites
      : 0
    const aborted =
      signal === "SIGABRT" || code === 134 || output.includes("terminate called after throwing")
    return { aborted, filesPassed, code, signal, output }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const [runs = 20, files = 50] = process.argv
    .slice(2)
    .filter((a) => /^\d+$/.test(a))
    .map(Number)
  const raw = process.argv.includes("--raw")
  let aborted = 0
  let terminations = 0
  const started = performance.now()
  for (let i = 0; i < runs; i++) {
    const run = await abortRun(files, raw)
    if (run.aborted) {
      aborted++
      const log = path.join(os.tmpdir(), `zmqh-abort-${process.pid}-${i}.log`)
      fs.writeFileSync(log, run.output)
      console.log(`\nrun ${i} aborted: its output is in ${log}`)
    }
    terminations += run.filesPassed
    if (!run.aborted && run.code !== 0)
      throw new Error(`run ${i} failed without an abort:\n${run.output}`)
    process.stdout.write(run.aborted ? "A" : ".")
  }
  const seconds = Math.round((performance.now() - started) / 1000)
  console.log(
    `\n${raw ? "bare zeromq.js (control)" : "zmq-harness/vitest"}: ${aborted} of ${runs} runs aborted; ` +
      `${terminations} worker terminations with open sockets and pending receives completed (${files} files per run, ${seconds} s)`,
  )
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(2)
  })
}
