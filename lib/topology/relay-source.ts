import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

/**
 * The relay program, run by Node inside a host: it listens on the host's address and forwards
 * each TCP connection to a target, both ways, byte for byte. A half-close is passed on as a
 * half-close; an error on one side (a reset, a refused or timed-out connect) becomes a reset
 * on the other, so a peer behind the relay sees a reset partition as a reset.
 *
 *   node relay.js <listen address> <listen port, 0 for any> <target address> <target port>
 *
 * Prints `relay listening on <port>`. Plain JavaScript with no dependency, so that it starts in
 * a few tens of ms whether zmq-harness runs from dist/ or from its TypeScript sources.
 */
export const RELAY_SOURCE = `"use strict"
const net = require("node:net")
const [listenHost, listenPort, targetHost, targetPort] = process.argv.slice(2)
function reset(socket) {
  if (socket.destroyed) return
  if (socket.connecting || typeof socket.resetAndDestroy !== "function") socket.destroy()
  else socket.resetAndDestroy()
}
const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (inbound) => {
  inbound.pause()
  const outbound = net.connect({ host: targetHost, port: Number(targetPort), allowHalfOpen: true, noDelay: true })
  outbound.once("connect", () => {
    inbound.pipe(outbound)
    outbound.pipe(inbound)
    inbound.resume()
  })
  inbound.on("error", () => reset(outbound))
  outbound.on("error", () => reset(inbound))
  inbound.on("close", (hadError) => hadError ? reset(outbound) : outbound.destroyed || outbound.end())
  outbound.on("close", (hadError) => hadError ? reset(inbound) : inbound.destroyed || inbound.end())
})
server.listen(Number(listenPort), listenHost, () => console.log("relay listening on " + server.address().port))
process.on("SIGTERM", () => process.exit(0))
`

let written: string | undefined

/**
 * The relay program as a file (written once per content into the temporary folder), so the
 * process lists and messages show `node …/zmq-harness-relay-<hash>.js <addresses>` rather than
 * its whole source.
 *
 * @example
 * ```ts
 * startProcess("node", [relayFile(), "198.18.3.11", "5555", "198.18.3.1", "41234"])
 * ```
 */
export function relayFile(): string {
  if (written && fs.existsSync(written)) return written
  const hash = createHash("sha256").update(RELAY_SOURCE).digest("hex").slice(0, 12)
  const file = path.join(os.tmpdir(), `zmq-harness-relay-${hash}.js`)
  if (!fs.existsSync(file)) {
    const temporary = `${file}.${process.pid}`
    fs.writeFileSync(temporary, RELAY_SOURCE, { mode: 0o644 })
    fs.renameSync(temporary, file)
  }
  written = file
  return file
}
