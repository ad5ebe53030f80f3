/** What one benchmark reports: the median time per operation of ours and of raw zeromq.js. */
export interface BenchResult {
  name: string
  /** What one operation is, e.g. "one round trip". */
  operation: string
  /** The ratio ours/raw that the benchmark must stay under. */
  target: number
  /** Median µs per operation over the repetitions. */
  oursMicros: number
  rawMicros: number
  ratio: number
  /**
   * The spread of the ratio: the quartiles of ours/raw over the pairs of blocks that ran
   * back to back, so a ratio that only holds in some blocks shows.
   */
  ratioSpread: { low: number; high: number }
  pass: boolean
  /** Median CPU µs per operation (all threads of the process: zeromq's I/O thread too). */
  oursCpuMicros: number
  rawCpuMicros: number
  cpuRatio: number
  /** Every repetition's wall-clock µs per operation, for the record. */
  samples: { ours: number[]; raw: number[] }
  /** Anything else the benchmark measured (memory…). */
  extra?: Record<string, unknown>
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Runs `ours` and `raw` alternately (so that drift of the machine hits both alike): first
 * `warmup` rounds that are thrown away, then `repeat` measured rounds. Each call runs `count`
 * operations; the result is the median time per operation.
 */
/** The value below which `q` (0…1) of `values` lie, interpolated between neighbours. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const below = Math.floor(at)
  const above = Math.min(below + 1, sorted.length - 1)
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below)
}

export async function compare(options: {
  name: string
  operation: string
  target: number
  count: number
  warmup: number
  repeat: number
  /** Runs `count` operations; may return the ms to count when only a part of it is timed. */
  ours: (count: number) => Promise<number | void>
  raw: (count: number) => Promise<number | void>
}): Promise<BenchResult> {
  const samples = { ours: [] as number[], raw: [] as number[] }
  const cpu = { ours: [] as number[], raw: [] as number[] }
  let lastCpu = 0
  const time = async (fn: (count: number) => Promise<number | void>) => {
    const started = performance.now()
    const cpuStarted = process.cpuUsage()
    const timed = await fn(options.count)
    const used = process.cpuUsage(cpuStarted)
    lastCpu = (used.user + used.system) / options.count
    const ms = typeof timed === "number" ? timed : performance.now() - started
    return (ms * 1000) / options.count
  }
  for (let i = 0; i < options.warmup; i++) {
    await time(options.raw)
    await time(options.ours)
  }
  for (let i = 0; i < options.repeat; i++) {
    // Alternate who goes first, so neither always runs on a warmer machine.
    const runRaw = async () => {
      samples.raw.push(await time(options.raw))
      cpu.raw.push(lastCpu)
    }
    const runOurs = async () => {
      samples.ours.push(await time(options.ours))
      cpu.ours.push(lastCpu)
    }
    if (i % 2 === 0) {
      await runRaw()
      await runOurs()
    } else {
      await runOurs()
      await runRaw()
    }
  }
  const oursMicros = median(samples.ours)
  const rawMicros = median(samples.raw)
  const ratio = oursMicros / rawMicros
  const paired = samples.ours.map((ours, i) => ours / samples.raw[i])
  return {
    name: options.name,
    operation: options.operation,
    target: options.target,
    oursMicros,
    rawMicros,
    ratio,
    ratioSpread: { low: quantile(paired, 0.25), high: quantile(paired, 0.75) },
    pass: ratio <= options.target,
    oursCpuMicros: median(cpu.ours),
    rawCpuMicros: median(cpu.raw),
    cpuRatio: median(cpu.ours) / median(cpu.raw),
    samples,
  }
}
