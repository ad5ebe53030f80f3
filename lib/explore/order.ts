import { renderFrames } from "../frames/frames"
import type { Held, Step } from "./scheduler"

/** Frames longer than this are cut in order lines (the transcript has them whole). */
const MAX_MESSAGE_TEXT = 120

/** Links that had more than one connection in the run: their lines name the connection. */
function multiConnection(held: readonly Held[]): Set<string> {
  const connections = new Map<string, Set<number>>()
  for (const { message } of held) {
    let set = connections.get(message.link)
    if (!set) connections.set(message.link, (set = new Set()))
    set.add(message.connection)
  }
  return new Set([...connections].filter(([, set]) => set.size > 1).map(([link]) => link))
}

function messageText(frames: readonly Buffer[]): string {
  const text = renderFrames(frames)
  return text.length > MAX_MESSAGE_TEXT ? `${text.slice(0, MAX_MESSAGE_TEXT - 1)}…` : text
}

/**
 * One held message as "link, direction, message": `updates downstream ["1","x",1]`, with the
 * connection when its link had several (`updates (connection 2) downstream …`).
 *
 * @example
 * ```ts
 * describeHeld(step) // 'snapshots upstream ["ICANHAZ?"]'
 * ```
 */
export function describeHeld(held: Held, several = new Set<string>()): string {
  const { link, connection, direction, frames } = held.message
  const where = several.has(link) ? `${link} (connection ${connection})` : link
  return `${where} ${direction} ${messageText(frames)}`
}

/**
 * A run's order as numbered lines, one per release, each saying which waiting messages it
 * overtook (those that reached the links first: the order counts from arrival, which is not
 * always the order the programs sent them in).
 *
 * @example
 * ```ts
 * renderOrder(steps).join("\n")
 * // 1. snapshots upstream ["ICANHAZ?"]
 * // 2. snapshots downstream ["KTHXBAI",2]  ← reordered: before updates downstream ["1"], which arrival order puts first
 * ```
 */
export function renderOrder(steps: readonly Step[], still: readonly Held[] = []): string[] {
  const several = multiConnection([...steps, ...still])
  return steps.map((step, i) => {
    const line = `${i + 1}. ${describeHeld(step, several)}`
    if (step.rank === 0) return line
    const before = step.overtook.map((h) => describeHeld(h, several)).join(" and ")
    return `${line}  ← reordered: before ${before}, which arrival order puts first`
  })
}

/** Held messages listed at most: a flood would bury the message. */
const MAX_HELD_LINES = 10

/** Messages still held (or lost with their connection), one line each, the first ten. */
export function renderHeld(held: readonly Held[], steps: readonly Step[] = []): string[] {
  const several = multiConnection([...steps, ...held])
  const lines = held.slice(0, MAX_HELD_LINES).map((h) => describeHeld(h, several))
  if (held.length > MAX_HELD_LINES) lines.push(`… and ${held.length - MAX_HELD_LINES} more`)
  return lines
}

/**
 * What identifies a run's order, whatever the ports and the content of the messages: each
 * release as link, connection, direction and place in its queue. Two runs with the same key
 * released the same messages in the same order.
 *
 * @example
 * ```ts
 * sameOrder(orderKey(first.steps), orderKey(replay.steps)) // the replay followed the order
 * ```
 */
export function orderKey(steps: readonly Step[]): string[] {
  return steps.map(
    ({ message: m, position }) => `${m.link}/${m.connection}/${m.direction[0]}/${position}`,
  )
}

/**
 * True when two runs released the same messages in the same order as far as both went: a
 * run ends when its body fails, and the schedule may have released one more message (in
 * arrival order: no choice) before the body saw its failure, on a loaded machine.
 *
 * @example
 * ```ts
 * sameOrder(["a/1/u/1", "b/1/u/1"], ["a/1/u/1"]) // true
 * ```
 */
export function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false
  return true
}
