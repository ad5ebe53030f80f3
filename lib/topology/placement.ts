import * as fs from "node:fs"
import * as path from "node:path"
import { UsageError } from "../errors"
import type { Placement } from "../process/placement"
import { spawnError } from "../process/spawn-errors"
import { NETNS_DIR } from "./support"
import type { HostNames } from "./setup"
import { toolPath } from "./tools"

/**
 * How a program runs in a host: `nsenter --net=/run/netns/<netns> -- program …`. nsenter enters
 * the host's network namespace and execs the program, so the pid the harness tracks is the
 * program's own (its signals, its exit, its process group), and nothing else changes: same
 * files, same users, same environment. Only the network is the host's.
 *
 * @example
 * ```ts
 * startProcessIn(placementOf(host), site, "node", ["app.js"])
 * ```
 */
export function placementOf(host: HostNames): Placement {
  return {
    host: host.name,
    prefix: [toolPath("nsenter")!, `--net=${path.join(NETNS_DIR, host.netns)}`, "--"],
    hint: (stderr) => bindHint(host, stderr),
  }
}

/**
 * Advice for a program that could not bind in its host, read from what it printed.
 *
 * @example
 * ```ts
 * bindHint(host, "Error: Address already in use") // "It could not bind in host …"
 * ```
 */
export function bindHint(host: HostNames, stderr: string): string | undefined {
  if (/EADDRNOTAVAIL|Cannot assign requested address/i.test(stderr)) {
    return (
      `It could not bind in host "${host.name}": a program there can bind tcp://${host.address}:<port> (the host's ` +
      `address), tcp://*:<port> or tcp://127.0.0.1:<port> (reachable from "${host.name}" only); the address it asked ` +
      "for is another host's, or the test's own."
    )
  }
  if (/EADDRINUSE|Address already in use/i.test(stderr)) {
    return (
      `It could not bind in host "${host.name}": the port is taken by another program of the same host ` +
      "(each host has ports of its own, so two hosts may use the same port)."
    )
  }
  return undefined
}

/** Loopback and wildcard addresses: inside a host, they mean the host itself. */
const LOCAL = new Set(["*", "0.0.0.0", "127.0.0.1", "localhost"])

/**
 * A `ready` endpoint of a process in a host, as the test reaches it: `tcp://*:5555` and
 * `tcp://127.0.0.1:5555` become the host's address (the program binds inside the host; the
 * probe connects from the test's network, through the bridge). Another address cannot be bound
 * in the host: a {@link UsageError} says so before anything starts.
 *
 * @example
 * ```ts
 * readyInHost("tcp://*:5555", w1, owners) // "tcp://198.18.3.11:5555"
 * ```
 */
export function readyInHost(
  ready: unknown,
  host: HostNames,
  others: ReadonlyMap<string, string>,
): unknown {
  if (typeof ready !== "string") return ready
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)$/.exec(ready)
  if (!tcp) return ready // ipc:// is the file system, the same in every host; other shapes fail as usual
  const [, address, port] = tcp
  if (LOCAL.has(address!) || address === host.address) return `tcp://${host.address}:${port}`
  const owner = others.get(address!)
  throw new UsageError(
    `expected \`ready\` of a process in host "${host.name}" to be an endpoint of that host (tcp://${host.address}:${port}, ` +
      `or tcp://*:${port}), got ${ready}${owner ? `, an address of host "${owner}"` : ""}. A process binds in its own host.`,
  )
}

/**
 * Throws the usual {@link ProcessNotFoundError} when the program is missing: behind nsenter, a
 * missing program would only show as nsenter's exit code 127.
 *
 * @example
 * ```ts
 * checkProgramFound("no-such-tool", "startProcess", undefined, process.env) // ProcessNotFoundError
 * ```
 */
export function checkProgramFound(
  command: string,
  caller: string,
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
): void {
  const from = path.resolve(cwd ?? ".")
  const isPath = command.includes("/")
  const candidates = isPath
    ? [path.resolve(from, command)]
    : (env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.resolve(from, dir, command))
  const runnable = candidates.some((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK)
      return fs.statSync(file).isFile()
    } catch {
      return false
    }
  })
  if (runnable) return
  const exists = candidates.some((file) => fs.existsSync(file))
  const error = Object.assign(new Error(`spawn ${command} ${exists ? "EACCES" : "ENOENT"}`), {
    code: exists ? "EACCES" : "ENOENT",
  })
  throw spawnError(command, error, { caller, cwd, env })
}
