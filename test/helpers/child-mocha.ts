import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"

/** The repository's root: child Mocha runs start there. */
export const ROOT = path.resolve(__dirname, "../..")

/** Mocha's command-line entry, run with `process.execPath`. */
export const MOCHA_BIN = path.join(ROOT, "node_modules/mocha/bin/mocha.js")

/**
 * Arguments for a child Mocha run on fixture suites: no config file, TypeScript through ts-node
 * (transpile-only) and the plugin from source, then `extra` options, then the files.
 */
export function childMochaArgs(files: readonly string[], extra: readonly string[] = []): string[] {
  return [
    MOCHA_BIN,
    "--no-config",
    "--require",
    "ts-node/register/transpile-only",
    "--require",
    "./lib/register.ts",
    "--extension",
    "ts",
    ...extra,
    ...files,
  ]
}

/** What a child Mocha run printed and how it ended. */
export interface ChildMochaRun {
  code: number | null
  signal: NodeJS.Signals | null
  /** stdout and stderr together, in arrival order. */
  output: string
  /** Counts from the reporter's summary ("N passing", "N failing"). */
  passed: number
  failed: number
  /** Wall time, in seconds, to a tenth. */
  seconds: number
}

/**
 * Runs `node <args>` from the repository's root with `env` over this process's environment and
 * resolves when it has exited. Bounded: a run that outlives `timeoutMs` is interrupted (SIGINT,
 * so that its own handlers still clean up) and resolves as it ended.
 */
export function runChildMocha(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs: number },
): Promise<ChildMochaRun> {
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  child.stdout.setEncoding("utf8").on("data", (t: string) => (output += t))
  child.stderr.setEncoding("utf8").on("data", (t: string) => (output += t))
  const timer = setTimeout(() => child.kill("SIGINT"), options.timeoutMs)
  return new Promise((resolve, reject) => {
    child.once("error", (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      resolve({
        code,
        signal,
        output,
        passed: Number(/(\d+) passing/.exec(output)?.[1] ?? 0),
        failed: Number(/(\d+) failing/.exec(output)?.[1] ?? 0),
        seconds: Math.round((performance.now() - started) / 100) / 10,
      })
    })
  })
}

/** How a child run ended, its output apart: for runs that write a report file of their own. */
export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Wall time, in ms. */
  duration: number
}

/**
 * Runs `node <args>` from the repository's root (or `cwd`) with `env` over this process's
 * environment, and resolves when it has exited by itself. A run that outlives `timeoutMs` is killed and the
 * promise rejects with what it printed: for checks where an exit within the bound is the point
 * (Mocha must exit with no `--exit`).
 */
export function runToExit(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; timeoutMs: number; cwd?: string },
): Promise<ChildExit> {
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let stdout = ""
  let stderr = ""
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(
        new Error(
          `child Mocha did not exit within ${options.timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      )
    }, options.timeoutMs)
    child.once("error", reject)
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, duration: performance.now() - started })
    })
  })
}

/**
 * The text a child run's reporter wrote to `file`, or "" when it wrote none (the run failed
 * before: its stdout and stderr tell why). The file's temporary folder is removed.
 */
export function takeReportFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8")
  } catch {
    return ""
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
  }
}
