// The command-line face of the service: `node src/pong-cli.js ping 1` prints
// the reply. The system test runs it and compares its output with a golden file.
const [, , word, n] = process.argv
const request = [word, Number(n)]
const reply = word === "ping" ? ["pong", request[1]] : ["error", "unknown request"]
console.log(`request ${JSON.stringify(request)}`)
console.log(`reply ${JSON.stringify(reply)} (pid ${process.pid})`)
