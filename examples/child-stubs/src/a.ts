/**
 * A, the process under test of docs/child-stubs.md: binds a pair socket on a
 * random port, constructs B with that port (B would connect back), then
 * serves B: ["hello"] is answered with ["welcome", <what B's start() returned>].
 *
 *   node --import tsx src/a.ts
 */
import { Pair } from "zeromq"
import { B } from "./b"

export class A {
  private readonly sock = new Pair({ linger: 0 })
  private started: unknown

  /** Binds, constructs B with the port; resolves with the port. */
  async start(): Promise<number> {
    await this.sock.bind("tcp://127.0.0.1:*")
    const port = Number(new URL(this.sock.lastEndpoint!).port)
    this.started = new B(port).start()
    return port
  }

  /** Answers B until the socket closes. */
  async serve(): Promise<void> {
    for await (const [frame] of this.sock) {
      const [kind] = JSON.parse(String(frame)) as [string]
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
    .catch((err: unknown) => {
      console.error(err)
      process.exit(1)
    })
}
