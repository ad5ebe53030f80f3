// Prints a line, then exits with code 4: a process that crashes while no wait of the test runs.
console.log("started")
setTimeout(() => process.exit(4), 50)
