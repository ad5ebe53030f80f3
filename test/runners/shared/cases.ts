import * as assert from "node:assert/strict"
import * as path from "node:path"
import {
  faultyLink,
  matchGolden,
  normalizers,
  peer,
  runProgram,
  socket,
  startModule,
  startProcess,
} from "zmq-harness"

/**
 * The shared suite: one set of test bodies that every runner's wrapper runs (see
 * test/runners/README.md). Runner-neutral on purpose: no `describe`/`it`, no `expect` of a
 * runner, no chai — `node:assert` and zmq-harness's own API only. The wrapper turns each case
 * into a test of its runner; the parent run then checks the results, what is left, and how
 * soon the run exited.
 */

/** One test body of the shared suite. */
export interface SharedCase {
  /** The test's title; unique within the suite. */
  title: string
  /** The test's function. */
  run: () => Promise<void>
  /** Set when the runner must report this test failed, with a message matching it. */
  fails?: RegExp
  /** The runner's own timeout for this test, in ms, when it matters to the case. */
  timeout?: number
}

/** The port two consecutive tests bind (free, chosen by the parent run). */
const PORT = Number(process.env.ZMQH_SHARED_PORT ?? 45871)
const FIXED = `tcp://127.0.0.1:${PORT}`
/** Marks every process a case starts, so that the parent run can look for leftovers. */
const MARK = `--zmqh-shared-run=${process.env.ZMQH_SHARED_RUN ?? "local"}`
const programs = path.join(__dirname, "programs")
const program = (name: string) => path.join(programs, name)
const ANY = "tcp://127.0.0.1:*"

async function pong(endpoint = ANY) {
  const proc = await startProcess(process.execPath, [program("pong.cjs"), endpoint, MARK], {
    ready: /listening on (\S+)/,
  })
  return { proc, endpoint: /listening on (\S+)/.exec(proc.stdout)![1] }
}

async function roundTrip(endpoint: string, n: number): Promise<void> {
  const req = await socket("req", { connect: endpoint })
  await req.send(["ping", n])
  assert.deepEqual(await req.recv(), [["pong", n]])
}

export const sharedCases: SharedCase[] = [
  {
    title: "sockets: a round trip on a fixed port",
    async run() {
      const rep = await socket("rep", { bind: FIXED })
      const req = await socket("req", { connect: FIXED })
      await req.send(["ping", 1])
      assert.deepEqual(await rep.recv(), [["ping", 1]])
      await rep.send(["pong", 1])
      assert.deepEqual(await req.recv(), [["pong", 1]])
    },
  },
  {
    title: "sockets: the next test binds the same fixed port",
    async run() {
      const rep = await socket("rep", { bind: FIXED })
      assert.equal(rep.endpoint, FIXED)
    },
  },
  {
    title: "a process: answers on the port it bound",
    async run() {
      const { endpoint } = await pong()
      await roundTrip(endpoint, 2)
    },
  },
  {
    title: "a crash: the pending wait fails at once with the exit status",
    async run() {
      const proc = await startProcess(
        process.execPath,
        [program("crash-on-message.cjs"), ANY, MARK],
        { ready: /listening on (\S+)/ },
      )
      const req = await socket("req", { connect: /listening on (\S+)/.exec(proc.stdout)![1] })
      await req.send(["ping", 3])
      const started = performance.now()
      await assert.rejects(req.recv({ timeout: 8000 }), { code: "ERR_ZMQH_PROCESS_EXITED" })
      assert.ok(performance.now() - started < 4000, "the wait failed at the crash, not its bound")
    },
  },
  {
    title: "a crash no wait saw fails the test",
    fails: /exit(ed)? (with )?code 4|code 4/,
    async run() {
      const proc = await startProcess(process.execPath, [program("exit-soon.cjs"), MARK], {
        ready: /started/,
      })
      // Not through the handle (awaiting `proc.exited` would see the exit): the crash rule
      // applies while the test looks elsewhere.
      await new Promise((resolve) => proc.child.once("close", resolve))
    },
  },
  {
    title: "a peer: answers by itself",
    async run() {
      const server = await peer("rep", { bind: ANY, name: "server" })
      server.on([["ping", 4]]).reply([["pong", 4]])
      await roundTrip(server.endpoint, 4)
      await server.done({ timeout: 5000 })
    },
  },
  {
    title: "a link: carries the conversation to the process",
    async run() {
      const { endpoint } = await pong()
      const link = await faultyLink({ target: endpoint })
      await roundTrip(link.endpoint, 5)
    },
  },
  {
    title: "a stub: catches the port the process hands out",
    async run() {
      const a = await startModule(program("a.cjs"), [MARK], {
        stubs: [{ module: "./b.cjs", export: "B" }],
      })
      const [port] = (await a.stub("./b.cjs", "B").constructed()) as [number]
      const b = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
      await b.send(["hello"])
      assert.deepEqual(await b.recv(), [["welcome", "hello"]])
    },
  },
  {
    title: "a golden file: the program's output as recorded",
    async run() {
      const run = await runProgram(process.execPath, [program("greet.cjs"), "shared suite", MARK], {
        timeout: 8000,
      })
      assert.equal(run.code, 0)
      matchGolden(run.stdout, path.join(__dirname, "golden/greet.out"), {
        normalize: [normalizers.pids],
      })
    },
  },
  {
    title: "a bounded wait fails at the test's line",
    fails: /receive timed out/,
    async run() {
      const req = await socket("req", { connect: ANY.replace("*", String(PORT + 1)) })
      await req.send(["ping", 6])
      await req.recv({ timeout: 300 }) // shared-case: bounded-wait line
    },
  },
  {
    title: "the runner's timeout gets a hang report",
    fails: /hang report/,
    timeout: 700,
    async run() {
      const rep = await socket("rep", { bind: ANY })
      await rep.recv({ timeout: 20_000 })
    },
  },
]
