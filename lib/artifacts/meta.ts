import { constants } from "node:fs"
import * as fs from "node:fs/promises"
import * as v from "valibot"

/** The name of the file that describes one test's folder; the run index is built from them. */
export const META_FILE = "meta.json"

/** One lane, summed up. */
export interface LaneSummary {
  readonly name: string
  readonly kind: string
  readonly type?: string
  readonly endpoints?: readonly string[]
  /** Messages in the test's transcript. */
  readonly messages: number
  /** Events (spawn, exit…). */
  readonly events: number
  /** Entries its resource had dropped (transcript limit). */
  readonly dropped?: number
  /** File names of a process's output, in the folder. */
  readonly stdout?: string
  readonly stderr?: string
}

/**
 * meta.json of a test's folder: what `index.html` (and `zmq-harness merge-artifacts`) read.
 *
 * @example
 * ```ts
 * const meta: TestMeta = JSON.parse(fs.readFileSync("out/suite-test/meta.json", "utf8"))
 * meta.state // "failed"
 * ```
 */
export interface TestMeta {
  /** The format's version: 1. */
  readonly version: 1
  /** The test's full title. */
  readonly title: string
  /** Its spec file, as Mocha knows it. */
  readonly file?: string
  readonly state: "passed" | "failed"
  /** ms, as Mocha measured it. */
  readonly duration: number
  /** The failure message (cut to a few KiB). */
  readonly error?: string
  /** What the test's resources saw go wrong ("zmq-harness also saw: …"), one problem each. */
  readonly notices?: readonly string[]
  /** When the test started, ISO 8601. */
  readonly started: string
  /** The run that wrote it (the same in every `--parallel` worker of one run). */
  readonly run: string
  /** The folder's name, within the artifacts folder. */
  readonly folder: string
  /** File names within the folder. */
  readonly report: string
  readonly transcript: string
  readonly lanes: readonly LaneSummary[]
}

/** meta.json files larger than this are not read: no test of ours writes one near it. */
export const MAX_META_BYTES = 4 * 1024 * 1024

// Bounds on what one field may hold: a meta.json can come from a fork's CI job (shards are merged
// from downloaded folders), so it is data to check, not to trust.
const text = (max: number) => v.pipe(v.string(), v.maxLength(max))
const count = v.pipe(v.number(), v.integer(), v.minValue(0))
/** A file of the test's folder: a plain name, no path, not hidden. */
const fileName = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/, "a plain file name of the folder"),
)

const laneSchema = v.object({
  name: text(4096),
  kind: text(64),
  type: v.optional(text(64)),
  endpoints: v.optional(v.pipe(v.array(text(4096)), v.maxLength(256))),
  messages: count,
  events: count,
  dropped: v.optional(count),
  stdout: v.optional(fileName),
  stderr: v.optional(fileName),
})

const metaSchema = v.object({
  version: v.literal(1),
  title: text(64 * 1024),
  file: v.optional(text(4096)),
  state: v.picklist(["passed", "failed"]),
  duration: v.pipe(v.number(), v.finite(), v.minValue(0)),
  error: v.optional(text(1024 * 1024)),
  notices: v.optional(v.pipe(v.array(text(64 * 1024)), v.maxLength(1000))),
  started: v.pipe(v.string(), v.isoTimestamp()),
  run: text(256),
  folder: text(255),
  report: fileName,
  transcript: fileName,
  lanes: v.pipe(v.array(laneSchema), v.maxLength(10_000)),
})

// The schema and the interface must agree: a field added to one and not the other fails to compile.
type Parsed = v.InferOutput<typeof metaSchema>
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const agree: [
  Parsed extends TestMeta ? true : false,
  Same<keyof Parsed, keyof TestMeta>,
  Same<keyof Parsed["lanes"][number], keyof LaneSummary>,
] = [true, true, true]
void agree

/** What {@link checkTestMeta} found: the meta, or the first problem. */
export type MetaCheck =
  | { ok: true; meta: TestMeta }
  | { ok: false; problem: string; /** True when there is no meta.json at all. */ missing?: true }

/**
 * Checks that `value` (a parsed meta.json) is a {@link TestMeta}, field by field: types, bounds,
 * plain file names. Fields it does not know are dropped (a newer version may add some). The
 * problem names the field: `lanes[0]: expected an object, got null`.
 *
 * @example
 * ```ts
 * const check = checkTestMeta(JSON.parse(text))
 * if (!check.ok) console.warn(`skipped: ${check.problem}`)
 * ```
 */
export function checkTestMeta(value: unknown): MetaCheck {
  const result = v.safeParse(metaSchema, value)
  if (result.success) return { ok: true, meta: result.output }
  const issue = result.issues[0]
  const where = (issue.path ?? [])
    .map((item) =>
      typeof item.key === "number" ? `[${item.key}]` : `.${String(item.key as string)}`,
    )
    .join("")
    .replace(/^\./, "")
  return { ok: false, problem: printable(`${where || "the file"}: ${describeIssue(issue)}`) }
}

/** Text safe for a terminal, and short: control characters escaped, cut to 300 characters. */
function printable(text: string): string {
  const safe = text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  )
  return safe.length > 300 ? `${safe.slice(0, 299)}…` : safe
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.received === "undefined") return "missing"
  const expected =
    issue.type === "regex"
      ? issue.message // the schema's own words: "a plain file name of the folder"
      : issue.type === "iso_timestamp"
        ? "an ISO 8601 time"
        : issue.expected === "Object"
          ? "an object"
          : (issue.expected ?? issue.type)
  return `expected ${expected}, got ${issue.received}`
}

/**
 * True when `value` is a valid {@link TestMeta} (see {@link checkTestMeta}).
 *
 * @example
 * ```ts
 * isTestMeta(JSON.parse(text)) // true
 * ```
 */
export function isTestMeta(value: unknown): value is TestMeta {
  return checkTestMeta(value).ok
}

/**
 * Reads and checks a meta.json: the meta, or why it is not one (no file, too large, not JSON,
 * a field that does not fit). Never throws.
 *
 * @example
 * ```ts
 * const check = await readMeta("test-results/zmq/suite-test/meta.json")
 * ```
 */
export async function readMeta(file: string): Promise<MetaCheck> {
  let handle: fs.FileHandle
  try {
    // Non-blocking: a FIFO named meta.json must not hold the reader (it is refused below).
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT"
      ? { ok: false, problem: "no meta.json", missing: true }
      : { ok: false, problem: `meta.json could not be opened (${(err as Error).message})` }
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) return { ok: false, problem: "meta.json is not a file" }
    if (stat.size > MAX_META_BYTES)
      return { ok: false, problem: `meta.json has ${stat.size} bytes, more than ${MAX_META_BYTES}` }
    let value: unknown
    try {
      value = JSON.parse((await handle.readFile()).toString("utf8"))
    } catch (err) {
      return { ok: false, problem: printable(`meta.json is not JSON (${(err as Error).message})`) }
    }
    return checkTestMeta(value)
  } catch (err) {
    return {
      ok: false,
      problem: printable(`meta.json could not be read (${(err as Error).message})`),
    }
  } finally {
    await handle.close().catch(() => undefined)
  }
}
