import { spawn } from "node:child_process"
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
