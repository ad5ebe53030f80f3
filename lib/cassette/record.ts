import { CassetteMissingError, UsageError } from "../errors"
import { currentScope } from "../runners/mocha/current"
import { checkNotInterrupted } from "../core/interrupt"
import { requireRegistered } from "../runners/mocha/registration"
import { settings } from "../settings"
import { checkEndpoint } from "../socket/endpoint"
import { describeValue } from "../frames/frames"
import { CallSite } from "../util/call-site"
import { optionalDuration } from "../util/duration"
import { planOf } from "./channel-types"
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

function checkChannel(value: unknown, call: string): string {
  if (value === undefined) return "main"
  if (typeof value === "string" && /^[\w.-]+$/.test(value)) return value
  throw new UsageError(
    `expected \`channel\` of ${call} to be a name such as "shell" (letters, digits, . _ -), got ${describeValue(value)}.`,
  )
}

async function resolveTarget(target: RecordOptions["target"]): Promise<string> {
  const endpoint = typeof target === "function" ? await target() : target
  return checkEndpoint(endpoint, "connect")
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
    if (options === null || typeof options !== "object") {
      throw new UsageError(
        `expected the options of ${call} as an object, got ${describeValue(options)}.`,
      )
    }
    const location = cassetteLocation(name, options.path, call)
    const plan = planOf(options.type, call)
    const channel = checkChannel(options.channel, call)
    const listen = checkEndpoint(options.listen ?? "tcp://127.0.0.1:*", "bind")
    const timeout = optionalDuration(`${call}({ timeout })`, options.timeout, settings.timeout)
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
        ...options,
        channel,
        type: options.type,
        bind: listen,
        timeout,
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
    const target = await resolveTarget(options.target)
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
