/**
 * One node of a replicated key-value store, small enough to read in a minute: every node
 * holds every key; a write is acknowledged only once a majority of the nodes stored it, and a
 * read asks a majority and takes the newest answer. Any two majorities share a node, so a read
 * sees every acknowledged write, whatever the network did: the invariant the test checks
 * across a partition. A node that cannot reach a majority answers "unavailable".
 *
 *   node -r ts-node/register src/kv-node.ts --id n1 --port 5555 --peers tcp://198.18.3.11:5555,…
 *     [--quorum <n>]   (default: a majority of the nodes; 1 makes it acknowledge at once — the
 *                       broken store the test catches losing writes)
 *
 * Clients (REQ or DEALER) send JSON frames to the ROUTER on --port:
 *   ["set", key, value] → ["ok", version] | ["unavailable", "<why>"]
 *   ["get", key]        → ["value", value | null, version] | ["unavailable", "<why>"]
 * Nodes ask each other ["store", key, value, version] → ["stored"] and ["fetch", key] →
 * ["fetched", value, version], each over a DEALER connected to the peer's ROUTER. Prints
 * `node <id> on <port>`. Stops on SIGTERM/SIGINT.
 */
import { parseArgs } from "node:util"
import { Dealer, Router } from "zeromq"

interface Entry {
  value: unknown
  /** Larger is newer: milliseconds since the epoch, then the node's id for ties. */
  version: [number, string]
}

const newer = (a: Entry["version"], b: Entry["version"]) => a[0] - b[0] || a[1].localeCompare(b[1])

function options() {
  const { values } = parseArgs({
    options: {
      id: { type: "string" },
      port: { type: "string" },
      peers: { type: "string", default: "" },
      quorum: { type: "string" },
      timeout: { type: "string", default: "500" },
    },
  })
  const peers = values.peers ? values.peers.split(",") : []
  const quorum = Number(values.quorum ?? Math.floor((peers.length + 1) / 2) + 1)
  if (!values.id || !values.port || !(quorum >= 1)) {
    throw new Error("usage: kv-node.ts --id <id> --port <port> --peers <endpoint,…> [--quorum <n>]")
  }
  return { id: values.id, port: values.port, peers, quorum, timeout: Number(values.timeout) }
}

/** A request to one peer, answered or not within `timeout`: one DEALER per peer, requests tagged. */
class Peer {
  private readonly socket = new Dealer({ linger: 0, sendTimeout: 0 })
  private readonly waiting = new Map<number, (reply: unknown[]) => void>()
  private next = 0

  constructor(endpoint: string) {
    this.socket.connect(endpoint)
    void this.receive()
  }

  ask(request: unknown[], timeout: number): Promise<unknown[] | undefined> {
    const tag = this.next++
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(tag)
        resolve(undefined)
      }, timeout)
      this.waiting.set(tag, (reply) => {
        clearTimeout(timer)
        resolve(reply)
      })
      this.socket.send(JSON.stringify([tag, ...request])).catch(() => undefined) // queue full: no answer
    })
  }

  private async receive(): Promise<void> {
    try {
      for await (const [frame] of this.socket) {
        const [tag, ...reply] = JSON.parse(String(frame)) as [number, ...unknown[]]
        this.waiting.get(tag)?.(reply)
        this.waiting.delete(tag)
      }
    } catch {
      // closed
    }
  }

  close(): void {
    this.socket.close()
  }
}

async function main(): Promise<void> {
  const { id, port, peers: endpoints, quorum, timeout } = options()
  const store = new Map<string, Entry>()
  const router = new Router({ linger: 0 })
  const peers = endpoints.map((endpoint) => new Peer(endpoint))
  const stop = () => {
    router.close()
    for (const peer of peers) peer.close()
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)

  const save = (key: string, entry: Entry) => {
    const had = store.get(key)
    if (!had || newer(entry.version, had.version) > 0) store.set(key, entry)
  }
  /** Asks every peer; resolves with the answers that came within the timeout. */
  const askAll = async (request: unknown[]) =>
    (await Promise.all(peers.map((peer) => peer.ask(request, timeout)))).filter(
      (r) => r !== undefined,
    )

  async function answer(request: unknown[]): Promise<unknown[]> {
    const [verb, ...rest] = request
    if (verb === "store") {
      const [key, value, version] = rest as [string, unknown, Entry["version"]]
      save(key, { value, version })
      return ["stored"]
    }
    if (verb === "fetch") {
      const entry = store.get(rest[0] as string)
      return ["fetched", entry?.value ?? null, entry?.version ?? null]
    }
    if (verb === "set") {
      const [key, value] = rest as [string, unknown]
      const entry: Entry = { value, version: [Date.now(), id] }
      save(key, entry)
      if (quorum <= 1) {
        void askAll(["store", key, value, entry.version]) // the broken mode: acknowledged before anyone else has it
        return ["ok", entry.version]
      }
      const stored = await askAll(["store", key, value, entry.version])
      if (stored.length + 1 >= quorum) return ["ok", entry.version]
      return ["unavailable", `stored on ${stored.length + 1} of the ${quorum} nodes a write needs`]
    }
    if (verb === "get") {
      const key = rest[0] as string
      const answers = await askAll(["fetch", key])
      if (answers.length + 1 < quorum)
        return ["unavailable", `${answers.length + 1} of the ${quorum} nodes a read needs answered`]
      for (const [, value, version] of answers as [string, unknown, Entry["version"] | null][]) {
        if (version) save(key, { value, version }) // read repair: this node learns what it missed
      }
      const entry = store.get(key)
      return ["value", entry?.value ?? null, entry?.version ?? null]
    }
    return ["error", `unknown request ${JSON.stringify(request)}`]
  }

  await router.bind(`tcp://*:${port}`)
  console.log(`node ${id} on ${port}`)
  try {
    for await (const [sender, ...frames] of router) {
      // A client's REQ puts an empty frame before the body; a peer's DEALER does not.
      const body = frames[frames.length - 1]!
      const envelope = frames.slice(0, -1)
      const parsed = JSON.parse(String(body)) as unknown[]
      const fromPeer = typeof parsed[0] === "number"
      const request = fromPeer ? parsed.slice(1) : parsed
      void answer(request).then((reply) =>
        router
          .send([sender!, ...envelope, JSON.stringify(fromPeer ? [parsed[0], ...reply] : reply)])
          .catch(() => undefined),
      )
    }
  } catch (err) {
    if (!router.closed) throw err
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
