/**
 * The benchmark report: one table of every measure against its raw baseline,
 * with the machine it ran on. bench/run.ts fills it and writes bench/results.md.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

/** One line of the report. */
export interface Row {
  /** What is measured, e.g. "round trip ×200, JSON + deep equal". */
  measure: string
  /** The harness's figure. */
  ours: number
  /** The same measure with bare zeromq.js / Node, when there is one. */
  raw?: number
  /** The unit of `ours` and `raw`: "ms", "MB", "×". */
  unit: string
  /** The quartiles of ours/raw over paired blocks, when the measure has them. */
  spread?: { low: number; high: number }
  /** The target, as the issue states it, e.g. "≤ 1.2× raw". */
  target: string
  pass: boolean
}

/** The machine and the run: CPU, cores, memory, Node and zeromq versions, load at start. */
export interface Machine {
  cpu: string
  cores: number
  memoryGiB: number
  node: string
  zeromq: string
  libzmq: string
  os: string
  loadAtStart: number[]
  date: string
}

export function machine(): Machine {
  const zmq = require("zeromq") as { version: string }
  const pkg = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../node_modules/zeromq/package.json"), "utf8"),
  ) as { version: string }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    zeromq: pkg.version,
    libzmq: zmq.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  }
}

const fmt = (n: number | undefined) => (n === undefined ? "—" : String(n))

/** The report as Markdown. */
export function renderReport(rows: Row[], m: Machine, seconds: number): string {
  const passed = rows.filter((r) => r.pass).length
  const table = [
    "| measure | ours | raw | ratio | target | result |",
    "|---|---:|---:|---:|---|---|",
    ...rows.map((r) => {
      const spread = r.spread ? ` (${r.spread.low.toFixed(2)}–${r.spread.high.toFixed(2)})` : ""
      const ratio = r.raw ? `${(r.ours / r.raw).toFixed(2)}×${spread}` : "—"
      const unit = r.unit === "×" ? "×" : ` ${r.unit}`
      return `| ${r.measure} | ${r.ours}${unit} | ${r.raw === undefined ? "—" : fmt(r.raw) + unit} | ${ratio} | ${r.target} | ${r.pass ? "pass" : "**FAIL**"} |`
    }),
  ]
  return [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` (bench/run.ts) on ${m.date}, in ${seconds} s. ` +
      "Every measure runs against its raw baseline (bare zeromq.js or bare Node) in the same run, " +
      "alternating so that machine load hits both alike. Figures are medians unless said otherwise; " +
      "a ratio in brackets is the spread of ours/raw over paired blocks (first to third quartile).",
    "",
    `**${passed} of ${rows.length} targets met.**`,
    "",
    ...table,
    "",
    "## Machine",
    "",
    `- CPU: ${m.cpu}, ${m.cores} cores`,
    `- Memory: ${m.memoryGiB} GiB`,
    `- OS: ${m.os}`,
    `- Node ${m.node}, zeromq.js ${m.zeromq} (libzmq ${m.libzmq})`,
    `- Load average at start (1, 5, 15 min): ${m.loadAtStart.join(", ")}`,
    "",
    "A load average above the core count means other work shared the CPU: ratios hold better than absolute times then.",
    "",
    "Where the targets of issue 21 (round trip, lifecycle, fault link) stand and what their cost is made of: " +
      "[issue-21-study.md](issue-21-study.md), written by hand from `bench/round-trip-cases.ts`, " +
      "`bench/lifecycle-parts.ts` and `bench/variants.ts`.",
    "",
  ].join("\n")
}
