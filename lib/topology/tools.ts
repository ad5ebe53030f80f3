import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { TopologyError } from "../errors"

/** The system programs a topology runs: iproute2's `ip` and `tc`, nftables' `nft`, util-linux's `nsenter`. */
export type Tool = "ip" | "nft" | "tc" | "nsenter"

/** Where the system keeps administration tools, which a non-root PATH often lacks. */
const SBIN = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]

const found = new Map<Tool, string | undefined>()

/**
 * The absolute path of `tool` on PATH or in the sbin folders, or undefined. Cached: a topology
 * runs these on every change, and a PATH search costs a few stat calls each time.
 *
 * @example
 * ```ts
 * toolPath("nft") // "/usr/sbin/nft"
 * ```
 */
export function toolPath(tool: Tool): string | undefined {
  if (found.has(tool)) return found.get(tool)
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), ...SBIN]
  const file = dirs
    .map((dir) => path.join(dir, tool))
    .find((candidate) => {
      try {
        fs.accessSync(candidate, fs.constants.X_OK)
        return fs.statSync(candidate).isFile()
      } catch {
        return false
      }
    })
  found.set(tool, file)
  return file
}

/** How long one system command may take: these take milliseconds; a hung one must not hang the test. */
const COMMAND_TIMEOUT_MS = 10_000

function failure(tool: Tool, args: readonly string[], input: string, why: string): TopologyError {
  const shown = input ? `\n  its input:\n${indent(input)}` : ""
  return new TopologyError(
    `expected \`${tool} ${args.join(" ")}\` to succeed, got ${why}.${shown}\n` +
      "The topology is torn down as far as it got. Check that no other program changes these names.",
  )
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n")
}

/**
 * Runs a tool with `input` on its stdin (`ip -batch -`, `nft -f -`, `tc -batch -`: one process
 * for many commands), bounded; rejects with a {@link TopologyError} that shows what it printed.
 *
 * @example
 * ```ts
 * await runTool("nft", ["-f", "-"], "delete table netdev zmqh3\n")
 * ```
 */
export function runTool(tool: Tool, args: readonly string[], input = ""): Promise<void> {
  const file = toolPath(tool)
  if (!file) return Promise.reject(failure(tool, args, input, "no such program"))
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      stdio: ["pipe", "ignore", "pipe"],
      timeout: COMMAND_TIMEOUT_MS,
    })
    let stderr = ""
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.stdin.on("error", () => undefined) // it died before reading: its exit says why
    child.stdin.end(input)
    child.once("error", (err) => reject(failure(tool, args, input, err.message)))
    child.once("close", (code, signal) => {
      if (code === 0) resolve()
      else
        reject(
          failure(
            tool,
            args,
            input,
            `${signal ? `signal ${signal}` : `exit code ${code}`}: ${stderr.trim()}`,
          ),
        )
    })
  })
}

/**
 * {@link runTool}, synchronously, for the interrupt path (a signal's cleanup cannot wait for
 * the event loop). Returns what went wrong, or undefined; never throws.
 *
 * @example
 * ```ts
 * runToolSync("nft", ["-f", "-"], "delete table netdev zmqh3\n") // undefined, or what went wrong
 * ```
 */
export function runToolSync(tool: Tool, args: readonly string[], input = ""): string | undefined {
  const file = toolPath(tool)
  if (!file) return `${tool}: no such program`
  const result = spawnSync(file, [...args], {
    input,
    stdio: ["pipe", "ignore", "pipe"],
    timeout: COMMAND_TIMEOUT_MS,
    encoding: "utf8",
  })
  if (result.error) return `${tool}: ${result.error.message}`
  return result.status === 0 ? undefined : `${tool}: ${String(result.stderr).trim()}`
}
