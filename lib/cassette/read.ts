import { readFileSync, statSync, type Stats } from "node:fs"
import { CassetteInvalidError, CassetteVersionError } from "../errors"
import { socketTypes } from "../socket/types"
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette } from "./format"

/**
 * Reading a cassette file and checking it is one this code can replay. A file
 * that is not JSON, JSON that is not a cassette, or a cassette of another
 * version each get their own named error that says what to do, never a
 * TypeError from deep inside a replay.
 */

/**
 * The largest cassette read, in bytes: a recorded conversation a test replays is far smaller
 * (a Jupyter kernel's session of a few requests is tens of kB). Past it, reading would take
 * minutes and gigabytes, and past 512 MiB fail with a raw "Cannot create a string" error.
 */
export const MAX_CASSETTE_BYTES = 64 * 1024 * 1024

/** What a file that is not a regular one is, for people: "a FIFO (named pipe)". */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a folder"
  if (stats.isFIFO()) return "a FIFO (named pipe)"
  if (stats.isCharacterDevice()) return "a character device"
  if (stats.isBlockDevice()) return "a block device"
  if (stats.isSocket()) return "a socket"
  return "no regular file"
}

/**
 * The file at `absolute`, checked before it is read: a regular file (a FIFO would block the
 * test process for ever, /dev/zero fill its memory) no larger than {@link MAX_CASSETTE_BYTES};
 * undefined when there is none.
 */
function cassetteFile(shown: string, absolute: string): Stats | undefined {
  const refuse = (got: string, fix: string, cause?: unknown) =>
    new CassetteInvalidError(
      shown,
      `expected cassette ${shown} to be a cassette file, got ${got}. ${fix}`,
      cause === undefined ? undefined : { cause },
    )
  let stats: Stats | undefined
  try {
    stats = statSync(absolute, { throwIfNoEntry: false })
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw refuse(
      e.code === "ELOOP"
        ? "a symbolic link that loops"
        : `${e.code ?? "an error"} when looking at it (${e.message})`,
      "Replace it with the cassette file, or give another `path`.",
      err,
    )
  }
  if (stats === undefined) return undefined
  if (!stats.isFile())
    throw refuse(
      kindOf(stats),
      "A cassette is a JSON file: give the path of one, or delete what is there so that it is recorded.",
    )
  if (stats.size > MAX_CASSETTE_BYTES)
    throw refuse(
      `a file of ${(stats.size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_CASSETTE_BYTES / 1024 / 1024} MiB a cassette may hold`,
      "It is kept as it is: check the path, or record a shorter conversation with ZMQ_HARNESS_CASSETTES=update.",
    )
  return stats
}

/** What is at a cassette's path: nothing, or a cassette that passed the checks. */
export type CassetteOnDisk =
  { readonly kind: "missing" } | { readonly kind: "cassette"; readonly cassette: Cassette }

/**
 * Reads the cassette at `absolute` (`shown` names it in messages). Throws
 * {@link CassetteInvalidError} or {@link CassetteVersionError}.
 */
export function readCassette(shown: string, absolute: string): CassetteOnDisk {
  if (cassetteFile(shown, absolute) === undefined) return { kind: "missing" }
  let text: string
  try {
    text = readFileSync(absolute, "utf8")
  } catch (cause) {
    const e = cause as NodeJS.ErrnoException
    throw new CassetteInvalidError(
      shown,
      `expected to read cassette ${shown}, got ${e.code ?? "an error"}: ${e.message}. ` +
        (e.code === "EACCES" || e.code === "EPERM"
          ? "Let the user running the tests read it (chmod), or give another `path`."
          : "Check the file, or give another `path`."),
      { cause },
    )
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (cause) {
    throw new CassetteInvalidError(
      shown,
      `expected cassette ${shown} to be JSON, got text that is not valid JSON (${(cause as Error).message}). ` +
        "It is kept as it is: fix it by hand, delete it, or record it again with ZMQ_HARNESS_CASSETTES=update.",
      { cause },
    )
  }
  const problem = shapeProblem(data)
  if (problem) {
    throw new CassetteInvalidError(
      shown,
      `expected cassette ${shown} to be a zmq-harness cassette, got JSON ${problem}. ` +
        "It is kept as it is: check the path, or record it again with ZMQ_HARNESS_CASSETTES=update.",
    )
  }
  const cassette = data as Cassette
  if (cassette.version !== CASSETTE_VERSION) {
    throw new CassetteVersionError(
      shown,
      `expected cassette ${shown} in format version ${CASSETTE_VERSION}, got version ${JSON.stringify(cassette.version)}. ` +
        "Record it again with ZMQ_HARNESS_CASSETTES=update (with the real peer running), or use the zmq-harness that wrote it.",
    )
  }
  return { kind: "cassette", cassette }
}

/** What makes `data` not a cassette, or undefined when it has the shape of one. */
function shapeProblem(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return `that is ${Array.isArray(data) ? "an array" : data === null ? "null" : `a ${typeof data}`}, not an object`
  const c = data as Record<string, unknown>
  if (c.format !== CASSETTE_FORMAT)
    return `without "format": "${CASSETTE_FORMAT}" (got ${JSON.stringify(c.format) ?? "none"})`
  // The version is checked after the shape of what every version has (format, version).
  if (typeof c.version !== "number") return `whose "version" is not a number`
  if (c.version !== CASSETTE_VERSION) return undefined
  if (typeof c.channels !== "object" || c.channels === null || Array.isArray(c.channels))
    return `without a "channels" object`
  for (const [name, channel] of Object.entries(c.channels)) {
    const ch = channel as Record<string, unknown>
    if (!socketTypes.includes(ch?.type as never) || !socketTypes.includes(ch?.peer as never))
      return `whose channel "${name}" has no valid "type" and "peer" socket types`
    if (typeof ch.target !== "string") return `whose channel "${name}" has no "target" text`
  }
  if (!Array.isArray(c.messages)) return `without a "messages" list`
  for (const [i, m] of (c.messages as unknown[]).entries()) {
    const message = m as Record<string, unknown>
    const frames = message?.frames
    if (
      typeof message !== "object" ||
      message === null ||
      typeof message.channel !== "string" ||
      !Object.hasOwn(c.channels, message.channel) ||
      (message.direction !== "upstream" && message.direction !== "downstream") ||
      typeof message.at !== "number" ||
      !Array.isArray(frames) ||
      !frames.every(
        (f) =>
          typeof f === "string" ||
          (typeof f === "object" &&
            f !== null &&
            typeof (f as { base64?: unknown }).base64 === "string"),
      )
    )
      return `whose message ${i} is not { channel (one of "channels"), direction ("upstream" or "downstream"), at (ms), frames (strings or { base64 }) }`
  }
  return undefined
}
