/**
 * A minimal launcher for these tests until startModule lands: forks a module
 * with the stubs' preload and an IPC channel, keeps its output, and stops it
 * when the test ends.
 */
import { fork, type ChildProcess } from "node:child_process"
import * as path from "node:path"
import {
  attachStubs,
  prepareStubs,
  type StubRegistry,
  type StubSpec,
} from "../../lib/process/stubs"
import { currentScope } from "../../lib/mocha/current"

export const FIXTURES = path.join(__dirname, "..", "fixtures", "stubs")

export interface Forked {
  child: ChildProcess
  stub: StubRegistry["stub"]
  output(): { stdout: string; stderr: string }
  /** Resolves when stdout matches `re` (bounded: 5000 ms). */
  waitForOutput(re: RegExp): Promise<void>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export function forkWithStubs(fixture: string, stubs: StubSpec[]): Forked {
  const modulePath = path.join(FIXTURES, fixture)
  const { execArgv, env } = prepareStubs(stubs, modulePath)
  const ts = modulePath.endsWith(".ts")
    ? ["--require", require.resolve("ts-node/register/transpile-only")]
    : []
  const child = fork(modulePath, [], {
    execArgv: [...ts, ...execArgv],
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  })
  let stdout = ""
  let stderr = ""
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  )
  // Like startModule: the owner is a name; the scope's description of the
  // process carries its output.
  const name = `process "${fixture}" (pid ${child.pid})`
  const describe = () =>
    `${name}\n    stdout: ${stdout.trim() || "(none)"}\n    stderr: ${stderr.trim() || "(none)"}`
  const registry = attachStubs(child, stubs, () => name)
  currentScope().add({
    kind: "process",
    describe,
    async close() {
      registry.close()
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
      await exited
    },
  })
  const waitForOutput = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!re.test(stdout)) return
        clearTimeout(timer)
        child.stdout!.off("data", check)
        resolve()
      }
      const timer = setTimeout(() => {
        child.stdout!.off("data", check)
        reject(new Error(`no ${re} in the output after 5000 ms\n${describe()}`))
      }, 5000)
      child.stdout!.on("data", check)
      check()
    })
  return {
    child,
    stub: (m, e) => registry.stub(m, e),
    output: () => ({ stdout, stderr }),
    waitForOutput,
    exited,
  }
}
