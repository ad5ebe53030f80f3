import type { ChildProcess } from "node:child_process"
import { UsageError } from "../errors"
import { within } from "../util/timers"
import { tailLines } from "./errors"
import { OutputBuffer, plainRegExp } from "./output"

/** What a wait on the output ends with, besides a match. */
export type OutputMatch = RegExpMatchArray | "timeout" | "exited"

type Watcher = (event: "output" | "exit") => void

/**
 * The stdout and stderr of a process under test, kept as text (each its
 * newest `limit` characters), and the waits for a pattern in them: a wait
 * looks at what was kept so far, then at each new chunk, until it matches,
 * the process ends ({@link ended}), or its time is up.
 */
export class CapturedOutput {
  readonly stdout: OutputBuffer
  readonly stderr: OutputBuffer
  private readonly watchers = new Set<Watcher>()
  private over = false

  constructor(child: ChildProcess, limit: number) {
    this.stdout = new OutputBuffer(limit)
    this.stderr = new OutputBuffer(limit)
    for (const name of ["stdout", "stderr"] as const) {
      const stream = child[name]!
      stream.setEncoding("utf8")
      stream.on("data", (chunk: string) => {
        this[name].append(chunk)
        this.notify("output")
      })
    }
  }

  /** The process has ended: no more output comes, and pending waits end with `"exited"`. */
  ended(): void {
    this.over = true
    this.notify("exit")
  }

  /**
   * The first match of `re` in what was kept so far, then in new output;
   * `"exited"` if the process ends without one, `"timeout"` after `ms`.
   */
  async match(re: RegExp, ms: number): Promise<OutputMatch> {
    const search = () => re.exec(this.stdout.text) ?? re.exec(this.stderr.text)
    const now = search()
    if (now) return now
    if (this.over) return "exited"
    let watch!: Watcher
    const found = new Promise<OutputMatch>((resolve) => {
      watch = (event) => {
        const match = search()
        if (match) resolve(match)
        else if (event === "exit") resolve("exited")
      }
    })
    this.watchers.add(watch)
    try {
      const result = await within(found, ms)
      return result.kind === "settled" ? result.value : "timeout"
    } finally {
      this.watchers.delete(watch)
    }
  }

  /** The last `lines` lines of stdout and of stderr, for messages. */
  soFar(lines = 20): string {
    return `Its stdout (last ${lines} lines):\n${tailLines(this.stdout.text, lines)}\nIts stderr (last ${lines} lines):\n${tailLines(this.stderr.text, lines)}`
  }

  private notify(event: "output" | "exit"): void {
    for (const watch of [...this.watchers]) watch(event)
  }
}

/** A pattern for `waitForOutput`: a RegExp (without `g`/`y`), or a string matched literally. */
export function toRegExp(pattern: RegExp | string): RegExp {
  if (pattern instanceof RegExp) return plainRegExp(pattern)
  if (typeof pattern === "string") return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
  throw new UsageError(
    `expected a RegExp or a string to look for in the output, got ${typeof pattern}.`,
  )
}
