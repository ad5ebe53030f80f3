// examples/sockets/pong.ts of v0.1.0, as it was.
// A tiny ZeroMQ application to test: a server that answers ["ping", n] with ["pong", n].
import * as zmq from "zeromq"

export interface Pong {
  /** Where requests go (a resolved tcp endpoint). */
  endpoint: string
  stop(): Promise<void>
}

export async function startPong(): Promise<Pong> {
  const rep = new zmq.Reply({ linger: 0 })
  await rep.bind("tcp://127.0.0.1:*")
  const serving = (async () => {
    try {
      for await (const [frame] of rep) {
        const [verb, n] = JSON.parse(frame.toString()) as [string, number]
        await rep.send(
          JSON.stringify(verb === "ping" ? ["pong", n] : ["error", `unknown verb ${verb}`]),
        )
      }
    } catch {
      // closed
    }
  })()
  return {
    endpoint: rep.lastEndpoint!,
    async stop() {
      rep.close()
      await serving
    },
  }
}
