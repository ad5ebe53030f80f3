import * as net from "node:net"
import { EndpointError } from "../errors"
import { delay, within } from "../util/timers"

/** Where to connect to learn that an endpoint is served. */
export type ProbeTarget = { host: string; port: number } | { path: string }

/** How often a refused endpoint is tried again. */
const RETRY_MS = 20

/**
 * Reads a `ready` endpoint: `tcp://host:port` (a wildcard host means this
 * machine) or `ipc://path`. Other transports cannot be probed from outside.
 */
export function probeTarget(endpoint: string): ProbeTarget {
  const tcp = /^tcp:\/\/(?:\[([0-9a-fA-F:.]+)\]|([\w.-]+|\*)):(\d{1,5})$/.exec(endpoint)
  if (tcp && Number(tcp[3]) > 0 && Number(tcp[3]) <= 65535) {
    const host = tcp[1] ?? tcp[2]
    return { host: host === "*" || host === "0.0.0.0" ? "127.0.0.1" : host, port: Number(tcp[3]) }
  }
  const ipc = /^ipc:\/\/(.+)$/.exec(endpoint)
  if (ipc) return { path: ipc[1] }
  throw new EndpointError(
    `expected \`ready\` to be a RegExp, a function, or an endpoint with a fixed port such as "tcp://127.0.0.1:5678" ` +
      `or "ipc:///tmp/app.sock", got ${JSON.stringify(endpoint)}. ` +
      "A random port cannot be probed: wait for the process to print it (`ready: /listening on (\\S+)/`).",
  )
}

async function tryConnect(target: ProbeTarget, ms: number): Promise<string | undefined> {
  const conn = net.connect(target)
  try {
    const answer = new Promise<string | undefined>((resolve) => {
      conn.once("connect", () => resolve(undefined))
      conn.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
    })
    const result = await within(answer, ms)
    return result.kind === "settled" ? result.value : "no answer"
  } finally {
    conn.destroy()
  }
}

/**
 * Connects to `target` until a connection succeeds (resolves undefined), or
 * until `until()` says to give up (resolves the last error, e.g.
 * `"ECONNREFUSED"`). There is no event for "someone listens there now", so
 * this polls, every 20 ms.
 */
export async function probeEndpoint(
  target: ProbeTarget,
  deadline: number,
  giveUp: () => boolean,
): Promise<string | undefined> {
  let last = "no attempt"
  while (!giveUp()) {
    const left = deadline - performance.now()
    if (left <= 0) break
    const problem = await tryConnect(target, left)
    if (problem === undefined) return undefined
    last = problem
    await delay(Math.min(RETRY_MS, Math.max(0, deadline - performance.now())))
  }
  return last
}
