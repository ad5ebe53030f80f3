import { UsageError } from "../errors"
import { checkJsonFrame, type FrameLike } from "../frames/frames"
import { checkDuration } from "../util/duration"
import { TestSocket, type RecvOptions } from "../socket/test-socket"
import { defineBuiltin, type ProcessEvent } from "./events"

function checkSocket(sock: unknown, event: string): TestSocket {
  if (sock instanceof TestSocket) return sock
  throw new UsageError(
    `expected a test socket (made with socket(…)) as the first argument of ${event}, got ${sock === null ? "null" : typeof sock}.`,
  )
}

/**
 * The `send` event of {@link processTest}: sends `header` frames, the JSON
 * `body` and `extra` frames through `sock` (bounded by its timeout).
 * `send(sock, body)` sends the body alone.
 *
 * @example
 * ```ts
 * yield send(this.req, [], ["ping", 1])
 * yield send(this.router, [identity, ""], ["pong", 1], [blob])
 * ```
 */
export const send: {
  (sock: TestSocket, body: unknown): ProcessEvent<void>
  (
    sock: TestSocket,
    header: readonly FrameLike[],
    body: unknown,
    extra?: readonly FrameLike[],
  ): ProcessEvent<void>
} = (...args: unknown[]) => sendEvent(...(args as Parameters<typeof sendEvent>))

const sendEvent = defineBuiltin(
  "send",
  async function (sock: TestSocket, ...rest: unknown[]): Promise<void> {
    const socket = checkSocket(sock, "send")
    if (rest.length <= 1) await socket.send(rest[0])
    else
      await socket.send(rest[0] as FrameLike[], rest[1], (rest[2] as FrameLike[] | undefined) ?? [])
  },
)

/**
 * The `recv` event of {@link processTest}: receives one message from `sock`
 * (bounded by its timeout) and sends it back into the generator, decoded as
 * `sock.recv(options)` decodes it.
 *
 * @example
 * ```ts
 * const reply = yield recv(this.req)
 * expect(reply).to.deep.equal([["pong", 1]])
 * ```
 */
export const recv = defineBuiltin(
  "recv",
  function (sock: TestSocket, options?: RecvOptions): Promise<unknown[]> {
    const socket = checkSocket(sock, "recv")
    if (options?.timeout !== undefined) checkDuration("recv(sock, { timeout })", options.timeout)
    if (options?.json !== undefined) checkJsonFrame("recv(sock, { json })", options.json)
    return socket.recv(options)
  },
)
