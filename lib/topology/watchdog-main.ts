/**
 * The watchdog (lib/topology/watchdog.ts), run as `node watchdog-main.js <owner pid>`: waits
 * for the end of its stdin, which closes when its owner ends, then for the owner to be gone
 * (its pipe closes a moment before the kernel marks it dead), and reaps the topologies of dead
 * owners. Exits after that, or after its bounds.
 */
import { reapDeadOwners } from "./allot"
import { ownerAlive, startTimeOf } from "./owner"

/** How long the owner may take to be gone after its pipe closed. */
const OWNER_GONE_MS = 5_000
const POLL_MS = 20

const pid = Number(process.argv[2])
const owner = { pid, start: startTimeOf(pid) ?? "" }

async function reap(): Promise<void> {
  const deadline = Date.now() + OWNER_GONE_MS
  while (ownerAlive(owner) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, POLL_MS))
  if (!ownerAlive(owner)) await reapDeadOwners()
}

process.stdin.on("error", () => undefined)
process.stdin.on("end", () => {
  reap().then(
    () => process.exit(0),
    () => process.exit(1),
  )
})
process.stdin.resume()
