import { expect } from "chai"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { socket } from "../../lib"
import { bindEndpoint, transports } from "./transports"

describe("socket close", () => {
  for (const transport of transports) {
    it(`releases a bound ${transport} endpoint at once, so it can be bound again`, async () => {
      const first = await socket("rep", { bind: bindEndpoint(transport) })
      const endpoint = first.endpoint
      const started = performance.now()
      await first.close()
      // inproc emits no monitor event: waiting for one took the full 1 s bound.
      expect(performance.now() - started).to.be.below(500)
      const again = await socket("rep", { bind: endpoint })
      expect(again.endpoint).to.equal(endpoint)
    })
  }

  it("is idempotent and makes later operations fail as closed", async () => {
    const req = await socket("req")
    await Promise.all([req.close(), req.close()])
    expect(req.closed).to.equal(true)
  })

  // Regression: zeromq.js's observer loop rejected with ENOTSOCK when its socket closed, an
  // unhandled rejection that Mocha blamed on whichever test ran then.
  it("leaves no unhandled rejection from the socket's monitor", async () => {
    const seen: unknown[] = []
    const onRejection = (reason: unknown) => seen.push(reason)
    process.on("unhandledRejection", onRejection)
    try {
      for (let i = 0; i < 20; i++) {
        const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
        const req = await socket("req", { connect: rep.endpoint })
        await req.connected()
        await req.close()
        await rep.close()
      }
      await new Promise((resolve) => setTimeout(resolve, 20)) // let late rejections surface
    } finally {
      process.off("unhandledRejection", onRejection)
    }
    expect(seen).to.deep.equal([])
  })

  // Regression: closing the observer before its socket left the socket's monitor endpoint
  // registered; a new socket whose observer reused that memory address failed to be made
  // ("Address already in use") after a garbage collection. Run in a child: sockets closed in a
  // test stay referenced until it ends.
  it("makes sockets one after another across garbage collections", function () {
    this.timeout(30000)
    const fixture = path.join(__dirname, "../fixtures/sockets/many-sockets.ts")
    const run = spawnSync(
      process.execPath,
      ["--expose-gc", "-r", "ts-node/register/transpile-only", fixture],
      {
        encoding: "utf8",
        timeout: 20000,
      },
    )
    expect(run.stderr).to.equal("")
    expect(run.stdout).to.equal("made 300 sockets\n")
    expect(run.status).to.equal(0)
  })
})

describe("socket close, many times over", () => {
  // Regression: the observer was closed before libzmq had stopped the socket's monitor, which
  // left the monitor half-open: 7 file descriptors leaked per socket pair, EMFILE ("Too many
  // open file descriptors") after about 140 tests.
  it("releases the file descriptors of closed sockets", async function () {
    this.timeout(30000)
    const openFds = () => fs.readdirSync("/proc/self/fd").length
    const before = openFds()
    for (let i = 0; i < 100; i++) {
      const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
      const req = await socket("req", { connect: rep.endpoint })
      await req.send(i)
      await expect(rep).to.receive([i])
      await req.close()
      await rep.close()
    }
    // A few observers may still be closing (after their "end" event): far fewer than 100.
    expect(openFds() - before).to.be.below(40)
  })
})
