import type { ExitStatus } from "../errors"

export { ProcessExitedError, ProcessNotFoundError, NotReadyError, type ExitStatus } from "../errors"

/** `exit code 3`, `signal SIGSEGV`. */
export function describeExit({ code, signal }: ExitStatus): string {
  return signal ? `signal ${signal}` : `exit code ${code}`
}

/** The last `n` lines of `text`, indented, or `(none)`. */
export function tailLines(text: string, n: number, indent = "  "): string {
  const lines = text.replace(/\n$/, "").split("\n")
  if (text.length === 0) return `${indent}(none)`
  return lines
    .slice(-n)
    .map((line) => indent + line)
    .join("\n")
}
