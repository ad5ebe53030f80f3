// Issue 21: why a round trip to a separate process measured 1.18–1.44× raw on its own while
// bench/round-trip-process.ts reported 0.99×. Each case against raw zeromq.js to the same pong
// process, in one Mocha test with the plugin's hooks, blocks rotating (bench/variants.ts):
// - how the test reads the reply: `expect(req).to.receive([…])` or `recv()` + a deep-equal;
// - the message: `["ping", n]` (a dozen bytes), the bench's JSON body (~80 bytes), 4 KiB;
// - one started process, or ten alive in the test (the crash rule watches all of them).
//
//   node -r ts-node/register/transpile-only bench/round-trip-cases.ts [--count 500] [--repeat 12]
import * as path from "node:path"
import { isDeepStrictEqual } from "node:util"
import * as chai from "chai"
import Mocha from "mocha"
import * as zmq from "zeromq"
import { socket, startModule, type ProcessHandle, type TestSocket } from "../lib"
import { enterRunnable } from "../lib/runners/mocha/current"
import { mochaHooks } from "../lib/register"
import { rawRoundTrips } from "./raw-round-trips"
import { compareVariants, type VariantResult } from "./variants"

const PONG = path.join(__dirname, "../test/fixtures/processes/pong.js")

/** The bodies: the pong process answers ["ping", x] with ["pong", x]. */
const BODIES: Record<string, unknown> = {
  'small (["ping", 1])': 1,
  "JSON body (~80 B)": { op: "ping", seq: 1, args: ["a", "b", { deep: [1, 2, 3] }], ok: true },
  "4 KiB body": { blob: "x".repeat(4096) },
}

/** One line of the study. */
export interface Case {
  processes: number
  body: string
  results: Record<"baseline" | "expect" | "recv", VariantResult>
}

/** Options of {@link run}. */
export interface CasesOptions {
  count?: number
  warmup?: number
  repeat?: number
}

async function cases(
  pong: ProcessHandle,
  processes: number,
  o: Required<CasesOptions>,
  bodies: string[],
): Promise<Case[]> {
  const { expect } = chai
  const endpoint = pong.stdout.match(/listening on (\S+)/)![1]
  const ours: TestSocket = await socket("req", { connect: endpoint })
  const raw = new zmq.Request({ linger: 0, receiveTimeout: 1000, sendTimeout: 1000 })
  raw.connect(endpoint)
  const out: Case[] = []
  try {
    for (const body of bodies) {
      const request = ["ping", BODIES[body]]
      const reply = ["pong", BODIES[body]]
      const results = await compareVariants({
        count: o.count,
        warmup: o.warmup,
        repeat: o.repeat,
        baseline: (count) => rawRoundTrips(raw, count, request, reply),
        variants: {
          async expect(count) {
            for (let i = 0; i < count; i++) {
              await ours.send(request)
              await expect(ours).to.receive([reply])
            }
          },
          async recv(count) {
            for (let i = 0; i < count; i++) {
              await ours.send(request)
              const [got] = await ours.recv()
              if (!isDeepStrictEqual(got, reply)) throw new Error("unexpected reply")
            }
          },
        },
      })
      out.push({ processes, body, results })
    }
  } finally {
    raw.close()
  }
  return out
}

/** A reporter that prints nothing: the bench reports for itself. */
class Silent extends Mocha.reporters.Base {}

/** Every case: each body with one started process, then the JSON body with ten. */
export async function run(options: CasesOptions = {}): Promise<Case[]> {
  const o = {
    count: options.count ?? 500,
    warmup: options.warmup ?? 2,
    repeat: options.repeat ?? 12,
  }
  const mocha = new Mocha({ reporter: Silent, timeout: 600_000, rootHooks: mochaHooks })
  const suite = Mocha.Suite.create(mocha.suite, "round trip cases")
  const out: Case[] = []
  let failure: unknown
  suite.addTest(
    new Mocha.Test("one started process", async () => {
      const pong = await startModule(PONG, [], { ready: /listening on/ })
      out.push(...(await cases(pong, 1, o, Object.keys(BODIES))))
    }),
  )
  suite.addTest(
    new Mocha.Test("ten started processes", async () => {
      const pongs = await Promise.all(
        Array.from({ length: 10 }, () => startModule(PONG, [], { ready: /listening on/ })),
      )
      out.push(...(await cases(pongs[0], 10, o, ["JSON body (~80 B)"])))
    }),
  )
  const runner = mocha.run()
  runner.on("fail", (_test: unknown, err: unknown) => (failure ??= err))
  await new Promise<void>((resolve) => runner.on("end", () => resolve()))
  enterRunnable({ title: "(after the round-trip cases)", fullTitle: () => "" })
  if (failure) throw failure
  return out
}

/** The cases as lines: `1 process, JSON body: expect 1.12× (1.05–1.20), CPU 1.25×; recv …`. */
export function describeCases(all: Case[]): string[] {
  const f = (r: VariantResult) =>
    `${r.ratio.toFixed(2)}× (${r.spread.low.toFixed(2)}–${r.spread.high.toFixed(2)}), CPU ${r.cpuRatio.toFixed(2)}×`
  return all.map(
    (c) =>
      `${c.processes} process${c.processes === 1 ? "" : "es"}, ${c.body}: raw ${c.results.baseline.micros.toFixed(1)} µs; ` +
      `expect ${f(c.results.expect)}; recv ${f(c.results.recv)}`,
  )
}

if (require.main === module) {
  const args = process.argv.slice(2)
  const get = (name: string) => {
    const i = args.indexOf(`--${name}`)
    return i >= 0 ? Number(args[i + 1]) : undefined
  }
  run({ count: get("count"), warmup: get("warmup"), repeat: get("repeat") }).then(
    (all) => {
      for (const line of describeCases(all)) console.log(line)
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
