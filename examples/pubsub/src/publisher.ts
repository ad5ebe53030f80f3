/**
 * The publisher: takes updates [topic, JSON value] on a PULL socket and
 * publishes them on an XPUB socket, keeping the last value of each topic for
 * subscribers that join later.
 *
 *   node -r ts-node/register src/publisher.ts
 *
 * Binds both on random ports of 127.0.0.1 and prints `publishing on <endpoint>`
 * and `updates on <endpoint>`; prints `subscribed <topic>` for each new
 * subscription and `update <topic> <value>` for each update. Stops on SIGINT/SIGTERM.
 */
import { Pull, XPublisher } from "zeromq"
import { LastValueCache, parseSubscription } from "./cache"

async function main(): Promise<void> {
  const pub = new XPublisher({ linger: 0 })
  const updates = new Pull({ linger: 0 })
  // Signal handlers first: a test may stop the publisher as soon as it reads the lines below.
  const stop = () => {
    pub.close()
    updates.close()
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  await pub.bind("tcp://127.0.0.1:*")
  await updates.bind("tcp://127.0.0.1:*")
  console.log(`publishing on ${pub.lastEndpoint}`)
  console.log(`updates on ${updates.lastEndpoint}`)

  const cache = new LastValueCache()
  const subscriptions = async () => {
    for await (const [frame] of pub) {
      const sub = parseSubscription(frame)
      if (!sub?.subscribe) continue
      console.log(`subscribed ${sub.topic}`)
      for (const msg of cache.replay(sub.topic)) await pub.send(msg)
    }
  }
  const publications = async () => {
    for await (const [topic, value] of updates) {
      console.log(`update ${topic} ${value}`)
      await pub.send(cache.update(topic.toString(), JSON.parse(value.toString())))
    }
  }
  await Promise.all([subscriptions(), publications()]).catch((err: unknown) => {
    if (!pub.closed && !updates.closed) throw err
  })
  console.log("stopped")
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
