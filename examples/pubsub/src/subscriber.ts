/**
 * The subscriber: prints `<topic> <JSON value>` for each message on the
 * topics given, and exits 0 after `count` messages. Prints
 * `subscribed to <topics> at <endpoint>` first.
 *
 *   node -r ts-node/register src/subscriber.ts <endpoint> <count> <topic>...
 */
import { Subscriber } from "zeromq"

async function main(): Promise<void> {
  const [endpoint, count, ...topics] = process.argv.slice(2)
  if (!endpoint || !count || topics.length === 0) {
    throw new Error("usage: subscriber.ts <endpoint> <count> <topic>...")
  }
  const sub = new Subscriber({ linger: 0 })
  sub.connect(endpoint)
  sub.subscribe(...topics)
  // The ready line: a test starts publishing only once it saw this and the subscription arrived.
  console.log(`subscribed to ${topics.join(", ")} at ${endpoint}`)
  let seen = 0
  for await (const [topic, value] of sub) {
    console.log(`${topic.toString()} ${value.toString()}`)
    if (++seen >= Number(count)) break
  }
  sub.close()
}

main().catch((err: unknown) => {
  console.error(`subscriber: ${(err as Error).message}`)
  process.exitCode = 1
})
