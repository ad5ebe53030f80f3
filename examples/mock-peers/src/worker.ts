/**
 * A worker: asks a broker for jobs over a REQ socket and reports each result, until the
 * broker says stop.
 *
 *   node -r ts-node/register src/worker.ts <broker endpoint>
 *
 * Protocol (one text frame for the verb, then a JSON frame):
 *   worker → broker   ["ready"]                       first, to get a job
 *   broker → worker   ["job", {"id": 1, "n": 6}]      or ["stop"]
 *   worker → broker   ["result", {"id": 1, "value": 36}]
 *   broker → worker   the next job, or ["stop"]
 */
import { Request } from "zeromq"
import { parseJob, work } from "./jobs"

async function main(): Promise<void> {
  const [endpoint] = process.argv.slice(2)
  if (!endpoint) throw new Error("usage: worker.ts <broker endpoint>")
  // A broker that stops answering must not hang the worker: each reply is awaited 5 s at most.
  const req = new Request({ linger: 0, receiveTimeout: 5000 })
  req.connect(endpoint)
  console.log(`worker connected to ${endpoint}`)
  await req.send("ready")
  let done = 0
  for (;;) {
    const [verb, body] = await req.receive()
    if (verb.toString() === "stop") break
    if (verb.toString() !== "job" || !body)
      throw new Error(`expected a job or stop, got ${verb.toString()}`)
    const result = work(parseJob(body))
    await req.send(["result", JSON.stringify(result)])
    done++
  }
  console.log(`worker stopped after ${done} job(s)`)
  req.close()
}

main().catch((err: unknown) => {
  console.error(`worker: ${(err as Error).message}`)
  process.exitCode = 1
})
