import { mergeEnv } from "../process/check-options"
import type { ProcessHandle } from "../process/handle"
import type { ProcessOptions } from "../process/options"
import type { Placement } from "../process/placement"
import { startModuleIn, startProcessIn } from "../process/start"
import { runProgramIn, type ProgramResult, type RunProgramOptions } from "../system/run-program"
import { CallSite } from "../util/call-site"
import { UsageError } from "../errors"
import { checkProgramFound, placementOf, readyInHost } from "./placement"
import { Relay, relayTarget, type RelayOptions } from "./relay"
import { relayFile } from "./relay-source"
import type { HostNames } from "./setup"

/** What a host needs of its topology: that it is still up, and the other hosts' addresses. */
export interface HostContext {
  /** Throws when the topology was closed. */
  checkOpen(caller: string): void
  /** Every host's address, to name the host an address belongs to. */
  owners: ReadonlyMap<string, string>
  /** Notes a process started in a host: the topology stops it before it removes the host. */
  started(proc: ProcessHandle): void
}

/**
 * One host of a {@link Topology}: a Linux network namespace with its own address on the
 * topology's bridge. Programs started through it run inside it (their network is the host's,
 * everything else is shared with the test: files, users, environment); the test's own sockets
 * reach it at {@link Host.address}.
 *
 * @example
 * ```ts
 * const net = await topology({ hosts: ["broker", "w1"] })
 * const broker = await net.host("broker").startModule("src/broker.ts", ["tcp://*:5555"], {
 *   ready: "tcp://*:5555",
 * })
 * const client = await socket("req", { connect: net.host("broker").endpoint(5555) })
 * ```
 */
export class Host {
  /** The host's name, as given to `topology({ hosts })`. */
  readonly name: string
  /** Its IPv4 address on the topology's bridge, e.g. `"198.18.3.10"`: the test reaches it there. */
  readonly address: string
  /** The name of its network namespace (`ip netns` lists it), e.g. `"zmqh3-broker"`. */
  readonly netns: string
  private readonly placement: Placement

  /** @internal Made by {@link topology}. */
  constructor(
    private readonly names: HostNames,
    private readonly context: HostContext,
  ) {
    this.name = names.name
    this.address = names.address
    this.netns = names.netns
    this.placement = placementOf(names)
  }

  /**
   * The TCP endpoint of `port` on this host: `tcp://<address>:<port>`.
   *
   * @example
   * ```ts
   * net.host("broker").endpoint(5555) // "tcp://198.18.3.10:5555"
   * ```
   */
  endpoint(port: number): string {
    return `tcp://${this.address}:${port}`
  }

  /**
   * {@link startProcess}, in this host: the program's network is the host's. Everything else
   * is as with `startProcess` (readiness, stop strategy, crash rule, hang report), and every
   * message names the host. A `ready` endpoint `tcp://*:<port>` (or `127.0.0.1`) is probed at
   * the host's address.
   *
   * @example
   * ```ts
   * const w1 = await net.host("w1").startProcess("node", ["worker.js", net.host("broker").endpoint(5556)])
   * ```
   */
  startProcess(
    command: string,
    args: readonly string[] = [],
    options: ProcessOptions = {},
  ): Promise<ProcessHandle> {
    const site = new CallSite(this.startProcess)
    try {
      this.context.checkOpen("startProcess")
      checkProgramFound(command, "startProcess", options.cwd, mergeEnv(options.env))
      return this.track(startProcessIn(this.placement, site, command, args, this.inHost(options)))
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
  }

  /**
   * {@link startModule}, in this host: a Node module with its IPC channel, stubs, loader and
   * everything `startModule` gives, whose network is the host's.
   *
   * @example
   * ```ts
   * const broker = await net.host("broker").startModule("src/broker.ts", ["tcp://*:5555"], { ready: /frontend on/ })
   * ```
   */
  startModule(
    modulePath: string,
    args: readonly string[] = [],
    options: ProcessOptions = {},
  ): Promise<ProcessHandle> {
    const site = new CallSite(this.startModule)
    try {
      this.context.checkOpen("startModule")
      return this.track(startModuleIn(this.placement, site, modulePath, args, this.inHost(options)))
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
  }

  /**
   * {@link runProgram}, in this host: runs a program to its end, bounded, with the host's network.
   *
   * @example
   * ```ts
   * const { stdout } = await net.host("w1").runProgram("ip", ["-brief", "address"])
   * ```
   */
  runProgram(
    command: string,
    args: readonly string[] = [],
    options: RunProgramOptions = {},
  ): Promise<ProgramResult> {
    const site = new CallSite(this.runProgram)
    try {
      this.context.checkOpen("runProgram")
      const env = options.env ? { ...process.env, ...options.env } : process.env
      checkProgramFound(command, "runProgram", options.cwd, env)
      return runProgramIn(this.placement, site, command, args, options)
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
  }

  private async track(starting: Promise<ProcessHandle>): Promise<ProcessHandle> {
    const proc = await starting
    this.context.started(proc)
    return proc
  }

  /**
   * Starts a {@link Relay} in this host: a small process listening on the host's address that
   * forwards each TCP connection to `to`. Place something of the test's own process in the host
   * with it — a mock peer, a replay, a fault link, a test socket: bind it on
   * `tcp://${net.testAddress}:*` and relay to its endpoint; programs in other hosts connect to
   * `relay.endpoint`, and partitions cut them as they would cut a program in this host. For the
   * other way (the test's socket connecting out from this host), relay to the target and
   * connect to the relay.
   *
   * @example
   * ```ts
   * const backend = await peer("rep", { bind: `tcp://${net.testAddress}:*` })
   * const relay = await net.host("svc").relay({ to: backend.endpoint, port: 5555 })
   * relay.endpoint // "tcp://198.18.3.11:5555"
   * ```
   */
  async relay(options: RelayOptions): Promise<Relay> {
    const site = new CallSite(this.relay)
    try {
      this.context.checkOpen("relay")
      const target = relayTarget(options?.to)
      const port = options.port ?? 0
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(
          `expected the relay's \`port\` to be a port number (0 for any), got ${String(options.port)}.`,
        )
      }
      const args = [relayFile(), this.address, String(port), target.address, String(target.port)]
      const proc = await this.track(
        startProcessIn(this.placement, site, process.execPath, args, {
          ready: /relay listening on \d+/,
        }),
      )
      const [, listening] = /relay listening on (\d+)/.exec(proc.stdout)!
      return new Relay(this.endpoint(Number(listening)), options.to, proc)
    } catch (err) {
      throw site.apply(err as Error)
    }
  }

  /** The options with a `ready` endpoint read in this host. */
  private inHost(options: ProcessOptions): ProcessOptions {
    if (options.ready === undefined) return options
    return {
      ...options,
      ready: readyInHost(options.ready, this.names, this.context.owners) as ProcessOptions["ready"],
    }
  }

  /** `host "w1" (198.18.3.11)`. */
  toString(): string {
    return `host "${this.name}" (${this.address})`
  }
}
