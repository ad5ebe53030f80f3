import * as path from "node:path"
import { UsageError } from "../errors"

/**
 * Where and when a test's artifacts (transcript.jsonl, process output, report.html) are written.
 *
 * @example
 * ```ts
 * configure({ artifacts: { dir: "test-results/zmq", when: "failed" } })
 * ```
 */
export interface ArtifactsSettings {
  /** The folder that gets one sub-folder per test, and `index.html` (resolved from the working directory). */
  dir: string
  /** `"failed"` (default): failed tests only; `"always"`: every test. */
  when: "failed" | "always"
}

/** The environment variable that turns artifacts on: the folder. */
export const ARTIFACTS_VARIABLE = "ZMQ_HARNESS_ARTIFACTS"
/** The environment variable that says when: `failed` (default) or `always`. */
export const ARTIFACTS_WHEN_VARIABLE = "ZMQ_HARNESS_ARTIFACTS_WHEN"

const WHEN = ["failed", "always"] as const

function isWhen(value: unknown): value is ArtifactsSettings["when"] {
  return (WHEN as readonly unknown[]).includes(value)
}

/**
 * Checks the `artifacts` setting of `configure()`: `false` (off), or `{ dir, when? }`.
 *
 * @example
 * ```ts
 * checkArtifacts("configure({ artifacts })", { dir: "out" }) // { dir: "/abs/out", when: "failed" }
 * ```
 */
export function checkArtifacts(name: string, value: unknown): ArtifactsSettings | false {
  if (value === false) return false
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(
      `expected \`${name}\` to be false or { dir, when? }, got ${typeof value === "string" ? `"${value}"` : String(value)}. ` +
        'Give e.g. { dir: "test-results/zmq", when: "failed" }.',
    )
  }
  const { dir, when = "failed", ...rest } = value as Record<string, unknown>
  const unknown = Object.keys(rest)
  if (unknown.length > 0) {
    throw new UsageError(
      `expected \`${name}\` to have only dir and when, got ${unknown.map((k) => `\`${k}\``).join(", ")}. Remove ${unknown.length === 1 ? "it" : "them"}.`,
    )
  }
  if (typeof dir !== "string" || dir.trim() === "") {
    throw new UsageError(
      `expected \`${name}\`.dir to be a folder name, got ${JSON.stringify(dir) ?? String(dir)}. Give e.g. "test-results/zmq".`,
    )
  }
  if (!isWhen(when)) {
    throw new UsageError(
      `expected \`${name}\`.when to be "failed" or "always", got ${JSON.stringify(when) ?? String(when)}.`,
    )
  }
  return { dir: path.resolve(dir), when }
}

/**
 * Reads ZMQ_HARNESS_ARTIFACTS and ZMQ_HARNESS_ARTIFACTS_WHEN. A bad WHEN is an error naming
 * that variable itself (not the folder's, which is fine).
 */
function parseArtifacts(text: string): ArtifactsSettings | false | undefined {
  const given = process.env[ARTIFACTS_WHEN_VARIABLE]
  const when = given?.trim() || "failed"
  if (!isWhen(when)) {
    throw new UsageError(
      `expected the environment variable ${ARTIFACTS_WHEN_VARIABLE} to be "failed" or "always" (or unset: "failed"), got ${JSON.stringify(given)}. ` +
        `Fix or unset ${ARTIFACTS_WHEN_VARIABLE}.`,
    )
  }
  return { dir: path.resolve(text.trim()), when }
}

/**
 * The rule of the `artifacts` setting (lib/settings.ts): checked as above, or read from
 * ZMQ_HARNESS_ARTIFACTS=dir with ZMQ_HARNESS_ARTIFACTS_WHEN=failed|always.
 *
 * @example
 * ```ts
 * artifactsRule.parse("out") // { dir: "/abs/out", when: "failed" }
 * ```
 */
export const artifactsRule = {
  env: ARTIFACTS_VARIABLE,
  check: checkArtifacts,
  parse: parseArtifacts,
  accepts: "a folder",
}
