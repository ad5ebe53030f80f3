import type { LaneSource } from "./story"

/** A stretch of time something was in force (a topology's partition), on the story's clock. */
export interface StoryBand {
  /** ms since the test started. */
  readonly start: number
  /** ms since the test started; absent while it was still in force when the test ended. */
  readonly end?: number
  readonly label: string
  /** The hosts (or lanes) it concerns; all when absent. */
  readonly concerns?: readonly string[]
}

/**
 * The sources with the lanes of one host side by side (hosts in the order they first appear),
 * after the lanes that live on no host (the test's own sockets, the topology itself). Stable
 * otherwise: without hosts, nothing moves.
 *
 * @example
 * ```ts
 * groupByHost(sources).map((s) => s.record.host) // [undefined, "broker", "broker", "w1"]
 * ```
 */
export function groupByHost(sources: readonly LaneSource[]): LaneSource[] {
  const hosts: string[] = []
  for (const { record } of sources)
    if (record.host !== undefined && !hosts.includes(record.host)) hosts.push(record.host)
  if (hosts.length === 0) return [...sources]
  return [
    ...sources.filter((s) => s.record.host === undefined),
    ...hosts.flatMap((host) => sources.filter((s) => s.record.host === host)),
  ]
}

/**
 * Every band of every record, on the story's clock (ms since `started`), in start order.
 *
 * @example
 * ```ts
 * bandsOf(sources, facts.started) // [{ start: 10, end: 20, label: "partition a | b (drop)" }]
 * ```
 */
export function bandsOf(sources: readonly LaneSource[], started: number): StoryBand[] {
  const round = (t: number) => Math.round((t - started) * 10) / 10
  return sources
    .flatMap(({ record }) => record.bands ?? [])
    .map((band) => ({
      start: round(band.start),
      ...(band.end !== undefined && { end: round(band.end) }),
      label: band.label,
      ...(band.concerns && { concerns: band.concerns }),
    }))
    .sort((a, b) => a.start - b.start)
}

/**
 * The labels of the bands in force at `t` (ms since the test started).
 *
 * @example
 * ```ts
 * bandsAt(story.bands ?? [], row.t) // ["partition a | b (drop)"]
 * ```
 */
export function bandsAt(bands: readonly StoryBand[], t: number): string[] {
  return bands
    .filter((b) => b.start <= t && (b.end === undefined || t <= b.end))
    .map((b) => b.label)
}
