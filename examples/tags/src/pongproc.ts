import { Reply } from "zeromq"
import { pong } from "./pong"

/**
 * The pong service: a REP socket that answers with `pong()`. Started in the
 * test's process by the process test, or from the command line by pong-cli.
 */
export async function startPongProc(
  endpoint: string,
): Promise<{ endpoint: string; close(): void }> {
  const rep = new Reply({ linger: 0 })
  await rep.bind(endpoint)
  void (async () => {
    for await (const [frame] of rep) {
      await rep.send(JSON.stringify(pong(JSON.parse(frame.toString()))))
    }
  })().catch(() => undefined) // ends when the socket closes
  return { endpoint: rep.lastEndpoint!, close: () => rep.close() }
}
