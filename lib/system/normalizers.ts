import * as os from "node:os"
import { realpathSync } from "node:fs"

/**
 * A normaliser: takes text, returns it with what varies between runs masked.
 *
 * @example
 * ```ts
 * const maskIds: Normalizer = function maskIds(text) {
 *   return text.replace(/id=\w+/g, "id=<id>")
 * }
 * ```
 */
export type Normalizer = (text: string) => string

const ENDPOINT_PORT =
  /\b((?:tcp|udp|ws|wss|pgm|epgm):\/\/(?:\[[^\]\s]*\]|[^\s:/\\'"`,;()[\]]+)):\d+/g
const PID = /\b(pid)(\s*[:=]?\s*)\d+/gi
const ISO_TIMESTAMP =
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g
const DURATION = /(?<![\w.])\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|secs?|seconds?|mins?|minutes?)\b/g

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

function tempDirs(): string[] {
  const dir = os.tmpdir()
  let real = dir
  try {
    real = realpathSync(dir)
  } catch {
    // a tmpdir that does not exist has no real path; mask it as given
  }
  return [...new Set([real, dir])].sort((a, b) => b.length - a.length)
}

/**
 * The built-in normalisers for golden files: each masks one kind of thing that
 * changes from run to run. Pass them (and your own `text => text` functions)
 * in `normalize`; they run in order.
 *
 * - `ports`: the port of an endpoint — `tcp://127.0.0.1:41234` → `tcp://127.0.0.1:<port>`
 *   (tcp, udp, ws, wss, pgm, epgm; IPv6 `[::1]` too).
 * - `pids`: `pid 1234`, `pid=1234`, `PID: 1234` → `pid <pid>` (keeps the separator).
 * - `timestamps`: ISO 8601 date-times — `2024-05-01T12:00:00.123Z`, `2024-05-01 12:00:00` → `<timestamp>`.
 * - `durations`: `12ms`, `1.5 s`, `3 seconds`, `250us` → `<duration>`.
 * - `tempPaths`: the OS temp folder and the folder made in it —
 *   `/tmp/run-a1b2/out.json` → `<tmp>/out.json`.
 * - `replace(pattern, replacement)`: makes a normaliser from a RegExp (use the `g` flag).
 *
 * @example
 * ```ts
 * import { normalizers } from "zmq-harness"
 * expect(run.stdout).to.matchGolden("test/data/pongproc.out", {
 *   normalize: [normalizers.ports, normalizers.pids, normalizers.replace(/id=\w+/g, "id=<id>")],
 * })
 * ```
 */
export const normalizers = {
  ports: function ports(text: string): string {
    return text.replace(ENDPOINT_PORT, "$1:<port>")
  },
  pids: function pids(text: string): string {
    return text.replace(PID, "$1$2<pid>")
  },
  timestamps: function timestamps(text: string): string {
    return text.replace(ISO_TIMESTAMP, "<timestamp>")
  },
  durations: function durations(text: string): string {
    return text.replace(DURATION, "<duration>")
  },
  tempPaths: function tempPaths(text: string): string {
    for (const dir of tempDirs()) {
      const inTemp = new RegExp(`${escapeRegExp(dir)}(?:[\\\\/][^\\s\\\\/'"\`]+)?`, "g")
      text = text.replace(inTemp, "<tmp>")
    }
    return text
  },
  replace(pattern: RegExp, replacement: string): Normalizer {
    const named = {
      [`replace(${pattern})`]: (text: string) => text.replace(pattern, replacement),
    }
    return named[`replace(${pattern})`]
  },
}
