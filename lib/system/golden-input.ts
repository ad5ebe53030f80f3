import { isUtf8 } from "node:buffer"
import { InvalidSubjectError, UsageError } from "../errors"
import { GoldenError } from "./errors"
import type { Normalizer } from "./normalizers"

/** The input side of a golden comparison: the text (refusing binary) and the normalisers. */

/**
 * Options of `matchGolden`.
 *
 * @example
 * ```ts
 * expect(text).to.matchGolden("test/data/x.out", { normalize: [normalizers.ports, (t) => t.trim() + "\n"] })
 * ```
 */
export interface GoldenOptions {
  /** Applied in order to the actual text before the comparison (see `normalizers`). */
  normalize?: Normalizer | readonly Normalizer[]
}

export function normalizerList(options: GoldenOptions, method: string): readonly Normalizer[] {
  const given = options?.normalize
  const list = given === undefined ? [] : typeof given === "function" ? [given] : given
  if (!Array.isArray(list) || list.some((fn) => typeof fn !== "function")) {
    throw new UsageError(
      `expected { normalize } of ${method}() to be a function or a list of functions text => text, got ${describe(given)}. ` +
        "Use the built-ins, e.g. [normalizers.ports, normalizers.pids].",
    )
  }
  return list
}

function describe(value: unknown): string {
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)
  if (value instanceof Uint8Array) return `a ${value.constructor.name} of ${value.length} bytes`
  if (value === null || typeof value !== "object") return String(value)
  return `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "(none)"}`
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length
}

export function asText(subject: unknown, file: string, method: string): string {
  if (typeof subject === "string") {
    const nul = subject.indexOf("\u0000")
    const bad = subject.indexOf("\uFFFD")
    if (nul >= 0 || bad >= 0) {
      const what =
        nul >= 0
          ? `a NUL character at line ${lineOf(subject, nul)}`
          : `U+FFFD replacement characters (first at line ${lineOf(subject, bad)})`
      throw new GoldenError(
        file,
        `expected text to compare with golden file ${file}, got text with ${what}: binary output read as text. ` +
          "Golden files hold text; compare binary output as bytes (expect(buffer).to.deep.equal(…)), " +
          "or make the program print text.",
      )
    }
    return subject
  }
  if (subject instanceof Uint8Array) {
    if (!isUtf8(subject)) {
      const head = Buffer.from(subject.subarray(0, 16))
        .toString("hex")
        .replace(/(..)/g, "$1 ")
        .trim()
      throw new GoldenError(
        file,
        `expected text to compare with golden file ${file}, got ${subject.length} bytes that are not valid UTF-8 ` +
          `(starting ${head}${subject.length > 16 ? " …" : ""}): binary output. ` +
          "Golden files hold text; compare binary output as bytes (expect(buffer).to.deep.equal(…)).",
      )
    }
    return asText(
      Buffer.from(subject.buffer, subject.byteOffset, subject.byteLength).toString("utf8"),
      file,
      method,
    )
  }
  const hint =
    typeof subject === "object" && subject !== null && "stdout" in subject
      ? ` It looks like a program's result: compare its output, e.g. expect(run.stdout).to.${method}(…).`
      : subject instanceof Promise
        ? " It is a promise: await it first."
        : ""
  throw new InvalidSubjectError(
    `expected a string or Buffer for .${method}(), got ${describe(subject)}.${hint}`,
  )
}

export function applyNormalizer(fn: Normalizer, index: number, text: string, file: string): string {
  const name = `${fn.name ? `"${fn.name}" ` : ""}(normalize[${index}])`
  let result: unknown
  try {
    result = fn(text)
  } catch (err) {
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
    throw new GoldenError(
      file,
      `expected normaliser ${name} to return text, got an error: ${reason}. ` +
        `Fix the normaliser; the text was not compared with ${file}.`,
      { cause: err },
    )
  }
  if (typeof result !== "string") {
    throw new GoldenError(
      file,
      `expected normaliser ${name} to return text, got ${describe(result)}. ` +
        "A normaliser is a function text => text: return the changed text.",
    )
  }
  return result
}
