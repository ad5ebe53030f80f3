import { statSync } from "node:fs"
import { createServer, type Server } from "node:net"
import { FaultyLinkError } from "../errors"
import { currentScope } from "../core/ownership"
import { checkNotInterrupted } from "../core/interrupt"
import { requireRegistered } from "../core/registration"
import { settings } from "../settings"
import { CallSite } from "../util/call-site"
import { checkTargetHost, endpointOf, listenOptions, showAddress, type NetAddress } from "./address"
import { FaultyLink } from "./link"
import { checkLinkOptions, type FaultyLinkOptions } from "./options"
import { freshSeed } from "./prng"

/**
 * Starts a fault link in front of `target`: a proxy in this process, on
 * `listen` (`tcp://127.0.0.1:*` by default; read `link.endpoint`), that
 * forwards each connection to the target and injects the faults you set on
 * it — delay, cut and heal, blackhole, bandwidth, and, for whole ZeroMQ
 * messages, drop, duplicate and reorder. Put it between a process under test
 * and its peers: the process binds and the test connects to the link, or the
 * process connects to the link in front of a peer the test binds.
 *
 * The link belongs to the running test (or suite, in a `before` hook) and is
 * closed at its end: connections destroyed, port released, no timer left.
 * Random faults are drawn from `seed` (shown in every report of the link).
 *
 * @example
 * ```ts
 * const server = await socket("rep", { bind: "tcp://127.0.0.1:*" })
 * const link = await faultyLink({ target: server.endpoint })
 * const client = await socket("req", { connect: link.endpoint })
 * link.delay(100)
 * await client.send(["ping"])
 * await expect(server).to.receive([["ping"]])
 * ```
 */
export async function faultyLink(options: FaultyLinkOptions): Promise<FaultyLink> {
  const site = new CallSite(faultyLink)
  const scope = currentScope()
  try {
    requireRegistered()
    checkNotInterrupted("faultyLink")
    const checked = checkLinkOptions(options)
    await checkTargetHost(checked.target, checked.targetText)
    // Before the server exists: a run that has ended refuses the link, and nothing is left open.
    const hold = checked.schedule?.admit({ label: checked.name })
    const server = createServer({ noDelay: true, pauseOnConnect: false })
    const port = await listen(server, checked.listen)
    const link = new FaultyLink({
      server,
      endpoint: endpointOf(checked.listen, port),
      target: checked.target,
      targetText: checked.targetText,
      seed: checked.seed ?? freshSeed(),
      name: checked.name,
      transcriptLimit: checked.transcript ?? settings.transcriptLimit,
      scope,
      hold,
    })
    return scope.add(link)
  } catch (err) {
    throw site.apply(err as Error)
  }
}

/** Why a listen failed, and what to do, for the error's message. */
function listenProblem(err: NodeJS.ErrnoException, address: NetAddress): string {
  const ipc = address.transport === "ipc"
  switch (err.code) {
    case "EADDRINUSE":
      if (!ipc) return "the address is in use (leave `listen` out for a random port)"
      return isSocketFile(address.path!)
        ? "the path exists (another link, or a stale socket file: remove it)"
        : "the path exists and is not a socket (a file or a folder): give the path of a new socket file"
    case "EACCES":
    case "ENOENT":
      return ipc
        ? `${err.message}: the folder of the path must exist and be writable`
        : `${err.message}: ports below 1024 need privileges (leave \`listen\` out for a random port)`
    case "EADDRNOTAVAIL":
      return `${err.message}: the address is not one of this machine's (use 127.0.0.1, or an address of one of its interfaces)`
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${err.message}: the host does not resolve (a link listens on an IP address or a host name, not an interface name such as eth0)`
    default:
      return err.message
  }
}

function isSocketFile(path: string): boolean {
  try {
    return statSync(path).isSocket()
  } catch {
    return false
  }
}

/** Listens; resolves with the port (tcp), rejects with a named error. */
function listen(server: Server, address: NetAddress): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => {
      const why = listenProblem(err, address)
      reject(
        new FaultyLinkError(
          `expected to listen on ${showAddress(address)} for the link, got ${err.code ?? "an error"}: ${why}.`,
          { cause: err },
        ),
      )
    }
    server.once("error", fail)
    server.listen(listenOptions(address), () => {
      server.off("error", fail)
      const bound = server.address()
      resolve(typeof bound === "object" && bound ? bound.port : undefined)
    })
  })
}
