// Issue 21: where one test's lifecycle (bind, connect, round trip, close) goes, against raw
// zeromq.js in the same run, blocks rotating (bench/variants.ts). Each variant adds one part of
// what a test socket does to the raw lifecycle, so the cost of each part shows:
// - "one observer": zeromq.js's `socket.events` on the bound socket only, its events read;
// - "two observers": on both sockets, as every test socket with a tcp or ipc endpoint has
//   (connected() must see handshakes that completed before it was called);
// - "two observers, unbind + listener closed": and the close of ours (unbind, wait for the
//   monitor's "close" of the listener, so the next test can bind the same port at once);
// - "close + listener closed": the same wait without the unbind (the socket's close closes
//   its listeners, and the monitor reports them);
// - "ours": socket(), send, recv, close.
//
//   node -r ts-node/register/transpile-only bench/lifecycle-parts.ts [--repeat 12]
import * as zmq from "zeromq"
import { socket } from "../lib"
import { compareVariants, type VariantResult } from "./variants"

/** What one observer saw, and a way to wait for it. */
class Watch {
  private readonly closed = new Set<string>()
  private ended = false
  private wake: (() => void) | undefined

  constructor(readonly observer: zmq.Observer) {
    void (async () => {
      try {
        while (!observer.closed) {
          const e = await observer.receive()
          if (e.type === "close") this.closed.add(e.address)
          if (e.type === "end") this.ended = true
          this.wake?.()
        }
      } catch {
        // closed
      }
    })()
  }

  private until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no event within 1 s")), 1000)
      this.wake = () => {
        if (!test()) return
        clearTimeout(timer)
        this.wake = undefined
        resolve()
      }
    })
  }

  listenerClosed(endpoint: string): Promise<void> {
    return this.until(() => this.closed.has(endpoint))
  }

  /** After the socket's close: the observer closes once libzmq stopped the monitor. */
  stop(): void {
    void this.until(() => this.ended).then(
      () => this.observer.close(),
      () => this.observer.close(),
    )
  }
}

const OPTIONS = { linger: 0, receiveTimeout: 1000, sendTimeout: 1000 }

async function roundTrip(rep: zmq.Reply, req: zmq.Request, i: number): Promise<void> {
  await req.send(JSON.stringify(["ping", i]))
  JSON.parse((await rep.receive())[0].toString())
  await rep.send(JSON.stringify(["pong", i]))
  JSON.parse((await req.receive())[0].toString())
}

/** A raw lifecycle with `observers` (0, 1: the bound socket's, 2) and one way to close. */
function rawLifecycle(observers: 0 | 1 | 2, close: "close" | "unbind + wait" | "close + wait") {
  return async (count: number) => {
    for (let i = 0; i < count; i++) {
      const rep = new zmq.Reply(OPTIONS)
      const req = new zmq.Request(OPTIONS)
      const repWatch = observers >= 1 ? new Watch(rep.events) : undefined
      const reqWatch = observers === 2 ? new Watch(req.events) : undefined
      await rep.bind("tcp://127.0.0.1:*")
      const endpoint = rep.lastEndpoint!
      req.connect(endpoint)
      await roundTrip(rep, req, i)
      req.close()
      reqWatch?.stop()
      if (close === "unbind + wait") {
        await rep.unbind(endpoint)
        await repWatch!.listenerClosed(endpoint)
        rep.close()
      } else {
        rep.close()
        if (close === "close + wait") await repWatch!.listenerClosed(endpoint)
      }
      repWatch?.stop()
    }
  }
}

/** Every part against raw. */
export async function run(
  options: { count?: number; warmup?: number; repeat?: number } = {},
): Promise<Record<string, VariantResult>> {
  return compareVariants({
    count: options.count ?? 100,
    warmup: options.warmup ?? 2,
    repeat: options.repeat ?? 12,
    baseline: rawLifecycle(0, "close"),
    variants: {
      "one observer (the bound socket's)": rawLifecycle(1, "close"),
      "two observers": rawLifecycle(2, "close"),
      "two observers, unbind + listener closed": rawLifecycle(2, "unbind + wait"),
      "two observers, close + listener closed": rawLifecycle(2, "close + wait"),
      async ours(count) {
        for (let i = 0; i < count; i++) {
          const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
          const req = await socket("req", { connect: rep.endpoint })
          await req.send(["ping", i])
          await rep.recv()
          await rep.send(["pong", i])
          await req.recv()
          await req.close()
          await rep.close()
        }
      },
    },
  })
}

if (require.main === module) {
  const args = process.argv.slice(2)
  const i = args.indexOf("--repeat")
  run({ repeat: i >= 0 ? Number(args[i + 1]) : undefined }).then(
    (results) => {
      for (const [name, r] of Object.entries(results))
        console.log(
          `${name}: ${r.micros.toFixed(0)} µs, ${r.ratio.toFixed(2)}× (${r.spread.low.toFixed(2)}–${r.spread.high.toFixed(2)}), CPU ${r.cpuRatio.toFixed(2)}×`,
        )
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
