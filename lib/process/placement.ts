/**
 * Where a process runs when it is not in the test's own network: in a host of a
 * `topology()` (lib/topology/). The process code knows nothing of namespaces: it runs the
 * program behind a prefix that enters the host and then execs it, so the pid it tracks, the
 * signals it sends and the exit it sees are the program's own.
 *
 * @example
 * ```ts
 * const placement: Placement = {
 *   host: "w1",
 *   prefix: ["/usr/bin/nsenter", "--net=/run/netns/zmqh3-w1", "--"],
 *   hint: (stderr) => (/EADDRNOTAVAIL/.test(stderr) ? "w1's address is 198.18.3.11" : undefined),
 * }
 * ```
 */
export interface Placement {
  /** The host's name, for messages and report lanes: `process "node w.js" (pid 1234) in host "w1"`. */
  readonly host: string
  /** The command (and its arguments) that runs the program inside the host; it must exec it. */
  readonly prefix: readonly string[]
  /** Advice for an exit, read from its stderr (a bind to an address the host does not have). */
  hint?(stderr: string): string | undefined
}

/**
 * ` in host "w1"`, or nothing for a process in the test's own network.
 *
 * @example
 * ```ts
 * inHost({ host: "w1", prefix: [] }) // ' in host "w1"'
 * ```
 */
export function inHost(placement: Placement | undefined): string {
  return placement ? ` in host "${placement.host}"` : ""
}

/**
 * The command line to spawn: the program behind the placement's prefix, when it has one.
 *
 * @example
 * ```ts
 * placed(placement, "node", ["app.js"]) // { file: "/usr/bin/nsenter", args: ["--net=…", "--", "node", "app.js"] }
 * ```
 */
export function placed(
  placement: Placement | undefined,
  file: string,
  args: readonly string[],
): { file: string; args: string[] } {
  if (!placement) return { file, args: [...args] }
  const [prefix, ...prefixArgs] = placement.prefix
  return { file: prefix!, args: [...prefixArgs, file, ...args] }
}
