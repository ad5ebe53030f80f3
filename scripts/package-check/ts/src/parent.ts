import * as zmq from "zeromq"
import { Worker } from "./worker"
async function main() {
  const pair = new zmq.Pair({ linger: 0 })
  await pair.bind("tcp://127.0.0.1:*")
  const port = Number(pair.lastEndpoint!.split(":").pop())
  const w = new Worker(port)
  w.start()
  const [m] = await pair.receive()
  await pair.send(JSON.stringify(["ack", JSON.parse(m.toString())]))
}
main()
