import * as path from "node:path"

/** Where in the test's source a failure happened: the line the report links to. */
export interface SourceLine {
  /** The file as the report shows it (relative to the working directory when inside it). */
  readonly file: string
  /** Its absolute path, for a `file:` link. */
  readonly path: string
  readonly line: number
  readonly column: number
}

/** The harness's own code (source or compiled): its frames are never the user's line. */
const HARNESS = path.resolve(__dirname, "..")

/** `at fn (file:line:col)` or `at file:line:col`, file possibly a `file://` URL. */
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?[^():]+(?::[^():]+)*?):(\d+):(\d+)\)?$/

/**
 * The failing test's own line, from its error's stack: the first frame in the test's file, else
 * the first frame that is neither the harness's nor Node's nor a package's. The harness puts the
 * stack of its errors at the user's line (the `await expect(sock).to.receive(…)` that failed),
 * so this is where the failed wait was written.
 *
 * @example
 * ```ts
 * sourceLine(err, "/app/test/pong.test.ts") // { file: "test/pong.test.ts", line: 23, column: 5, path: "/app/…" }
 * ```
 */
export function sourceLine(error: unknown, testFile: string | undefined): SourceLine | undefined {
  const stack = (error as { stack?: unknown } | null)?.stack
  if (typeof stack !== "string") return undefined
  const frames: { file: string; line: number; column: number }[] = []
  for (const text of stack.split("\n")) {
    const m = FRAME.exec(text)
    if (!m) continue
    const file = m[1].startsWith("file://") ? new URL(m[1]).pathname : m[1]
    if (!path.isAbsolute(file)) continue
    frames.push({ file, line: Number(m[2]), column: Number(m[3]) })
  }
  const mine = testFile === undefined ? undefined : path.resolve(testFile)
  const found =
    frames.find((f) => f.file === mine) ??
    frames.find(
      (f) =>
        !f.file.startsWith(HARNESS + path.sep) &&
        !f.file.includes(`${path.sep}node_modules${path.sep}`),
    )
  if (!found) return undefined
  return { file: shown(found.file), path: found.file, line: found.line, column: found.column }
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file
}
