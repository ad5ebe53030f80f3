/**
 * Command lines of the three programs, parsed and checked without starting
 * anything, so a mistake is reported at once (and unit tested).
 */
import { parseArgs } from "node:util"

function count(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`--${name}: expected an integer >= ${min}, got ${JSON.stringify(text)}`)
  }
  return n
}

function parse(argv: string[], options: Record<string, "string" | "boolean">) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: Object.fromEntries(Object.entries(options).map(([k, type]) => [k, { type }])),
  })
  return { values: values as Record<string, string | boolean | undefined>, positionals }
}

const str = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined)

export interface ClientOptions {
  endpoint: string
  /** Requests to send; 0 for no end. */
  requests: number
  /** ms to wait for each reply. */
  timeout: number
  /** Resends per request after the first attempt. */
  retries: number
  /** ms between one reply and the next request. */
  interval: number
  /** Go on with the next request after giving one up, instead of exiting 1. */
  persist: boolean
}

/** `client.ts <endpoint> [--requests 10] [--timeout 250] [--retries 3] [--interval 0] [--persist]` */
export function clientOptions(argv: string[]): ClientOptions {
  const { values, positionals } = parse(argv, {
    requests: "string",
    timeout: "string",
    retries: "string",
    interval: "string",
    persist: "boolean",
  })
  const [endpoint] = positionals
  if (!endpoint) throw new Error("usage: client.ts <endpoint> [options]")
  return {
    endpoint,
    requests: count("requests", str(values.requests), 10),
    timeout: count("timeout", str(values.timeout), 250, 1),
    retries: count("retries", str(values.retries), 3),
    interval: count("interval", str(values.interval), 0),
    persist: values.persist === true,
  }
}

export interface ServerOptions {
  endpoint: string
  /** Requests number n, 2n… are answered late the first time (0: never)… */
  slowEvery: number
  /** …after this many ms. */
  slowMs: number
  /** ms every request takes (0: none). */
  workMs: number
  /** Exit without answering request number n (0: never), as the zguide's server "crashes". */
  crashAt: number
}

/** `server.ts [endpoint] [--slow-every n --slow-ms ms] [--work-ms ms] [--crash-at n]` */
export function serverOptions(argv: string[]): ServerOptions {
  const { values, positionals } = parse(argv, {
    "slow-every": "string",
    "slow-ms": "string",
    "work-ms": "string",
    "crash-at": "string",
  })
  return {
    endpoint: positionals[0] ?? "tcp://127.0.0.1:*",
    slowEvery: count("slow-every", str(values["slow-every"]), 0),
    slowMs: count("slow-ms", str(values["slow-ms"]), 1000),
    workMs: count("work-ms", str(values["work-ms"]), 0),
    crashAt: count("crash-at", str(values["crash-at"]), 0),
  }
}

export interface HeartbeatOptions {
  endpoint: string
  /** ms between pings. */
  interval: number
  /** Intervals in a row without a pong before the server is declared silent. */
  liveness: number
}

/** `heartbeat.ts <endpoint> [--interval 100] [--liveness 3]` */
export function heartbeatOptions(argv: string[]): HeartbeatOptions {
  const { values, positionals } = parse(argv, { interval: "string", liveness: "string" })
  const [endpoint] = positionals
  if (!endpoint) throw new Error("usage: heartbeat.ts <endpoint> [options]")
  return {
    endpoint,
    interval: count("interval", str(values.interval), 100, 1),
    liveness: count("liveness", str(values.liveness), 3, 1),
  }
}
