import createDebug from "debug"
import { TopologyError, UsageError } from "../errors"
import type { CloseBound, Resource, Scope } from "../core/scope"
import type { ProcessHandle } from "../process/handle"
import { epochOf, type RecordBand, type RecordEntry, type ResourceRecord } from "../timeline/record"
import { CallSite } from "../util/call-site"
import { release } from "./allot"
import { Host } from "./host"
import type { TopologyNames } from "./names"
import { checkHostName } from "./options"
import { partitionSpec, type PartitionArgs, type PartitionOptions } from "./partition-spec"
import type { Firewall } from "./firewall"
import { cutCommands, type Cut } from "./rules"
import type { HostNames } from "./setup"
import { shapingScript, type Limit } from "./shaping"
import { tearDown } from "./teardown"
import { runTool } from "./tools"

const debug = createDebug("zmq-harness:topology")

/** What {@link Topology} is made with. @internal */
export interface TopologySetup {
  names: TopologyNames
  hosts: HostNames[]
  lock: string
  owner: Scope
  /** Forgets the interrupt cleanup, once torn down normally. */
  forgetCleanup: () => void
  /** How long the setup took, for the record. */
  upAfter: number
  /** Its nftables session. */
  firewall: Firewall
}

/** A band still in force: its start, label and hosts. */
interface OpenBand {
  start: number
  label: string
  concerns: string[]
}

/**
 * Hosts on one machine, made by {@link topology}: each a Linux network namespace with its own
 * address on a shared bridge, which the test's own sockets reach too. Programs run in a host
 * through {@link Topology.host}; the network between hosts is cut with {@link
 * Topology.partition}, {@link Topology.isolate} and {@link Topology.heal}, and slowed with
 * {@link Topology.bandwidth}. Everything is removed when the test ends (or the suite, for a
 * topology made in a `before` hook), when the run is interrupted, and — by the next run's
 * reaper — after the runner was killed.
 *
 * Changes are applied one after the other, each as one transaction: when the promise of
 * `partition()` resolves, the partition is in force.
 *
 * @example
 * ```ts
 * const net = await topology({ hosts: ["broker", "w1", "w2"] })
 * await net.partition(["broker"], ["w1", "w2"])
 * await net.heal()
 * ```
 */
export class Topology implements Resource, AsyncDisposable {
  /** Always `"topology"`. */
  readonly kind = "topology"
  /** The address at which programs in the hosts reach the test's own sockets (bind `tcp://*:<port>` or this). */
  readonly testAddress: string
  private readonly hostsByName = new Map<string, Host>()
  private readonly cuts = new Map<string, Cut>()
  private readonly limits = new Map<string, Limit>()
  /** The host links that have an HTB qdisc now. */
  private readonly shaped = new Set<string>()
  private readonly entries: RecordEntry[] = []
  private readonly bands: RecordBand[] = []
  private readonly open: OpenBand[] = []
  /** Processes started in its hosts: stopped (their stop strategy, then SIGKILL) before the hosts go. */
  private readonly processes = new Set<ProcessHandle>()
  /** Changes run one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve()
  private closing: Promise<void> | undefined

  /** @internal Use {@link topology}. */
  constructor(private readonly setup: TopologySetup) {
    this.testAddress = setup.names.gateway
    const owners = new Map(setup.hosts.map((h) => [h.address, h.name]))
    const context = {
      checkOpen: (caller: string) => this.checkOpen(caller),
      owners,
      started: (proc: ProcessHandle) => this.processes.add(proc),
    }
    for (const names of setup.hosts) this.hostsByName.set(names.name, new Host(names, context))
    this.note(
      "up",
      `${setup.hosts.map((h) => `${h.name} ${h.address}`).join(", ")} (${setup.upAfter} ms)`,
    )
  }

  /** The names of the hosts, in the order given. */
  get hostNames(): string[] {
    return [...this.hostsByName.keys()]
  }

  /**
   * The host of that name; an {@link UnknownHostError} (with the closest name) for another.
   *
   * @example
   * ```ts
   * const w1 = net.host("w1")
   * await w1.startProcess("node", ["worker.js"])
   * ```
   */
  host(name: string): Host {
    const checked = checkHostName(name, this.hostNames, `net.host()`)
    return this.hostsByName.get(checked)!
  }

