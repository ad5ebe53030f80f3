import { CassetteMissingError, UsageError } from "../errors"
import { currentScope } from "../core/ownership"
import { checkNotInterrupted } from "../core/interrupt"
import { requireRegistered } from "../core/registration"
import { settings } from "../settings"
import { checkEndpoint } from "../socket/endpoint"
import { CallSite } from "../util/call-site"
import { checkBehaviour, checkChannel, checkOptionKeys, checkReplayType } from "./check-options"
import { cassetteLocation } from "./location"
import type { ReplayOptions } from "./options"
import { readCassette } from "./read"
import type { ReplayPeer } from "./replay-peer"
import { startReplay } from "./replay-start"

/**
 * Replays a recorded cassette: a peer that answers the process under test
 * from `test/cassettes/<name>.json` (or `path`), never touching the network.
 * Each live request is matched to a recorded one (after the `normalize`
 * normalisers) and answered with the replies recorded after it, rewritten
 * with the live request's ids (and the `rewrite` hook); a stream channel
 * plays its messages in order, synchronised to the test's requests or at the
 * recorded pace. A request the cassette does not hold fails the test with
 * the nearest recorded request and where it differs; a recorded request
 * never replayed fails it when it ends.
 *
 * @param name the cassette's name: `test/cassettes/<name>.json`
 * @param options `bind` or `connect`, `channel`, `type` (checked against the cassette), `path`, `normalize`, `rewrite`, `pace`, `timeout`
 *
 * @example
 * ```ts
 * const fake = await replay("prices", { bind: "tcp://127.0.0.1:*" })
 * await startProcess("node", ["client.js", "--backend", fake.endpoint])
 * ```
 */
export async function replay(name: string, options: ReplayOptions): Promise<ReplayPeer> {
  const site = new CallSite(replay)
  const scope = currentScope()
  try {
    requireRegistered()
    checkNotInterrupted("replay")
    const call = `replay("${String(name)}")`
    checkOptionKeys("replay", options, call, '{ bind: "tcp://127.0.0.1:*" }')
    if ((options.bind === undefined) === (options.connect === undefined)) {
      throw new UsageError(
        `expected ${call} to get one of \`bind\` (the process under test connects) or \`connect\` (it binds), got ${
          options.bind === undefined ? "neither" : "both"
        }.`,
      )
    }
    if (options.bind !== undefined) checkEndpoint(options.bind, "bind")
    if (options.connect !== undefined) checkEndpoint(options.connect, "connect")
    const location = cassetteLocation(name, options.path, call)
    const channel = checkChannel(options.channel, call)
    const type = checkReplayType(options.type, call)
    const behaviour = checkBehaviour(options, call, settings.timeout)
    const onDisk = readCassette(location.shown, location.absolute)
    if (onDisk.kind === "missing") {
      throw new CassetteMissingError(
        location.shown,
        `expected cassette ${location.shown} to replay, got no such file. ` +
          "Record it first with record() and the real peer running, or give its `path`.",
      )
    }
    return await startReplay(name, location, onDisk.cassette, {
      ...behaviour,
      ...(channel === undefined ? {} : { channel }),
      ...(type === undefined ? {} : { type }),
      ...(options.bind === undefined ? {} : { bind: options.bind }),
      ...(options.connect === undefined ? {} : { connect: options.connect }),
      scope,
    })
  } catch (err) {
    throw site.apply(err as Error)
  }
}
