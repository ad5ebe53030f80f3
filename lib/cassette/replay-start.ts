import { CassetteMissingError, CassetteSocketTypeError } from "../errors"
import type { Scope } from "../core/scope"
import { peer } from "../peer/create"
import type { PeerRequest } from "../peer/request"
import { renderFrames } from "../frames/frames"
import type { SocketType } from "../socket/types"
import { channelPlans } from "./channel-types"
import type { Cassette } from "./format"
import type { CassetteLocation } from "./location"
import type { CheckedBehaviour } from "./check-options"
import { normalized, type FrameView } from "./normalize"
import { ReplayPeer } from "./replay-peer"
import { ReplaySession } from "./replay-session"
import { channelScript, nearestText, sameMessage, type Exchange } from "./script"

/**
 * Starting the replay of one channel: the cassette's channel checked against
 * what is asked (its name, its socket type), the mock peer made, one
 * expectation per recorded request, and the stream of the other messages.
 */

/** What a replay is started with, once checked (lib/cassette/check-options.ts). */
export interface ReplayStart extends CheckedBehaviour {
  readonly channel?: string
  readonly type?: SocketType
  readonly bind?: string
  readonly connect?: string
  readonly scope: Scope
}

/** Starts the replay of a channel of `cassette` (checked by the caller: its version and shape). */
export async function startReplay(
  name: string,
  location: CassetteLocation,
  cassette: Cassette,
  options: ReplayStart,
): Promise<ReplayPeer> {
  const channels = Object.keys(cassette.channels)
  const channel = options.channel ?? (channels.length === 1 ? channels[0] : "main")
  const recorded = Object.hasOwn(cassette.channels, channel)
    ? cassette.channels[channel]
    : undefined
  if (!recorded) {
    throw new CassetteMissingError(
      location.shown,
      `expected cassette ${location.shown} to hold channel "${channel}", got only ${channels.map((c) => `"${c}"`).join(", ") || "no channel"}. ` +
        "Name one of those with `channel`, or record the cassette again with ZMQ_HARNESS_CASSETTES=update.",
    )
  }
  if (options.type !== undefined && options.type !== recorded.type) {
    throw new CassetteSocketTypeError(
      location.shown,
      `expected channel "${channel}" of cassette ${location.shown} to be recorded for a ${options.type} socket, got one recorded for a ${recorded.type} socket ` +
        `(replayed by a ${recorded.peer}). Use a ${recorded.type} socket in the process under test, or record the cassette again with ZMQ_HARNESS_CASSETTES=update.`,
    )
  }
  const plan = channelPlans[recorded.type]
  if (!plan || plan.peer !== recorded.peer) {
    throw new CassetteSocketTypeError(
      location.shown,
      `expected channel "${channel}" of cassette ${location.shown} to pair a recordable socket type with its peer, got ${recorded.type} with ${recorded.peer}. Record it again with ZMQ_HARNESS_CASSETTES=update.`,
    )
  }
  const { normalize, pace } = options
  const script = channelScript(cassette, channel, normalize)
  const session = ReplaySession.of(options.scope, location.absolute, cassette)

  const mock = await peer(recorded.peer === "xpub" ? "pub" : recorded.peer, {
    ...(options.bind !== undefined ? { bind: options.bind } : {}),
    ...(options.connect !== undefined ? { connect: options.connect } : {}),
    timeout: options.timeout,
    // `received` in the mock peer's own form (the JSON frame parsed); matching reads raw frames.
    name: `${name}/${channel}`,
  })
  const replaying = new ReplayPeer(
    mock,
    channel,
    location,
    script,
    session,
    { rewrite: options.rewrite, pace, timeout: options.timeout },
    options.scope,
  )
  // The replay stands for the mock peer in the test's scope (one lane, one line in reports).
  options.scope.handOver(mock)
  options.scope.add(replaying)

  // Each live request is normalised once, however many expectations look at it.
  const views = new WeakMap<PeerRequest, FrameView[]>()
  const view = (request: PeerRequest) => {
    let v = views.get(request)
    if (!v) views.set(request, (v = normalized(request.raw, normalize)))
    return v
  }
  // A peer that receives (not a publisher or a push) expects the recorded requests, in any order.
  if (!["xpub", "push"].includes(recorded.peer)) {
    const answers = ["rep", "router", "pair"].includes(recorded.peer)
    for (const exchange of script.exchanges) {
      const recordedRequest = (_frames: readonly unknown[], request: PeerRequest) =>
        sameMessage(exchange.normalized, view(request))
      // Named, so that an unmet one reads "<predicate recorded request 0 ["get", "a"]>".
      Object.defineProperty(recordedRequest, "name", {
        value: `recorded request ${exchange.index} ${renderFrames(exchange.request)}`,
      })
      const expectation = mock.on(recordedRequest)
      expectation.onTaken((request) => replaying.matched(exchange, request))
      if (answers) expectation.reply((_frames, request) => replaying.answer(exchange, request))
    }
    const used = (e: Exchange) => (mock.expectations[script.exchanges.indexOf(e)]?.count ?? 0) > 0
    mock.explainUnmatched((request) =>
      nearestText(
        request.raw,
        script.exchanges,
        used,
        normalize,
        `channel "${channel}" of cassette ${location.shown}`,
      ),
    )
  }
  session.join(channel)
  replaying.start()
  return replaying
}
