import * as net from "node:net"

/** A free port outside the kernel's ephemeral range, never handed twice in a run: the library's own. */
export { freePort } from "../../lib/ports/free-port"

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
