// A control port in the manner of mongrel2's: requests and replies are
// tnetstrings (https://tnetstrings.info). Binds a REP socket on a random port,
// prints `control port <endpoint>`, and answers
//   [ "time", {} ]    with { "headers": ["time"], "rows": [[<seconds>]] }
//   [ "status", {} ]  with { "headers": ["id", "state"], "rows": [[1, "running"]] }
//   anything else     with { "code": "INVALID_COMMAND", "error": "..." }
const zmq = require("zeromq")

function encode(value) {
  const wrap = (data, type) => `${Buffer.byteLength(data)}:${data}${type}`
  if (value === null) return "0:~"
  if (typeof value === "boolean") return wrap(String(value), "!")
  if (typeof value === "number") return wrap(String(value), "#")
  if (typeof value === "string") return wrap(value, ",")
  if (Array.isArray(value)) return wrap(value.map(encode).join(""), "]")
  return wrap(Object.entries(value).map(([k, v]) => encode(k) + encode(v)).join(""), "}")
}

function decode(text) {
  const colon = text.indexOf(":")
  const length = Number(text.slice(0, colon))
  const data = text.slice(colon + 1, colon + 1 + length)
  const type = text[colon + 1 + length]
  const rest = text.slice(colon + 2 + length)
  const items = (s) => {
    const out = []
    while (s.length) {
      const [v, r] = decode(s)
      out.push(v)
      s = r
    }
    return out
  }
  switch (type) {
    case ",": return [data, rest]
    case "#": return [Number(data), rest]
    case "!": return [data === "true", rest]
    case "~": return [null, rest]
    case "]": return [items(data), rest]
    case "}": {
      const flat = items(data)
      const dict = {}
      for (let i = 0; i < flat.length; i += 2) dict[flat[i]] = flat[i + 1]
      return [dict, rest]
    }
    default: throw new Error(`not a tnetstring: ${text}`)
  }
}

async function main() {
  const rep = new zmq.Reply({ linger: 0 })
  process.once("SIGTERM", () => rep.close())
  await rep.bind("tcp://127.0.0.1:*")
  console.log(`control port ${rep.lastEndpoint}`)
  try {
    for await (const [frame] of rep) {
      const [[command]] = decode(frame.toString())
      const reply =
        command === "time" ? { headers: ["time"], rows: [[Math.floor(Date.now() / 1000)]] }
        : command === "status" ? { headers: ["id", "state"], rows: [[1, "running"]] }
        : { code: "INVALID_COMMAND", error: `Invalid command: ${command}` }
      await rep.send(encode(reply))
    }
  } catch (err) {
    if (!rep.closed) throw err
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
