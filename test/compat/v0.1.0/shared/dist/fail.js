// A program that is expected to fail: it checks its configuration, finds none,
// says so on stderr and exits with code 3 (what the exit-code tests check).
console.log("checking configuration")
console.error("fatal: no configuration file given")
process.exitCode = 3
