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

/**
 * True when `value` looks like a {@link TestMeta} (a folder of another tool, or a half-written
 * file, is skipped by the index).
 *
 * @example
 * ```ts
 * isTestMeta(JSON.parse(text)) // true
 * ```
 */
export function isTestMeta(value: unknown): value is TestMeta {
  const m = value as Partial<TestMeta> | null
  return (
    typeof m === "object" &&
    m !== null &&
    m.version === 1 &&
    typeof m.title === "string" &&
    (m.state === "passed" || m.state === "failed") &&
    typeof m.folder === "string" &&
    typeof m.report === "string" &&
    Array.isArray(m.lanes)
  )
}
