// The application of docs/system-tests.md's client emulation (v0.1.0), run
// there as `node dist/front.js tcp://127.0.0.1:*`: a front process that
// starts its own worker process (dist/worker.js), binds a ROUTER for clients
// on the endpoint given and passes each request to the worker. It prints its
// pid and the worker's, then `listening on <endpoint>`; on SIGTERM it stops
// the worker, prints "stopped" and exits 0.
const { fork } = require("node:child_process")
const path = require("node:path")
const zmq = require("zeromq")

async function main() {
  console.log(`front pid ${process.pid}`)
  const worker = fork(path.join(__dirname, "worker.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] })
  const workerEndpoint = await new Promise((resolve, reject) => {
    worker.once("message", resolve)
    worker.once("exit", (code) => reject(new Error(`worker exited with ${code} before it was ready`)))
  })
  console.log(`worker pid ${worker.pid} ready`)
  const backend = new zmq.Dealer({ linger: 0 })
  backend.connect(workerEndpoint)
  const frontend = new zmq.Router({ linger: 0 })
  await frontend.bind(process.argv[2] ?? "tcp://127.0.0.1:*")
  process.once("SIGTERM", () => {
    frontend.close()
    backend.close()
    worker.once("exit", () => {
      console.log("stopped")
      process.exit(0)
    })
    worker.kill("SIGTERM")
  })
  console.log(`listening on ${frontend.lastEndpoint}`)
  // Requests go to the worker with their envelope; the replies come back with it.
  void (async () => {
    for await (const [id, , body] of backend) await frontend.send([id, "", body])
  })().catch(() => undefined)
  for await (const [id, , body] of frontend) await backend.send([id, "", body])
}

main().catch((err) => {
  if (err.code === "EAGAIN" || /closed/i.test(String(err.message))) return
  console.error(err)
  process.exit(1)
})
