import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"
import { socketTypes, type SocketType } from "../socket/types"
import { meantSocketTypeHint } from "../socket/type-names"

/**
 * How each socket type of a process under test is recorded and replayed: the
 * proxy's two sockets (one the process connects to, one that connects to the
 * real peer), the type that stands for the peer in a replay, and whether the
 * conversation is request/reply (matched request by request) or a stream
 * (played in order).
 */
export interface ChannelPlan {
  /** The proxy's socket that the process under test connects to. */
  readonly front: SocketType
  /** The proxy's socket that connects to the real peer (one per client behind a ROUTER front). */
  readonly upstream: SocketType
  /** The socket type of a replay (the role the real peer played). */
  readonly peer: SocketType
  /** `"request"`: replies answer requests; `"stream"`: messages flow one way, in order. */
  readonly family: "request" | "stream"
  /** A leading empty frame (REQ/REP's delimiter, or one a dealer adds to talk to a rep) is the envelope's, not the application's: not recorded, as a replaying peer takes it off too. */
  readonly delimiter: boolean
}

/** The plan of each type a process under test may have on a recorded channel. */
export const channelPlans: Readonly<Partial<Record<SocketType, ChannelPlan>>> = {
  req: { front: "router", upstream: "dealer", peer: "rep", family: "request", delimiter: true },
  dealer: {
    front: "router",
    upstream: "dealer",
    peer: "router",
    family: "request",
    delimiter: false,
  },
  pair: { front: "pair", upstream: "pair", peer: "pair", family: "request", delimiter: false },
  sub: { front: "xpub", upstream: "xsub", peer: "xpub", family: "stream", delimiter: false },
  pull: { front: "push", upstream: "pull", peer: "push", family: "stream", delimiter: false },
  push: { front: "pull", upstream: "push", peer: "pull", family: "stream", delimiter: false },
  pub: { front: "xsub", upstream: "xpub", peer: "sub", family: "stream", delimiter: false },
}

/** The types that can be recorded, for messages. */
export const recordableTypes = Object.keys(channelPlans) as SocketType[]

/** The plan for `type`, or a UsageError that lists the types a cassette can hold. */
export function planOf(type: unknown, call: string): ChannelPlan {
  const plan =
    typeof type === "string" && Object.hasOwn(channelPlans, type)
      ? channelPlans[type as SocketType]
      : undefined
  if (plan) return plan
  throw new UsageError(
    `expected \`type\` of ${call} to be the socket type of the process under test, one of ${recordableTypes.join(", ")}, ` +
      `got ${describeValue(type)}.` +
      ((!socketTypes.includes(type as SocketType) && meantSocketTypeHint(type, recordableTypes)) ||
        " A router or rep process is a server: record its clients' side instead, " +
          "or test it with socket() and peer()."),
  )
}
