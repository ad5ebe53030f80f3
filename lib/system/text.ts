/** Text helpers shared by runProgram messages and golden files. */

/** The last `count` lines of `text`, with a note of how many were left out. */
export function tail(text: string, count = 10): string {
  const lines = text.replace(/\n$/, "").split("\n")
  if (lines.length <= count) return lines.join("\n")
  return [`… (${lines.length - count} earlier lines)`, ...lines.slice(-count)].join("\n")
}

/** `stdout` and `stderr` tails for a message; empty streams are named as such. */
export function renderOutput(stdout: string, stderr: string, count = 10): string {
  const part = (name: string, text: string) =>
    text.length === 0
      ? `--- ${name}: (empty) ---`
      : `--- ${name} (last ${count} lines) ---\n${tail(text, count)}`
  return `${part("stdout", stdout)}\n${part("stderr", stderr)}`
}

/** CRLF and lone CR line endings become LF, so golden files compare alike on every platform. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, "\n")
}
