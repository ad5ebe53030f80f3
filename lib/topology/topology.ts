import { TopologyUnsupportedError } from "../errors"
import { currentScope } from "../core/ownership"
import { checkNotInterrupted, installInterruptHandlers, onInterrupt } from "../core/interrupt"
import { requireRegistered } from "../core/registration"
import { CallSite } from "../util/call-site"
import { allot, reapDeadOwners, release } from "./allot"
import { Firewall } from "./firewall"
import { Topology } from "./network"
import { checkTopologyOptions, type TopologyOptions } from "./options"
import { hostNames, setUp } from "./setup"
import { topologySupport } from "./support"
import { tearDown, tearDownSync } from "./teardown"
import { startWatchdog } from "./watchdog"

/**
 * Makes hosts on this machine for a system test across a network: each host a Linux network
 * namespace with its own address on a shared bridge, reached by the test's own sockets; run
 * programs in them with `net.host(name).startProcess(…)`, cut the network between them with
 * `partition()`, `isolate()` and `heal()`, slow it with `bandwidth()`. Three hosts take a few
 * hundred ms to set up and tear down; a partition change takes one `nft` transaction.
 *
 * Needs Linux with root, or `CAP_NET_ADMIN` in a user namespace (see {@link topologySupport}
 * and docs/topology.md); elsewhere it throws a {@link TopologyUnsupportedError}. The topology
 * belongs to the running test (or suite, in a `before` hook) and is removed at its end, on
 * Ctrl-C, and after a SIGKILL of the runner by the next topology made on the machine.
 *
 * @example
 * ```ts
 * const net = await topology({ hosts: ["broker", "w1", "w2"] })
 * const broker = await net.host("broker").startModule("src/broker.ts", ["tcp://*:5555", "tcp://*:5556"], {
 *   ready: "tcp://*:5556",
 * })
 * for (const w of ["w1", "w2"]) {
 *   await net.host(w).startModule("src/worker.ts", [net.host("broker").endpoint(5556), "--name", w])
 * }
 * await net.isolate("w2")
 * // … the broker must stop sending w2 work …
 * await net.heal()
 * ```
 */
export async function topology(options: TopologyOptions): Promise<Topology> {
  const site = new CallSite(topology)
  const scope = currentScope()
  try {
    requireRegistered()
    checkNotInterrupted("topology")
    const hosts = checkTopologyOptions(options)
    const support = topologySupport()
    if (!support.ok) {
      throw new TopologyUnsupportedError(
        support.reason,
        `expected a system that can make network namespaces for topology(), got: ${support.reason}. ` +
          "Skip the test where topologySupport() is not ok.",
      )
    }
    installInterruptHandlers()
    startWatchdog()
    const started = performance.now()
    await reapDeadOwners()
    const { names, lock } = allot()
    // From here on something may exist on the machine: Ctrl-C removes it, and so does a failure.
    const forgetCleanup = onInterrupt(() => {
      tearDownSync(names)
      release(lock)
    })
    const list = hostNames(names, hosts)
    const firewall = new Firewall(names.prefix)
    try {
      await setUp(names, list, firewall)
    } catch (err) {
      await tearDown(names, firewall).catch(() => undefined)
      release(lock)
      forgetCleanup()
      throw err
    }
    const net = new Topology({
      names,
      hosts: list,
      lock,
      owner: scope,
      forgetCleanup,
      firewall,
      upAfter: Math.round(performance.now() - started),
    })
    return scope.add(net)
  } catch (err) {
    throw site.apply(err as Error)
  }
}
