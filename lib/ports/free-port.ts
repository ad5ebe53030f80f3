import * as net from "node:net"
import { AddressInUseError } from "../errors"
import { CallSite } from "../util/call-site"
import { ephemeralRange, portsOutside } from "./ephemeral-range"

/**
 * Ports handed out by this process, never handed again: the program given
 * one may not have bound it yet when the next call checks.
 */
const handed = new Set<number>()
let candidates: number[] | undefined
let next = 0

/** How many processes (Mocha's parallel workers) get a part of the ports of their own. */
const SHARES = 16
/** How many ports one call tries before it gives up. */
const ATTEMPTS = 200

/**
 * The ports to try, in order, starting in this process's share: Mocha's
 * parallel workers (MOCHA_WORKER_ID 0, 1, …), or else processes by pid,
 * start in different parts, so two of them rarely try the same port at the
 * same time.
 */
function order(): number[] {
  if (candidates) return candidates
  const ports = portsOutside(ephemeralRange())
  const worker = Number(process.env.MOCHA_WORKER_ID)
  const share = (Number.isInteger(worker) && worker >= 0 ? worker : process.pid) % SHARES
  const start = Math.floor((ports.length * share) / SHARES)
  candidates = [...ports.slice(start), ...ports.slice(0, start)]
  return candidates
}

/** Whether `port` can be bound on 127.0.0.1 now; the listener is closed before it resolves. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(false))
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () =>
      server.close(() => resolve(true)),
    )
  })
}

/**
 * A free TCP port for a program that needs one on its command line
 * (`--port 21001`), where `tcp://…:*` cannot be used. It is chosen outside
 * the kernel's ephemeral range (read from
 * /proc/sys/net/ipv4/ip_local_port_range on Linux), so no `:*` bind and no
 * outgoing connection takes it meanwhile; it is checked by binding
 * 127.0.0.1 (released before it resolves); and it is never handed out twice
 * in a run, nor (in practice) to two of Mocha's parallel workers, which
 * start in different parts of the range. Something else on the machine may
 * still bind it before your program does: start the program soon after.
 *
 * Fails with an {@link AddressInUseError} when 200 ports in a row are taken.
 *
 * @example
 * ```ts
 * import { freePort, startProcess, socket } from "zmq-harness"
 *
 * const port = await freePort()
 * await startProcess("node", ["server.js", "--port", String(port)], { ready: `tcp://127.0.0.1:${port}` })
 * const req = await socket("req", { connect: `tcp://127.0.0.1:${port}` })
 * ```
 */
export async function freePort(): Promise<number> {
  const site = new CallSite(freePort)
  const ports = order()
  let tried = 0
  while (tried < ATTEMPTS && handed.size < ports.length) {
    const port = ports[next]
    next = (next + 1) % ports.length
    if (handed.has(port)) continue
    tried++
    // Taken now: it may be free later, so it is not marked as handed.
    if (!(await bindable(port))) continue
    if (handed.has(port)) continue // a concurrent call took it while this one checked
    handed.add(port)
    return port
  }
  const { low, high } = ephemeralRange()
  throw site.apply(
    new AddressInUseError(
      "tcp://127.0.0.1",
      `expected a free TCP port outside the ephemeral range ${low}-${high}, got ${tried} taken in a row ` +
        `(${handed.size} already handed out in this run). Free some ports, or bind your program to tcp://127.0.0.1:* ` +
        "and read the port it chose from its output.",
    ),
  )
}
