import * as net from "node:net"

/**
 * The first port of [from, to] that can be bound on 127.0.0.1 now. Our fixed ports lie in the
 * kernel's ephemeral range (32768-60999), so another process's outgoing connection may hold
 * one for a while: tests that need "one fixed port" take the first free one of their range.
 */
export async function freePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) if (await portIsFree(port)) return port
  throw new Error(`expected a free port from ${from} to ${to}, got none`)
}

/** Whether the port can be bound now (nobody holds it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(false))
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)))
  })
}

/**
 * Whether the port becomes free within `ms`: the kernel releases a killed
 * process's listening socket while it tears the process down, which may end
 * a moment after the process is seen as dead.
 */
export async function portFreesUp(port: number, ms = 1000): Promise<boolean> {
  const deadline = performance.now() + ms
  while (!(await portIsFree(port))) {
    if (performance.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
}
