// README.md of v0.1.0, "Use it in your project", in a plain JavaScript
// project: the same test, with the compiled pong program.
const { expect } = require("chai")
const { socket, startModule } = require("zmq-harness")

describe("PongProc @process", () => {
  it("answers a ping", async () => {
    await startModule("dist/pong.js", ["--bind", "tcp://127.0.0.1:5678"], {
      ready: /listening/,
      stop: { signal: "SIGINT" },
    })
    const req = await socket("req", { connect: "tcp://127.0.0.1:5678" })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
  }) // the socket is closed and the process stopped when the test ends
})
