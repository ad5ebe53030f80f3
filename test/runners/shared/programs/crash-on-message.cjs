// Exits with code 3 as soon as a message arrives: a process that crashes while a test waits.
const { Reply } = require("zeromq")

async function main() {
  const rep = new Reply()
  await rep.bind(process.argv[2])
  console.log(`listening on ${rep.lastEndpoint}`)
  for await (const _ of rep) {
    process.stderr.write("crash-on-message: giving up\n")
    process.exit(3)
  }
}
main()
