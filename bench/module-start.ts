/**
 * Start-to-ready of a TypeScript process under test: startModule of the
 * example's src/pong.ts with each loader this machine has (tsx, ts-node, Node's
 * type stripping) against `node` on the same program compiled to JavaScript,
 * both waiting for the same line ("listening on"). Runs alternate, so both see
 * the same machine load. Target (issue 11): tsx within 1.5× of the compiled form.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { LoaderUnavailableError, startModule, type ModuleLoader } from "../lib"
import { loaderExecArgv } from "../lib/process/loader"
import { median, round, tolerateMonitorCloseBug, type BenchResult } from "./process-result"
import type { Row } from "./report"

const SRC = path.join(__dirname, "../examples/pingpong/src")
const pongTs = path.join(SRC, "pong.ts")
const READY = /listening on/
const TARGET = 1.5

/**
 * The program compiled to JavaScript (pong and what it imports), once, into a
 * folder inside the repository so that `zeromq` resolves as it does for the source.
 */
function compiled(): string {
  const ts = require("typescript") as typeof import("typescript")
  const out = path.join(__dirname, "../node_modules/.cache/zmq-harness/bench-pong")
  fs.mkdirSync(out, { recursive: true })
  for (const name of ["pong", "logic"]) {
    const source = fs.readFileSync(path.join(SRC, `${name}.ts`), "utf8")
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    })
    fs.writeFileSync(path.join(out, `${name}.js`), js.outputText)
  }
  return path.join(out, "pong.js")
}

/** `node pong.js` until its ready line, then SIGKILL. */
async function bareNode(pongJs: string): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, [pongJs], { stdio: ["ignore", "pipe", "pipe"] })
  await new Promise<void>((resolve, reject) => {
    let text = ""
    child.once("exit", (code) => reject(new Error(`node ${pongJs} exited (${code}) before ready`)))
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk
      if (READY.test(text)) resolve()
    })
  })
  const took = performance.now() - started
  const gone = new Promise((resolve) => child.once("close", resolve))
  child.kill("SIGKILL")
  await gone
  return took
}

async function harness(loader: ModuleLoader): Promise<number> {
  const started = performance.now()
  const proc = await startModule(pongTs, [], { loader, ready: READY })
  const took = performance.now() - started
  proc.kill("SIGKILL")
  await proc.close()
  return took
}

function available(loader: ModuleLoader): boolean {
  try {
    loaderExecArgv(pongTs, loader)
    return true
  } catch (err) {
    if (err instanceof LoaderUnavailableError) return false
    throw err
  }
}

export async function run({ runs = 20 } = {}): Promise<BenchResult[]> {
  tolerateMonitorCloseBug()
  const pongJs = compiled()
  const results: BenchResult[] = []
  for (const loader of ["tsx", "ts-node", "strip-types"] as const) {
    if (!available(loader)) continue
    const bare: number[] = []
    const ours: number[] = []
    // Warm the file cache, and tsx's and Node's compile caches.
    await bareNode(pongJs)
    try {
      await harness(loader)
    } catch (err) {
      // Type stripping cannot run the example: it imports "./logic" without an extension.
      console.log(`  ${loader} cannot run ${pongTs}: ${(err as Error).message.split("\n")[0]}`)
      continue
    }
    for (let i = 0; i < runs; i++) {
      if (i % 2) {
        bare.push(await bareNode(pongJs))
        ours.push(await harness(loader))
      } else {
        ours.push(await harness(loader))
        bare.push(await bareNode(pongJs))
      }
    }
    const ratio = median(ours) / median(bare)
    // The target is the recommended loader's; the others are reported.
    const held = loader === "tsx"
    results.push(
      {
        name: `startModule of pong.ts, loader ${loader}, start-to-ready (median)`,
        value: round(median(ours)),
        unit: "ms",
        baseline: round(median(bare)),
        target: "—",
        pass: true,
      },
      {
        name: `pong.ts with ${loader} / node pong.js`,
        value: round(ratio),
        unit: "x",
        target: held ? `≤ ${TARGET}×` : "reported",
        pass: held ? ratio <= TARGET : true,
      },
    )
  }
  return results
}

/** The results as rows of the report: one per loader, its ratio against node on the .js. */
export function toRows(results: BenchResult[]): Row[] {
  const rows: Row[] = []
  for (let i = 0; i + 1 < results.length; i += 2) {
    const [time, ratio] = [results[i]!, results[i + 1]!]
    rows.push({
      measure: time.name.replace(/ \(median\)$/, "") + " vs node on the compiled .js",
      ours: time.value,
      raw: time.baseline,
      unit: "ms",
      target: ratio.target === "reported" ? "reported" : `${ratio.target} node on the .js`,
      pass: ratio.pass,
    })
  }
  return rows
}

if (require.main === module) {
  run().then(
    (results) => {
      for (const r of results)
        console.log(
          `${r.name}: ${r.value}${r.unit === "x" ? "×" : " ms"}${r.baseline === undefined ? "" : ` (node on the .js: ${r.baseline} ms)`}; target ${r.target}`,
        )
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(2)
    },
  )
}
