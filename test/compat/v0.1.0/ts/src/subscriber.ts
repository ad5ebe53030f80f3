// The subscriber of docs/troubleshooting.md (v0.1.0), started there as
// `src/subscriber.ts <endpoint> <count> <topic>`: subscribes to the topic,
// prints the messages it gets and exits 0 after <count> of them.
import { Subscriber } from "zeromq"

async function main() {
  const [endpoint, count, topic] = process.argv.slice(2)
  const sub = new Subscriber({ linger: 0 })
  sub.connect(endpoint!)
  sub.subscribe(topic!)
  let seen = 0
  for await (const [t, body] of sub) {
    console.log(`${t!.toString()} ${body!.toString()}`)
    if (++seen === Number(count)) break
  }
  sub.close()
}

main()
