// (a') The case users have: a round trip to a separate process. One pong process (started once,
// by a `before` hook, as a suite would) answers both clients; `send` + `await
// expect(req).to.receive(…)` runs inside a real Mocha test with the plugin's hooks, so the
// crash rule guards every wait as it does in a user's test, against a raw zeromq.js REQ doing
// send / receive / JSON.parse / deep equal in the same test, in alternating blocks.
import * as path from "node:path"
import * as chai from "chai"
import Mocha from "mocha"
import * as zmq from "zeromq"
import { socket, startModule, type ProcessHandle } from "../lib"
import { enterRunnable } from "../lib/runners/mocha/current"
import { mochaHooks } from "../lib/register"
import { compare, type BenchResult } from "./measure"
import { rawRoundTrips } from "./raw-round-trips"

const PONG = path.join(__dirname, "../test/fixtures/processes/pong.js")
// The pong process answers ["ping", x] with ["pong", x]: the same JSON body both ways.
const PAYLOAD = { op: "ping", seq: 1, args: ["a", "b", { deep: [1, 2, 3] }], ok: true }
const BODY = ["ping", PAYLOAD]
const REPLY = ["pong", PAYLOAD]

/** Options of {@link run}: fewer rounds for a quick look while profiling. */
export interface RoundTripProcessOptions {
  count?: number
  warmup?: number
  repeat?: number
  /** Only ours, for a profile of the harness alone (no raw rounds; the result's raw is 0). */
  oursOnly?: boolean
}

/** The measurement, as the body of a Mocha test whose suite started `pong`. */
async function measure(pong: ProcessHandle, o: Required<RoundTripProcessOptions>) {
  const { expect } = chai
  const endpoint = pong.stdout.match(/listening on (\S+)/)![1]
  const ours = await socket("req", { connect: endpoint })
  const raw = new zmq.Request({ linger: 0, receiveTimeout: 1000, sendTimeout: 1000 })
  raw.connect(endpoint)
  try {
    return await compare({
      name: "req/rep round trip to a separate process (JSON body, deep-equal check, in a Mocha test)",
      operation: "one round trip",
      target: 1.25,
      count: o.count,
      warmup: o.warmup,
      repeat: o.repeat,
      async ours(count) {
        for (let i = 0; i < count; i++) {
          await ours.send(BODY)
          await expect(ours).to.receive([REPLY])
        }
      },
      async raw(count) {
        if (o.oursOnly) return 0
        await rawRoundTrips(raw, count, BODY, REPLY)
      },
    })
  } finally {
    raw.close()
    // `ours` is closed by the plugin's afterEach, as in a user's test.
  }
}

/** A reporter that prints nothing: the bench reports for itself. */
class Silent extends Mocha.reporters.Base {}

export async function run(options: RoundTripProcessOptions = {}): Promise<BenchResult> {
  const o = {
    count: options.count ?? 500,
    warmup: options.warmup ?? 2,
    repeat: options.repeat ?? 21,
    oursOnly: options.oursOnly ?? false,
  }
  const mocha = new Mocha({ reporter: Silent, timeout: 600_000, rootHooks: mochaHooks })
  const suite = Mocha.Suite.create(mocha.suite, "round trip to a separate process")
  let pong: ProcessHandle | undefined
  let result: BenchResult | undefined
  let failure: unknown
  suite.beforeAll("start the pong process", async () => {
    pong = await startModule(PONG, [], { ready: /listening on/ })
  })
  suite.addTest(
    new Mocha.Test("round trips", async () => {
      result = await measure(pong!, o)
    }),
  )
  const runner = mocha.run()
  runner.on("fail", (_test: unknown, err: unknown) => (failure ??= err))
  await new Promise<void>((resolve) => runner.on("end", () => resolve()))
  // The plugin still takes the run's last hook for the owner of what is made next: the benches
  // that follow run outside Mocha, in the detached scope, so say that no runnable is running.
  enterRunnable({ title: "(after the round-trip bench)", fullTitle: () => "" })
  if (failure || !result) throw failure ?? new Error("the round-trip test did not run")
  return result
}

if (require.main === module) {
  const args = process.argv.slice(2)
  const get = (name: string) => {
    const i = args.indexOf(`--${name}`)
    return i >= 0 ? Number(args[i + 1]) : undefined
  }
  run({
    count: get("count"),
    warmup: get("warmup"),
    repeat: get("repeat"),
    oursOnly: args.includes("--ours-only"),
  }).then(
    (r) => {
      console.log(
        `ours ${r.oursMicros.toFixed(1)} µs, raw ${r.rawMicros.toFixed(1)} µs, ratio ${r.ratio.toFixed(3)}; ` +
          `CPU ours ${r.oursCpuMicros.toFixed(1)} µs, raw ${r.rawCpuMicros.toFixed(1)} µs, ratio ${r.cpuRatio.toFixed(3)}`,
      )
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
