// src/pong.ts: docs/getting-started.md's pong (v0.1.0), with what the other
// v0.1.0 pages asked of the same program and did not show: the README passes
// `--bind <endpoint>`, the troubleshooting page expects exit code 0 after
// SIGINT, and the generator guide's `log` event reads a log stream
// (`--logs <endpoint>`: pushes ["log_message", "pong <n>"] for every pong),
// and examples/pingpong's generator test reads each exchange on stdout.
import { Push, Reply } from "zeromq"
import { handle } from "./logic"

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at < 0 ? undefined : process.argv[at + 1]
}

async function main() {
  const rep = new Reply({ linger: 0 })
  process.once("SIGINT", () => rep.close())
  const logsEndpoint = option("--logs")
  const logs = logsEndpoint ? new Push({ linger: 0 }) : undefined
  if (logsEndpoint) logs!.connect(logsEndpoint)
  const positional = process.argv.slice(2).find((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"))
  await rep.bind(option("--bind") ?? positional ?? "tcp://127.0.0.1:*")
  console.log(`listening on ${rep.lastEndpoint}`)
  try {
    for await (const [frame] of rep) {
      const { reply, stop } = handle(JSON.parse(frame.toString()))
      if (stop) break
      console.log(`${frame.toString()} -> ${JSON.stringify(reply)}`)
      await rep.send(JSON.stringify(reply))
      if (logs && Array.isArray(reply)) await logs.send(JSON.stringify(["log_message", `${reply[0]} ${reply[1]}`]))
    }
  } catch (err) {
    if (!rep.closed) throw err
  }
  rep.close()
  logs?.close()
}

main()
