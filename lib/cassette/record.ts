import { CassetteMissingError, UsageError } from "../errors"
import { currentScope } from "../core/ownership"
import { checkNotInterrupted } from "../core/interrupt"
import { requireRegistered } from "../core/registration"
import { settings } from "../settings"
import { checkConnectable, checkEndpoint } from "../socket/endpoint"
import { describeValue } from "../frames/frames"
import { CallSite } from "../util/call-site"
import { planOf } from "./channel-types"
import { checkBehaviour, checkChannel, checkOptionKeys } from "./check-options"
import { cassetteLocation } from "./location"
import { cassetteMode, CASSETTES_ENV } from "./mode"
import type { RecordOptions } from "./options"
import { RecordProxy } from "./proxy"
import { readCassette } from "./read"
import { CassetteRecording } from "./recording"
import type { ReplayPeer } from "./replay-peer"
import { startReplay } from "./replay-start"

/**
 * What `record()` gives: the proxy to the real peer when the mode records,
 * or a replay of the cassette when it replays. Either way the process under
 * test connects to `endpoint`, and `mode` says which it is.
 *
 * @example
 * ```ts
 * const shell: CassetteEndpoint = await record("kernel", { type: "dealer", target })
 * if (shell.mode === "replay") console.log("no kernel needed")
 * ```
 */
export type CassetteEndpoint = RecordProxy | ReplayPeer

/**
 * The real peer's endpoint, from `target` or what the function returned: one to connect to (a
 * `:*` port is for binding: the real peer's own port is wanted).
 */
async function resolveTarget(target: RecordOptions["target"], call: string): Promise<string> {
  const fromFunction = typeof target === "function"
  const endpoint: unknown = fromFunction ? await target() : target
  const what = `\`target\` of ${call}${fromFunction ? " (what the function returned)" : ""}`
  if (typeof endpoint !== "string") {
    throw new UsageError(
      `expected ${what} to be the real peer's endpoint, e.g. "tcp://127.0.0.1:5555", got ${describeValue(endpoint)}.`,
    )
  }
  checkEndpoint(endpoint, "record({ target })")
  return checkConnectable(
    endpoint,
    what,
    fromFunction
      ? "Return the endpoint the real peer bound: its socket's `lastEndpoint` (`sock.lastEndpoint`), or the one it printed."
      : 'Give the endpoint the real peer listens on, e.g. "tcp://127.0.0.1:5555", or a function that starts it and returns its socket\'s `lastEndpoint`.',
  )
}

/**
 * Records a real conversation into a cassette, or replays it, like
 * nock.back: returns a socket for the process under test to connect to
 * (`.endpoint`). When the mode records, it is a proxy that forwards every
 * message both ways to `target` (the real peer) and writes them to
 * `test/cassettes/<name>.json` (or `path`) when the test ends; when it
 * replays, it is a peer that answers from the cassette and never touches the
 * network (`target`, if a function, is not even called). The mode comes from
 * `mode`, else `ZMQ_HARNESS_CASSETTES`, else `"record"`: replay the cassette
 * if it exists, record it otherwise.
 *
 * Several channels (the sockets of one process under test) share one
 * cassette: call `record()` once per channel with the same name.
 *
 * @param name the cassette's name: `test/cassettes/<name>.json`
 * @param options `type` (the process under test's socket type), `target`, `channel`, `listen`, `path`, `mode`, and how to replay
 *
 * @example
 * ```ts
 * const backend = await record("prices", { type: "req", target: "tcp://127.0.0.1:5555" })
 * await startProcess("node", ["client.js", "--backend", backend.endpoint])
 * ```
 */
export async function record(name: string, options: RecordOptions): Promise<CassetteEndpoint> {
  const site = new CallSite(record)
  const scope = currentScope()
  try {
    requireRegistered()
    checkNotInterrupted("record")
    const call = `record("${String(name)}")`
    checkOptionKeys("record", options, call, '{ type: "req", target: "tcp://127.0.0.1:5555" }')
    const location = cassetteLocation(name, options.path, call)
    const plan = planOf(options.type, call)
    const channel = checkChannel(options.channel, call) ?? "main"
    const listen = checkEndpoint(options.listen ?? "tcp://127.0.0.1:*", "record({ listen })")
    // Checked when recording too: a bad normaliser must not wait for the next run to fail.
    const behaviour = checkBehaviour(options, call, settings.timeout)
    const { timeout } = behaviour
    if (typeof options.target !== "string" && typeof options.target !== "function") {
      throw new UsageError(
        `expected \`target\` of ${call} to be the real peer's endpoint, or a function that starts it and returns its endpoint, got ${describeValue(options.target)}.`,
      )
    }
    const mode = cassetteMode(options.mode)
    // update records over anything, even a file that is not a cassette; the others read it first.
    const onDisk =
      mode === "update"
        ? { kind: "missing" as const }
        : readCassette(location.shown, location.absolute)
    if (onDisk.kind === "cassette") {
      return await startReplay(name, location, onDisk.cassette, {
        ...behaviour,
        channel,
        type: options.type,
        bind: listen,
        scope,
      })
    }
    if (mode === "lockdown") {
      throw new CassetteMissingError(
        location.shown,
        `expected cassette ${location.shown} to exist in lockdown mode, got no such file. ` +
          `Record it once with the real peer running (${CASSETTES_ENV}=record, or unset), review it and commit it.`,
      )
    }
    // The real peer first: if it cannot be had (its start failed, the test was skipped), no
    // cassette is begun, so none is written.
    const target = await resolveTarget(options.target, call)
    const recording = CassetteRecording.of(name, location, mode !== "replay", scope)
    recording.addChannel(channel, { type: options.type, peer: plan.peer, target })
    const proxy = new RecordProxy({
      channel,
      type: options.type,
      plan,
      target,
      listen,
      timeout,
      recording,
      reason: mode === "update" ? "update" : mode === "replay" ? "passthrough" : "missing",
      scope,
      call,
    })
    recording.follow(channel, proxy)
    scope.add(proxy)
    await proxy.start()
    return proxy
  } catch (err) {
    throw site.apply(err as Error)
  }
}
