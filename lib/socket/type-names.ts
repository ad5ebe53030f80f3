import { closestName } from "../util/closest-name"

/**
 * Long or foreign names people write for a socket type: zeromq.js class names, the names
 * of other bindings and of the ZeroMQ guide.
 */
const LONG_NAMES: Record<string, string> = {
  request: "req",
  requester: "req",
  requestor: "req",
  reply: "rep",
  replier: "rep",
  response: "rep",
  responder: "rep",
  publisher: "pub",
  publish: "pub",
  subscriber: "sub",
  subscribe: "sub",
  subscription: "sub",
  xpublisher: "xpub",
  xsubscriber: "xsub",
  pusher: "push",
  puller: "pull",
  dealers: "dealer",
  routers: "router",
  pairs: "pair",
}

/** Names of a whole pattern, where the type depends on the side: both are suggested. */
const PATTERNS: Record<string, [string, string]> = {
  pubsub: ["pub", "sub"],
  publishersubscriber: ["pub", "sub"],
  publishsubscribe: ["pub", "sub"],
  xpubxsub: ["xpub", "xsub"],
  reqrep: ["req", "rep"],
  requestreply: ["req", "rep"],
  requestresponse: ["req", "rep"],
  routerdealer: ["router", "dealer"],
  dealerrouter: ["dealer", "router"],
  pushpull: ["push", "pull"],
  pipeline: ["push", "pull"],
}

/** Lower case, no `zmq_`/`zmq.` prefix, letters and digits only: "ZMQ_PUB-SUB" → "pubsub". */
function normal(input: string): string {
  return input
    .toLowerCase()
    .replace(/^(zmq|zeromq)[._:]?/, "")
    .replace(/[^a-z0-9]/g, "")
}

/**
 * The socket type(s) of `types` a user most likely meant by `input`, for a
 * `Perhaps you meant "req"?` hint: the type written another way ("REQ", "ZMQ_REQ", "x-pub"),
 * a long name ("request", "publisher"), a pattern ("pub-sub" → pub or sub), or a typo of
 * either (edit distance). Empty when nothing is close.
 *
 * @example
 * ```ts
 * meantSocketTypes("request", socketTypes) // ["req"]
 * meantSocketTypes("pub-sub", socketTypes) // ["pub", "sub"]
 * ```
 */
export function meantSocketTypes(input: string, types: readonly string[]): string[] {
  const name = normal(input)
  if (name === "") return []
  const allowed = (list: readonly string[]) => list.filter((t) => types.includes(t))
  if (types.includes(name)) return [name]
  if (Object.hasOwn(LONG_NAMES, name)) return allowed([LONG_NAMES[name]])
  if (Object.hasOwn(PATTERNS, name)) return allowed(PATTERNS[name])
  const near = closestName(name, [...types, ...Object.keys(LONG_NAMES), ...Object.keys(PATTERNS)])
  if (near === undefined) return []
  if (types.includes(near)) return [near]
  if (Object.hasOwn(LONG_NAMES, near)) return allowed([LONG_NAMES[near]])
  return allowed(PATTERNS[near])
}

/**
 * The " Perhaps you meant …?" sentence for an unknown socket type (with its leading space),
 * or "" when no type is close.
 *
 * @example
 * ```ts
 * meantSocketTypeHint("subscriber", socketTypes) // ' Perhaps you meant "sub"?'
 * meantSocketTypeHint("pubsub", socketTypes) // ' Perhaps you meant "pub" or "sub"? …'
 * ```
 */
export function meantSocketTypeHint(input: unknown, types: readonly string[]): string {
  if (typeof input !== "string") return ""
  const meant = meantSocketTypes(input, types)
  if (meant.length === 0) return ""
  if (meant.length === 1) return ` Perhaps you meant "${meant[0]}"?`
  return (
    ` Perhaps you meant "${meant[0]}" or "${meant[1]}"?` +
    ` "${input}" names a pattern: each side has its own socket type.`
  )
}
