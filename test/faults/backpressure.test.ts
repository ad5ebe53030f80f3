import { expect } from "chai"
import { faultyLink, socket } from "../../lib"
import type { TestSocket } from "../../lib/socket/test-socket"
import { LINK_BUFFER_BYTES } from "../../lib/faults/pipe"
import { TimeoutError } from "../../lib"

const KiB = 1024
const MiB = 1024 * KiB

/** Sends frames of `size` until a send times out (the sender's queue is full) or `limit` went. */
async function sendUntilBlocked(push: TestSocket, limit: number, size = 64 * KiB): Promise<number> {
  const frame = Buffer.alloc(size, 7)
  for (let sent = 0; sent < limit; sent++) {
    try {
      await push.sendFrames([frame])
    } catch (err) {
      if (err instanceof TimeoutError) return sent
      throw err
    }
  }
  return limit
}

describe("faultyLink backpressure", function () {
  this.timeout(20000)

  it("a sender to a reader that never reads blocks about as soon through a link as directly", async () => {
    const options = { sendHighWaterMark: 100, timeout: 1000 }
    const directSink = await socket("pull", {
      bind: "tcp://127.0.0.1:*",
      receiveHighWaterMark: 100,
    })
    const direct = await socket("push", { connect: directSink.endpoint, ...options })
    await direct.connected()
    const directCount = await sendUntilBlocked(direct, 4000)
    await directSink.close() // unread on purpose

    const sink = await socket("pull", { bind: "tcp://127.0.0.1:*", receiveHighWaterMark: 100 })
    const link = await faultyLink({ target: sink.endpoint })
    const push = await socket("push", { connect: link.endpoint, ...options })
    await push.connected()
    const before = process.memoryUsage().rss
    const linkCount = await sendUntilBlocked(push, 4000)
    const grown = process.memoryUsage().rss - before

    expect(directCount).to.be.below(4000)
    // A second TCP hop doubles the kernel's buffers, and the link holds its own bound.
    expect(linkCount).to.be.below(2 * directCount + LINK_BUFFER_BYTES / (64 * KiB) + 2)
    expect(grown).to.be.below(64 * MiB)
    // What the link holds itself stays within its bound: LINK_BUFFER_BYTES, plus the message
    // it is reading and one chunk of the stream.
    expect(link.stats.upstream.buffered).to.be.at.most(LINK_BUFFER_BYTES + 2 * 64 * KiB)
    await sink.close()
  })

  it("bandwidth() slows the sender as a slow network would: its high-water mark fills", async () => {
    const sink = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: sink.endpoint })
    const push = await socket("push", {
      connect: link.endpoint,
      sendHighWaterMark: 10,
      sendBufferSize: 64 * KiB,
      timeout: 500,
    })
    await push.connected()
    const rate = 256 * KiB
    link.bandwidth(rate, { direction: "upstream" })
    // First the buffers on the way fill (the sender's queue, the kernel's, the link's bound),
    // then a send times out: the sender felt the link.
    expect(await sendUntilBlocked(push, 2000, 16 * KiB)).to.be.below(2000)
    expect(link.stats.upstream.buffered).to.be.at.most(LINK_BUFFER_BYTES + 2 * 64 * KiB)
    // From then on it goes at about the link's rate: what two seconds let through, give or take
    // what the kernel's buffers absorb or give back (they are autotuned: up to ~2 MiB measured
    // here on loopback), against 32 MiB in well under a second with no backpressure.
    const frame = Buffer.alloc(16 * KiB, 7)
    let sent = 0
    const started = performance.now()
    while (performance.now() - started < 2000) {
      await push.sendFrames([frame], { timeout: 3000 })
      sent++
    }
    const seconds = (performance.now() - started) / 1000
    expect(sent).to.be.above(0)
    expect(sent * 16 * KiB).to.be.at.most(rate * seconds + 2 * MiB)
    await sink.close()
  })
})
