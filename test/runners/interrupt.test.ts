import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { ROOT } from "../helpers/child-mocha"
import { processesWith, runChild, type ChildRun } from "./shared-run"

// Ctrl-C under Vitest (pools forks and threads) and Jest (workers, in band): SIGINT to the
// runner's process group, or to the runner alone, leaves no process under test. The fixtures
// (test/fixtures/runners/<runner>/interrupted*.test.*) each start a process that lives on, write
// its pid once it is ready, and wait; the signal goes when the files that run at once have all
// written theirs.

const FIXTURES = path.join(ROOT, "test/fixtures/runners")
/** How long the processes under test may outlive the signal. */
const GONE_WITHIN_MS = 5000

interface Setup {
  name: string
  args: string[]
  env: Record<string, string>
  /** Whether the processes under test are started by worker processes (not the runner itself). */
  workerProcesses: boolean
  /** How many fixture files run at once (each starts one process): the signal waits for them. */
  atOnce: number
}

const setups: Setup[] = [
  ...(["forks", "threads"] as const).map((pool) => ({
    name: `Vitest, pool ${pool}`,
    args: [
      path.join(ROOT, "node_modules/vitest/vitest.mjs"),
      "run",
      "--config",
      path.join(FIXTURES, "vitest/vitest.config.mjs"),
      "--maxWorkers=2",
    ],
    env: { POOL: pool },
    workerProcesses: pool === "forks",
    atOnce: 2,
  })),
  {
    name: "Jest, two workers",
    args: [
      path.join(ROOT, "node_modules/jest/bin/jest.js"),
      "--config",
      path.join(FIXTURES, "jest/jest.config.js"),
      // Two files and no timings of earlier runs (an interrupted run records none): workers.
      "--maxWorkers=2",
    ],
    env: {},
    workerProcesses: true,
    atOnce: 2,
  },
  {
    name: "Jest, in band",
    args: [
      path.join(ROOT, "node_modules/jest/bin/jest.js"),
      "--config",
      path.join(FIXTURES, "jest/jest.config.js"),
      "--runInBand",
    ],
    env: {},
    workerProcesses: false,
    atOnce: 1,
  },
]

/** The parent pid of `pid`, from /proc. */
function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
}

function alive(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
      return !/\) [ZX] /.test(stat)
    } catch {
      return false
    }
  })
}

/** Resolves once every pid is gone (bounded: rejects with the live ones after `ms`). */
async function goneWithin(pids: readonly number[], ms: number): Promise<void> {
  const deadline = performance.now() + ms
  while (alive(pids).length > 0) {
    if (performance.now() > deadline) {
      throw new Error(
        `expected processes ${pids.join(", ")} to be gone within ${ms} ms, got ${alive(pids).join(", ")} alive`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

interface Interrupted {
  run: ChildRun
  pids: number[]
  /** The runner's pid and the parent of each process under test when the signal went. */
  runner: number
  parents: number[]
  sentAt: number
}

/** Runs the two interrupted fixtures, and sends SIGINT as `to` says once both processes are up. */
async function interrupted(setup: Setup, to: "group" | "runner"): Promise<Interrupted> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-interrupt-"))
  const pidFile = path.join(dir, "pids")
  fs.writeFileSync(pidFile, "")
  let pids: number[] = []
  let parents: number[] = []
  let runner = 0
  let sentAt = 0
  try {
    const run = await runChild(setup.args, {
      timeoutMs: 60_000,
      env: { ...setup.env, FILES: "interrupted*.test.*", PID_FILE: pidFile, NO_COLOR: "1" },
      started(child) {
        runner = child.pid!
        const watcher = fs.watch(pidFile, () => {
          const written = fs.readFileSync(pidFile, "utf8").split("\n").filter(Boolean).map(Number)
          if (written.length < setup.atOnce || sentAt) return
          watcher.close()
          pids = written
          parents = pids.map(parentOf)
          sentAt = Date.now()
          process.kill(to === "group" ? -runner : runner, "SIGINT")
        })
        child.once("close", () => watcher.close())
      },
    })
    return { run, pids, runner, parents, sentAt }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe("Ctrl-C under Vitest and Jest leaves no process under test @process", function () {
  this.timeout(70_000)

  for (const setup of setups) {
    describe(setup.name, () => {
      for (const to of ["group", "runner"] as const) {
        it(`SIGINT to the ${to === "group" ? "process group" : "runner alone"}`, async () => {
          const { run, pids, runner, parents, sentAt } = await interrupted(setup, to)
          const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`
          expect(
            pids,
            `the processes under test were ready before the signal\n${output}`,
          ).to.have.length(setup.atOnce)
          // Where they ran: worker processes, or the runner's own threads.
          for (const parent of parents) {
            if (setup.workerProcesses) expect(parent).to.not.equal(runner)
            else expect(parent).to.equal(runner)
          }
          expect(run.exitedAt - sentAt, "runner exit after the signal (ms)").to.be.below(
            GONE_WITHIN_MS,
          )
          await goneWithin(pids, GONE_WITHIN_MS)
          expect(processesWith(run.mark), "processes of the run left").to.deep.equal([])
        })
      }
    })
  }
})
