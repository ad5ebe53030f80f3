import * as zmq from "zeromq"

/** A raw zeromq.js REP server in the bench's own process, and how to stop it. */
export interface RawRep {
  endpoint: string
  stop(): Promise<void>
}

/**
 * Binds a zeromq.js REP socket on a random port and answers every request with what `answer`
 * returns, until stopped: the baseline side of the benches whose client or server is ours. A
 * throw in `answer` ends the loop (the bench then fails on the missing replies).
 *
 * @example
 * ```ts
 * const echo = await rawRep((frames) => frames)
 * ```
 */
export async function rawRep(
  answer: (frames: Buffer[]) => zmq.MessageLike | zmq.MessageLike[],
): Promise<RawRep> {
  const rep = new zmq.Reply({ linger: 0 })
  await rep.bind("tcp://127.0.0.1:*")
  const loop = (async () => {
    try {
      for await (const frames of rep) await rep.send(answer(frames))
    } catch {
      // closed, or answer() threw
    }
  })()
  return {
    endpoint: rep.lastEndpoint!,
    async stop() {
      rep.close()
      await loop
    },
  }
}
