/**
 * The reaper (lib/process/reaper.ts), run as `node reaper-main.js <mark prefix>`: waits for the
 * end of its stdin, which closes when the thread that started it ends (however it ends: SIGKILL,
 * an abort, a terminated worker thread), then SIGKILLs every process that carries a mark with
 * that prefix, and the process group each leads. Exits after that.
 */
import { findMarkedWithPrefix, killMarked } from "./marks"

const prefix = process.argv[2]

process.stdin.on("error", () => undefined)
process.stdin.on("end", () => {
  // Twice: a process being started as the owner died may show up a moment later.
  if (prefix) killMarked(findMarkedWithPrefix(prefix))
  setTimeout(() => {
    if (prefix) killMarked(findMarkedWithPrefix(prefix))
    process.exit(0)
  }, 100)
})
process.stdin.resume()
