/**
 * Where the broker sends a message, decided without sockets so it can be unit
 * tested. A frontend ROUTER prefixes each request with the client's routing
 * id: [id, "", body] (a REQ client adds the empty delimiter). The broker
 * forwards valid requests to the backend unchanged, envelope included, so the
 * worker's reply finds its way back; a body that is not JSON is answered at
 * once, to the same envelope.
 */

export interface Route {
  to: "frontend" | "backend"
  frames: Buffer[]
}

/** The envelope: every frame up to and including the first empty one. */
export function splitEnvelope(frames: readonly Buffer[]): { envelope: Buffer[]; body: Buffer[] } {
  const end = frames.findIndex((f) => f.length === 0)
  if (end < 0) return { envelope: [], body: [...frames] }
  return { envelope: frames.slice(0, end + 1), body: frames.slice(end + 1) }
}

function errorReply(envelope: Buffer[], text: string): Route {
  return { to: "frontend", frames: [...envelope, Buffer.from(JSON.stringify(["error", text]))] }
}

/** A message from a client, as the frontend ROUTER delivered it. */
export function fromClient(frames: readonly Buffer[]): Route {
  const { envelope, body } = splitEnvelope(frames)
  if (envelope.length < 2) {
    // No delimiter: answer to the routing id alone so a DEALER client still hears why.
    return errorReply(
      frames.slice(0, 1),
      "expected [<empty delimiter>, <JSON body>] after the routing id",
    )
  }
  if (body.length !== 1) return errorReply(envelope, `expected one body frame, got ${body.length}`)
  try {
    JSON.parse(body[0].toString("utf8"))
  } catch {
    return errorReply(
      envelope,
      `expected a JSON body, got ${JSON.stringify(body[0].toString("utf8"))}`,
    )
  }
  return { to: "backend", frames: [...frames] }
}

/** A reply from a worker, as the backend DEALER delivered it: back to the client, unchanged. */
export function fromWorker(frames: readonly Buffer[]): Route {
  return { to: "frontend", frames: [...frames] }
}
