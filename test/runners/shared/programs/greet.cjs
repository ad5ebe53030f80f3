// A command line program whose output a golden file holds.
const who = process.argv[2] ?? "world"
console.log(`hello ${who}`)
console.log(`pid ${process.pid}`)