  /**
   * Cuts groups of hosts from each other (`partition(["broker"], ["w1", "w2"])`: no packet
   * between a host of one group and a host of another, both ways), or one direction only
   * (`partition({ from: "broker", to: "w1" })`). Hosts named in no group keep reaching
   * everyone, and the test's own sockets always reach every host. Partitions add up until
   * {@link heal}; a pair cut again takes the newer mode. Resolves once it is in force.
   *
   * `mode: "drop"` (default) loses packets silently; `mode: "reset"` answers TCP with a reset,
   * so the sender sees the connection refused or broken at once. See docs/topology.md for how
   * TCP (and so ZeroMQ) behaves under each, and under one-way partitions.
   *
   * @example
   * ```ts
   * await net.partition(["broker", "w1"], ["w2"])                  // w2 alone
   * await net.partition({ from: "broker", to: "w1" })             // one way
   * await net.partition(["broker"], ["w1"], { mode: "reset" })    // refused at once
   * ```
   */
  partition(...args: PartitionArgs): Promise<void> {
    const site = new CallSite(this.partition)
    try {
      this.checkOpen("partition")
      const spec = partitionSpec(args, this.hostNames)
      for (const [from, to] of spec.pairs) {
        this.cuts.set(`${from}>${to}`, {
          from: this.names(from),
          to: this.names(to),
          mode: spec.mode,
        })
      }
      const label = `partition ${spec.label} (${spec.mode})`
      return this.change(label, site, async () => {
        await this.applyCuts()
        this.open.push({ start: performance.now(), label, concerns: spec.concerns })
      })
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
  }

  /**
   * Cuts one host from every other host (the test still reaches it): `isolate("w2")` is
   * `partition(["w2"], [every other host])`.
   *
   * @example
   * ```ts
   * await net.isolate("w2", { mode: "reset" })
   * ```
   */
  isolate(host: string, options: PartitionOptions = {}): Promise<void> {
    const site = new CallSite(this.isolate)
    try {
      this.checkOpen("isolate")
      const name = checkHostName(host, this.hostNames, "isolate()")
      const others = this.hostNames.filter((h) => h !== name)
      if (others.length === 0)
        throw new UsageError(
          `expected another host to isolate "${name}" from, got a topology of one host.`,
        )
      return this.partition([name], others, options).catch((err: Error) =>
        Promise.reject(site.apply(err)),
      )
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
  }

  /**
   * Ends every partition: packets flow between all hosts again. Connections that TCP gave up
   * on stay broken, and those it did not resume at their next retransmission (see
   * docs/topology.md). Bandwidth limits stay.
   *
   * @example
   * ```ts
   * await net.heal()
   * ```
   */
  heal(): Promise<void> {
    const site = new CallSite(this.heal)
    try {
      this.checkOpen("heal")
      this.cuts.clear()
      return this.change("heal", site, async () => {
        await this.applyCuts()
        const end = epochOf(performance.now())
        for (const band of this.open.splice(0)) {
          this.bands.push({
            start: epochOf(band.start),
            end,
            label: band.label,
            concerns: band.concerns,
          })
        }
      })
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
  }

  /**
   * Limits the traffic between two hosts to `bytesPerSecond` in each direction (HTB on the
   * hosts' links); `Infinity` lifts the limit. Traffic with the test's own sockets, and between
   * other hosts, is not limited. For delay, jitter and lost messages, put a `faultyLink` in
   * front of a host's address.
   *
   * @example
   * ```ts
   * await net.bandwidth("w1", "broker", 125_000) // 1 Mbit/s each way
   * await net.bandwidth("w1", "broker", Infinity)
   * ```
   */
  bandwidth(a: string, b: string, bytesPerSecond: number): Promise<void> {
    const site = new CallSite(this.bandwidth)
    try {
      this.checkOpen("bandwidth")
      const [from, to] = [
        checkHostName(a, this.hostNames, "bandwidth()"),
        checkHostName(b, this.hostNames, "bandwidth()"),
      ]
      if (from === to)
        throw new UsageError(`expected two different hosts in bandwidth(), got "${from}" twice.`)
      if (typeof bytesPerSecond !== "number" || !(bytesPerSecond >= 1)) {
        throw new UsageError(
          `expected bandwidth() in bytes per second, at least 1 (Infinity for no limit), got ${String(bytesPerSecond)}.`,
        )
      }
      for (const [x, y] of [
        [from, to],
        [to, from],
      ] as const) {
        if (bytesPerSecond === Infinity) this.limits.delete(`${x}>${y}`)
        else
          this.limits.set(`${x}>${y}`, { from: this.names(x), to: this.names(y), bytesPerSecond })
      }
      const shown = bytesPerSecond === Infinity ? "no limit" : `${bytesPerSecond} bytes/s each way`
      return this.change(`bandwidth ${from} ${to}: ${shown}`, site, () =>
        runTool(
          "tc",
          ["-batch", "-"],
          shapingScript([this.names(from), this.names(to)], [...this.limits.values()], this.shaped),
        ),
      )
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
  }

  /** One line per host and one per partition in force, for hang reports and timeout errors. */
  describe(): string {
    const hosts = this.setup.hosts.map((h) => `${h.name} ${h.address}`).join(", ")
    const now = performance.now()
    const inForce = this.open.map(
      (b) => `\n    ${b.label}, in force for ${Math.round(now - b.start)} ms`,
    )
    return `topology (${hosts}; the test at ${this.testAddress})${inForce.join("") || ", no partition"}`
  }

  /** @internal Its lane: up, partitions, heals, bandwidth changes, down; partitions as bands. */
  record(): ResourceRecord {
    const now = epochOf(performance.now())
    const open = this.open.map((b) => ({
      start: epochOf(b.start),
      label: b.label,
      concerns: b.concerns,
    }))
    return {
      kind: "topology",
      name: `topology (${this.hostNames.join(", ")})`,
      endpoints: this.setup.hosts.map((h) => `${h.name} ${h.address}`),
      entries: [...this.entries],
      bands: [...this.bands, ...(this.closing ? open.map((b) => ({ ...b, end: now })) : open)],
    }
  }

  /**
   * Removes every host, link, bridge, rule and limit. Processes started in its hosts that are
   * still running are stopped first, each with its stop strategy (an exit then is no crash);
   * anything else still living in a host is killed. The end of the test does it; idempotent; never throws (a failure is logged with
   * `DEBUG=zmq-harness:topology`, and the next run's reaper finishes the job).
   */
  close(_bound?: CloseBound): Promise<void> {
    this.closing ??= this.tearDown()
    return this.closing
  }

  /** `await using net = await topology(…)` removes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  private async tearDown(): Promise<void> {
    this.setup.owner.remove(this)
    await this.queue.catch(() => undefined)
    // As the end of a test would, newest first: a process killed with its host would be a crash.
    for (const proc of [...this.processes].reverse()) await proc.close()
    this.processes.clear()
    const started = performance.now()
    try {
      await tearDown(this.setup.names, this.setup.firewall)
      release(this.setup.lock)
      this.setup.forgetCleanup()
    } catch (err) {
      debug("tearing down %s failed: %O", this.setup.names.prefix, err)
    }
    this.note("down", `after ${Math.round(performance.now() - started)} ms`)
  }

  private checkOpen(caller: string): void {
    if (this.closing) {
      throw new TopologyError(
        `expected ${caller}() on a live topology, got one that was closed (its test or suite ended). ` +
          "Make the topology in the test (or hook) that uses it.",
      )
    }
  }

  private names(host: string): HostNames {
    return this.setup.hosts.find((h) => h.name === host)!
  }

  private applyCuts(): Promise<void> {
    return this.setup.firewall.apply(cutCommands(this.setup.names, [...this.cuts.values()]))
  }

  /** Runs `apply` after every earlier change, notes it in the lane, and points a failure at the user's line. */
  private change(label: string, site: CallSite, apply: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      this.checkOpen(label.split(" ")[0]!)
      const started = performance.now()
      await apply()
      this.note(
        label.split(" ")[0]!,
        `${label} (${Math.round(performance.now() - started)} ms)`,
        started,
      )
    })
    this.queue = run.catch(() => undefined)
    return run.catch((err: Error) => Promise.reject(site.apply(err)))
  }

  private note(event: string, note: string, at = performance.now()): void {
    this.entries.push({ time: epochOf(at), direction: "event", event, note })
  }
}
