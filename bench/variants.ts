import { median, quantile } from "./measure"

/** One variant's figures against the baseline of {@link compareVariants}. */
export interface VariantResult {
  /** Median wall µs per operation. */
  micros: number
  /** Median of the ratios variant/baseline over blocks that ran back to back. */
  ratio: number
  /** First and third quartile of those paired ratios. */
  spread: { low: number; high: number }
  /** Median CPU µs per operation (every thread of the process), and its ratio to the baseline's. */
  cpuMicros: number
  cpuRatio: number
}

/**
 * Runs `baseline` and every variant in blocks of `count` operations, one block each per round,
 * in an order that rotates from round to round (so that no variant always follows the same
 * one, nor always runs first on a machine that just woke up), `warmup` rounds thrown away,
 * then `repeat` measured ones. Each variant's ratio is taken per round against the baseline's
 * block of that round, so that load on the machine, which changes from second to second, falls
 * on both sides of each ratio alike.
 *
 * @example
 * ```ts
 * const results = await compareVariants({ count: 500, warmup: 2, repeat: 12, baseline: raw, variants: { recv, expect } })
 * results.expect.ratio // e.g. 1.08
 * ```
 */
export async function compareVariants<K extends string>(options: {
  count: number
  warmup: number
  repeat: number
  baseline: (count: number) => Promise<void>
  variants: Record<K, (count: number) => Promise<void>>
}): Promise<Record<K | "baseline", VariantResult>> {
  const names = ["baseline", ...Object.keys(options.variants)] as (K | "baseline")[]
  const run = (name: K | "baseline") =>
    name === "baseline" ? options.baseline : options.variants[name as K]
  const wall = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<string, number[]>
  const cpu = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<string, number[]>
  for (let round = 0; round < options.warmup + options.repeat; round++) {
    const shift = round % names.length
    const order = [...names.slice(shift), ...names.slice(0, shift)]
    if (round % 2 === 1) order.reverse()
    for (const name of order) {
      const cpuStarted = process.cpuUsage()
      const started = performance.now()
      await run(name)(options.count)
      const ms = performance.now() - started
      const used = process.cpuUsage(cpuStarted)
      if (round < options.warmup) continue
      wall[name].push((ms * 1000) / options.count)
      cpu[name].push((used.user + used.system) / options.count)
    }
  }
  const result = {} as Record<K | "baseline", VariantResult>
  for (const name of names) {
    const paired = wall[name].map((us, i) => us / wall.baseline[i])
    const pairedCpu = cpu[name].map((us, i) => us / cpu.baseline[i])
    result[name] = {
      micros: median(wall[name]),
      ratio: median(paired),
      spread: { low: quantile(paired, 0.25), high: quantile(paired, 0.75) },
      cpuMicros: median(cpu[name]),
      cpuRatio: median(pairedCpu),
    }
  }
  return result
}
