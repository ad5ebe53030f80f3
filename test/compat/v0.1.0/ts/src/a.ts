// A, the process under test of docs/child-stubs.md (v0.1.0): binds a pair
// socket on a random port and constructs B with that port (B would connect
// back), then serves B: ["hello"] is answered with ["welcome", <what B.start() returned>].
import { Pair } from "zeromq"
import { B } from "./b"

export class A {
  private sock = new Pair({ linger: 0 })
  started: unknown

  async start(): Promise<number> {
    await this.sock.bind("tcp://127.0.0.1:*")
    const port = Number(new URL(this.sock.lastEndpoint!).port)
    const b = new B(port)
    this.started = b.start()
    return port
  }

  async serve(): Promise<void> {
    for await (const [frame] of this.sock) {
      const [kind] = JSON.parse(frame!.toString())
      if (kind === "hello") await this.sock.send(JSON.stringify(["welcome", this.started ?? null]))
    }
  }

  close(): void {
    this.sock.close()
  }
}

if (require.main === module) {
  const a = new A()
  a.start()
    .then(() => a.serve())
    .catch((err) => {
      console.error(err)
      process.exit(1)
    })
}
