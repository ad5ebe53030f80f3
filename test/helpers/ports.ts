import * as net from "node:net"

/**
 * The first port of [from, to] that can be bound on 127.0.0.1 now. Our fixed ports lie in the
 * kernel's ephemeral range (32768-60999), so another process's outgoing connection may hold
 * one for a while: tests that need "one fixed port" take the first free one of their range.
 */
export async function freePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer()
      server.once("error", () => resolve(false))
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error(`expected a free port from ${from} to ${to}, got none`)
}
