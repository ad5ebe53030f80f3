/**
 * Instructions per round trip to a separate process, counted by valgrind's callgrind: a
 * figure that machine load does not move (wall-clock ratios on a shared 2-core machine swing
 * from 1.2x to 1.8x between runs), for checking what a change to the hot path saves.
 *
 *   npm run build && node bench/instructions.js [cases] [count]
 *   node bench/instructions.js raw,recv,ours 2000
 *
 * Cases, each run `count` times after a warm-up, all in one process inside a real Mocha test
 * whose suite started the pong process (as bench/round-trip-process.ts does):
 *   raw   zeromq.js send / receive / JSON.parse / isDeepStrictEqual
 *   recv  the harness's send + recv, then isDeepStrictEqual
 *   ours  the harness's send + await expect(req).to.receive([reply])
 * It counts the main thread (where the harness runs) and zeromq's I/O thread, from callgrind
 * dumps taken around each case, so start-up and JIT warm-up are left out. It runs the compiled
 * library (dist/): under valgrind, ts-node's compile would take minutes. Needs valgrind.
 */
const { spawn, spawnSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")

const [cases = "raw,recv,ours", count = "2000"] = process.argv
  .slice(2)
  .filter((a) => a !== "--inside")
const inside = process.argv.includes("--inside")
const WARM = Number(process.env.WARM ?? 3000)

async function measure() {
  const { isDeepStrictEqual } = require("node:util")
  const chai = require("chai")
  const M = require("mocha")
  const Mocha = M.default ?? M
  const zmq = require("zeromq")
  const lib = require("../dist")
  const { mochaHooks } = require("../dist/register")
  const PONG = path.join(__dirname, "../test/fixtures/processes/pong.js")
  const PAYLOAD = { op: "ping", seq: 1, args: ["a", "b", { deep: [1, 2, 3] }], ok: true }
  const BODY = ["ping", PAYLOAD]
  const REPLY = ["pong", PAYLOAD]
  // Valgrind slows this process some 50 times: generous bounds, so that a slow turn is no failure.
  const BOUND = 30000
  const dump = (what) =>
    new Promise((resolve) =>
      spawn("callgrind_control", [`--dump=${what}`, String(process.pid)], {
        stdio: "ignore",
      }).on("exit", resolve),
    )

  async function body(pong) {
    const { expect } = chai
    const endpoint = pong.stdout.match(/listening on (\S+)/)[1]
    const ours = await lib.socket("req", { connect: endpoint, timeout: BOUND })
    const raw = new zmq.Request({ linger: 0, receiveTimeout: BOUND, sendTimeout: BOUND })
    raw.connect(endpoint)
    const run = {
      async raw(n) {
        for (let i = 0; i < n; i++) {
          await raw.send(JSON.stringify(BODY))
          const [frame] = await raw.receive()
          if (!isDeepStrictEqual(JSON.parse(frame.toString()), REPLY)) throw new Error("raw")
        }
      },
      async recv(n) {
        for (let i = 0; i < n; i++) {
          await ours.send(BODY)
          if (!isDeepStrictEqual(await ours.recv(), [REPLY])) throw new Error("recv")
        }
      },
      async ours(n) {
        for (let i = 0; i < n; i++) {
          await ours.send(BODY)
          await expect(ours).to.receive([REPLY])
        }
      },
    }
    try {
      for (const name of cases.split(",")) {
        await run[name](WARM)
        await dump(`before ${name}`)
        await run[name](Number(count))
        await dump(`after ${name}`)
      }
    } finally {
      raw.close()
    }
  }

  const mocha = new Mocha({
    reporter: class extends Mocha.reporters.Base {},
    timeout: 0,
    rootHooks: mochaHooks,
  })
  const suite = Mocha.Suite.create(mocha.suite, "instructions")
  let pong
  suite.beforeAll(async () => {
    pong = await lib.startModule(PONG, [], { ready: /listening on/ })
  })
  suite.addTest(new Mocha.Test("round trips", () => body(pong)))
  const runner = mocha.run((failures) => process.exit(failures ? 1 : 0))
  runner.on("fail", (_test, err) => console.error(err))
}

/** Instructions of each thread in one callgrind dump file, and the dump's trigger. */
function readDump(file) {
  const text = fs.readFileSync(file, "utf8")
  const trigger = /^desc: Trigger: (?:Client Request: )?(?:dump )?(.*)$/m.exec(text)?.[1]
  const total = Number(/^(?:totals|summary): (\d+)/m.exec(text)?.[1] ?? 0)
  return { trigger, total }
}

function report(dir) {
  const parts = new Map()
  for (const name of fs.readdirSync(dir)) {
    const m = /^cg\.out\.(\d+)-(\d+)$/.exec(name)
    if (!m) continue
    const { trigger, total } = readDump(path.join(dir, name))
    if (!parts.has(m[1])) parts.set(m[1], { trigger, threads: new Map() })
    parts.get(m[1]).threads.set(Number(m[2]), total)
  }
  const n = Number(count)
  for (const [, part] of [...parts].sort((a, b) => Number(a[0]) - Number(b[0]))) {
    if (!part.trigger?.startsWith("after ")) continue
    const perThread = [...part.threads]
      .map(([thread, total]) => [thread, Math.round(total / n)])
      .filter(([, perTrip]) => perTrip > 200)
    const main = part.threads.get(1) ?? 0
    console.log(
      `${part.trigger.slice(6).padEnd(6)} main thread ${Math.round(main / n)} instructions per round trip` +
        `  (per thread: ${perThread.map(([t, v]) => `#${t} ${v}`).join(", ")})`,
    )
  }
  console.log(
    "Thread #1 is the main thread; the one near 5,000 in every case is zeromq's I/O thread; others are V8's compiler and GC.",
  )
}

if (inside) {
  void measure()
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-instructions-"))
  const run = spawnSync(
    "valgrind",
    [
      "--tool=callgrind",
      "--separate-threads=yes",
      `--callgrind-out-file=${path.join(dir, "cg.out")}`,
      process.execPath,
      __filename,
      cases,
      count,
      "--inside",
    ],
    { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", timeout: 30 * 60 * 1000 },
  )
  if (run.status !== 0) {
    console.error(
      run.error ??
        run.stderr
          .split("\n")
          .filter((l) => !l.startsWith("=="))
          .join("\n"),
    )
    process.exit(1)
  }
  report(dir)
  fs.rmSync(dir, { recursive: true, force: true })
}
