// Binds a PAIR socket on a random port and constructs B with that port, as an application
// that hands a port to a helper would; B is replaced by a stub in the test.
const { Pair } = require("zeromq")
const { B } = require("./b.cjs")

async function main() {
  const pair = new Pair()
  await pair.bind("tcp://127.0.0.1:*")
  new B(Number(new URL(pair.lastEndpoint).port))
  for await (const [frame] of pair) {
    const [word] = JSON.parse(String(frame))
    await pair.send(JSON.stringify(["welcome", word]))
  }
}
main()
