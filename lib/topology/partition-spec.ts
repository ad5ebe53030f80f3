import { PartitionError, UsageError } from "../errors"
import { checkHostName } from "./options"
import type { PartitionMode } from "./rules"

/**
 * Options of a partition.
 *
 * @example
 * ```ts
 * await net.partition(["broker"], ["w1", "w2"], { mode: "reset" })
 * ```
 */
export interface PartitionOptions {
  /** `"drop"` (default): packets are lost silently. `"reset"`: each TCP segment is answered with a reset. */
  mode?: PartitionMode
}

/**
 * A one-way partition: what `from` sends to `to` is lost (or reset); the other direction still
 * flows — for as long as TCP lets it (see docs/topology.md: without the lost direction's
 * acknowledgements, the open one stalls after its retransmission timeout).
 *
 * @example
 * ```ts
 * await net.partition({ from: "broker", to: "w1" }) // the broker's packets no longer reach w1
 * ```
 */
export interface OneWayPartition extends PartitionOptions {
  from: string | readonly string[]
  to: string | readonly string[]
}

/** The arguments of `partition()`: groups (and options last), or one one-way partition. */
export type PartitionArgs =
  [OneWayPartition] | (readonly string[])[] | [...(readonly string[])[], PartitionOptions]

/** A partition, checked: the directed pairs it cuts, with a label for the report. */
export interface PartitionSpec {
  pairs: [from: string, to: string][]
  mode: PartitionMode
  /** `broker | w1 w2`, `broker → w1`. */
  label: string
  /** Every host it names. */
  concerns: string[]
}

function checkMode(mode: unknown): PartitionMode {
  if (mode === undefined || mode === "drop" || mode === "reset") return mode ?? "drop"
  throw new UsageError(
    `expected the partition's mode to be "drop" or "reset", got ${JSON.stringify(mode)}.`,
  )
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value]
}

/** Checks that no host is named twice across the sides; returns them checked. */
function checkSides(sides: unknown[][], hosts: readonly string[], call: string): string[][] {
  const seen = new Map<string, number>()
  return sides.map((side, i) => {
    if (side.length === 0)
      throw new PartitionError(`expected every group of ${call} to name a host, got an empty one.`)
    return side.map((host) => {
      const name = checkHostName(host, hosts, call)
      const before = seen.get(name)
      if (before !== undefined) {
        const where = before === i ? "twice in one group" : "in two groups"
        throw new PartitionError(
          `expected each host once in ${call}, got "${name}" ${where}. A host is on one side of a partition: ` +
            "name it in one group only (hosts named nowhere keep reaching everyone).",
        )
      }
      seen.set(name, i)
      return name
    })
  })
}

/**
 * Reads the arguments of `partition()`: groups cut from each other (two or more arrays, then
 * options), or `{ from, to }` for one direction.
 *
 * @example
 * ```ts
 * partitionSpec([{ from: "a", to: "b" }], ["a", "b"]) // { pairs: [["a", "b"]], mode: "drop", label: "a → b", … }
 * ```
 */
export function partitionSpec(args: unknown[], hosts: readonly string[]): PartitionSpec {
  const [first] = args
  if (args.length === 1 && first && typeof first === "object" && !Array.isArray(first)) {
    const oneWay = first as OneWayPartition
    const [from, to] = checkSides(
      [asList(oneWay.from), asList(oneWay.to)],
      hosts,
      "partition({ from, to })",
    )
    const pairs = from!.flatMap((f) => to!.map((t): [string, string] => [f, t]))
    return {
      pairs,
      mode: checkMode(oneWay.mode),
      label: `${from!.join(" ")} → ${to!.join(" ")}`,
      concerns: [...from!, ...to!],
    }
  }
  const last = args[args.length - 1]
  const hasOptions = last !== undefined && typeof last === "object" && !Array.isArray(last)
  const groups = (hasOptions ? args.slice(0, -1) : args) as unknown[]
  if (groups.length < 2 || !groups.every(Array.isArray)) {
    throw new PartitionError(
      `expected partition() to get two or more groups of hosts, or { from, to }, got ${JSON.stringify(args)}. ` +
        'Write net.partition(["broker"], ["w1", "w2"]), net.partition({ from: "w1", to: "broker" }) or net.isolate("w1").',
    )
  }
  const sides = checkSides(groups as unknown[][], hosts, "partition()")
  const pairs: [string, string][] = []
  sides.forEach((side, i) =>
    sides.forEach((other, j) => {
      if (i !== j) for (const from of side) for (const to of other) pairs.push([from, to])
    }),
  )
  const mode = checkMode(hasOptions ? (last as PartitionOptions).mode : undefined)
  return { pairs, mode, label: sides.map((s) => s.join(" ")).join(" | "), concerns: sides.flat() }
}
