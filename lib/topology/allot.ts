import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import createDebug from "debug"
import { TopologyError } from "../errors"
import { INDEXES, isOwnName, namesOf, subnetBits, type TopologyNames } from "./names"
import { ownerAlive, thisProcess, type Owner } from "./owner"
import { tearDown } from "./teardown"

const debug = createDebug("zmq-harness:topology")

/**
 * Where the locks live: one file per topology in use on the machine, `zmqh<index>.lock`,
 * holding its owner (pid and start time). /run is a tmpfs: a reboot, which removes every
 * namespace too, removes the locks with them.
 *
 * @example
 * ```ts
 * lockDir() // "/run/zmq-harness/topology"
 * ```
 */
export function lockDir(): string {
  const run = "/run/zmq-harness/topology"
  try {
    fs.mkdirSync(run, { recursive: true, mode: 0o755 })
    fs.accessSync(run, fs.constants.W_OK)
    return run
  } catch {
    const tmp = path.join(os.tmpdir(), "zmq-harness-topology")
    fs.mkdirSync(tmp, { recursive: true })
    return tmp
  }
}

const lockOf = (dir: string, index: number) => path.join(dir, `zmqh${index}.lock`)

function readOwner(file: string): Owner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, "utf8")) as Owner
    return typeof owner.pid === "number" && typeof owner.start === "string" ? owner : undefined
  } catch {
    return undefined // being written right now, or damaged: not ours to judge
  }
}

/** The machine's IPv4 routes, as (network, mask) pairs (/proc/net/route is little-endian hex). */
function routes(): { net: number; mask: number }[] {
  try {
    return fs
      .readFileSync("/proc/net/route", "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length >= 8)
      .map((f) => ({ net: swap(parseInt(f[1]!, 16)), mask: swap(parseInt(f[7]!, 16)) }))
      .filter((r) => r.mask !== 0) // the default route overlaps everything, and routes nothing here
  } catch {
    return []
  }
}

function swap(n: number): number {
  return (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24)) >>> 0
}

/** Whether the machine already routes (part of) the /24 of `index` somewhere: then it is not ours. */
function routedElsewhere(index: number, known: { net: number; mask: number }[]): boolean {
  const ours = subnetBits(index)
  return known.some((r) => ((r.net ^ ours.net) & r.mask & ours.mask) >>> 0 === 0)
}

/**
 * Reaps what dead owners left: every lock whose owner no longer runs (matched by pid and start
 * time) has its topology torn down (programs in its namespaces killed first), then its lock
 * removed. Only names of this scheme, and only those of a dead owner's lock, are touched: a
 * live run's topology, and names without a lock, are left alone. Runs at every topology's
 * start, so a run killed with SIGKILL is cleaned up by the next one.
 *
 * @example
 * ```ts
 * await reapDeadOwners() // ["zmqh4"]: what was reaped
 * ```
 */
export async function reapDeadOwners(dir = lockDir()): Promise<string[]> {
  const reaped: string[] = []
  for (const entry of fs.readdirSync(dir)) {
    const match = /^zmqh(\d+)\.lock$/.exec(entry)
    if (!match) continue
    const file = path.join(dir, entry)
    const owner = readOwner(file)
    if (!owner || ownerAlive(owner)) continue
    const names = namesOf(Number(match[1]))
    debug("reaping %s, left by pid %d (gone)", names.prefix, owner.pid)
    await tearDown(names)
    fs.rmSync(file, { force: true })
    reaped.push(names.prefix)
  }
  return reaped
}

/** Whether an interface of this index exists (a leftover without a lock: not ours to take or touch). */
function linkExists(names: TopologyNames): boolean {
  try {
    return fs.readdirSync("/sys/class/net").some((name) => isOwnName(names, name))
  } catch {
    return false
  }
}

/**
 * Takes a free index for a new topology: its lock file is created exclusively (`wx`), so two
 * processes never get the same one, and holds this process's pid and start time. Indexes are
 * tried from one derived from the pid, so that parallel workers rarely race for the same file.
 *
 * @example
 * ```ts
 * const { names, lock } = allot() // names.prefix "zmqh42", lock ".../zmqh42.lock"
 * ```
 */
export function allot(dir = lockDir()): { names: TopologyNames; lock: string } {
  const known = routes()
  const first = process.pid % INDEXES
  for (let i = 0; i < INDEXES; i++) {
    const index = (first + i) % INDEXES
    const names = namesOf(index)
    const lock = lockOf(dir, index)
    if (fs.existsSync(lock) || routedElsewhere(index, known) || linkExists(names)) continue
    try {
      fs.writeFileSync(lock, JSON.stringify(thisProcess()), { flag: "wx" })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") continue // taken meanwhile
      throw err
    }
    return { names, lock }
  }
  throw new TopologyError(
    `expected a free network among the ${INDEXES} of 198.18.0.0/15, got every one in use (locks in ${dir}). ` +
      "Close topologies that are done with, or remove the locks of runs that no longer exist.",
  )
}

/**
 * Gives the index back, once everything named after it is gone.
 *
 * @example
 * ```ts
 * release(lock) // after tearDown(names)
 * ```
 */
export function release(lock: string): void {
  fs.rmSync(lock, { force: true })
}
