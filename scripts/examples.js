#!/usr/bin/env node
// Runs every tier (unit, @process, @system) of the examples named on the
// command line (default: all of them), each in its own folder with its own
// .mocharc.yml, as a user of that example would. Each run ends with the
// reporter's "N passed, N failed" line; with more than one example a last
// line gives the total. Exits 1 if any test failed.
//
//   node scripts/examples.js [pingpong] [broker] [pubsub] [lazy-pirate] [mock-peers] [record-replay] [reports] [topology] [explore] [node-test] [vitest] [jest]
//
// node-test, vitest and jest run under their own runner (each package.json's test command), the
// others under Mocha.
"use strict"
const { spawn } = require("node:child_process")
const path = require("node:path")

const root = path.join(__dirname, "..")
const all = [
  "pingpong",
  "broker",
  "pubsub",
  "lazy-pirate",
  "mock-peers",
  "record-replay",
  "reports",
  "topology",
  "explore",
  "node-test",
  "vitest",
  "jest",
]
/** Examples that run under another runner than Mocha: the command, and its counts' pattern. */
const commands = {
  "node-test": {
    args: ["--test", "--import", "tsx", "--import", "zmq-harness/node-test", "test/pong.test.ts"],
    counts: (text) => {
      const n = (word) => Number((new RegExp(`^# ${word} (\\d+)`, "m").exec(text) || [])[1] || 0)
      return { passed: n("pass"), failed: n("fail"), skipped: n("skipped") }
    },
  },
}
/** A count from a runner's summary line, e.g. "Tests:  1 failed, 2 passed" (0 when absent). */
function countIn(line, word) {
  return Number((new RegExp(`(\\d+) ${word}`).exec(line || "") || [])[1] || 0)
}
function summaryCounts(text, pattern) {
  const line = (text.match(pattern) || [])[0]
  if (!line) return { passed: 0, failed: 1, skipped: 0 } // no summary: count the run as failed
  return {
    passed: countIn(line, "passed"),
    failed: countIn(line, "failed"),
    skipped: countIn(line, "skipped"),
  }
}
commands.vitest = {
  args: [
    path.join(root, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--config",
    "vitest.config.ts",
  ],
  env: { NO_COLOR: "1" },
  counts: (text) => summaryCounts(text, /^\s*Tests\s+.*$/m),
}
commands.jest = {
  args: [
    path.join(root, "node_modules", "jest", "bin", "jest.js"),
    "--config",
    "jest.config.js",
    "--ci",
  ],
  env: { NO_COLOR: "1" },
  stderr: true, // Jest writes its summary to stderr
  counts: (text) => summaryCounts(text, /^Tests:.*$/m),
}
const names = process.argv.slice(2).length ? process.argv.slice(2) : all
const mocha = require.resolve("mocha/bin/mocha.js", { paths: [root] })
let interrupted = false

function run(name) {
  return new Promise((resolve) => {
    const cwd = path.join(root, "examples", name)
    process.stdout.write(`\n=== examples/${name}: all tiers ===\n`)
    // A bare `mocha` runs every tier: the examples' tiers are package.json scripts.
    const command = commands[name]
    const child = spawn(process.execPath, command ? command.args : [mocha], {
      cwd,
      env: { ...process.env, ...(command && command.env) },
      stdio: ["ignore", "pipe", command && command.stderr ? "pipe" : "inherit"],
    })
    if (child.stderr) {
      child.stderr.on("data", (chunk) => {
        process.stderr.write(chunk)
        all += chunk.toString()
      })
    }
    let last = ""
    let all = ""
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk)
      last = (last + chunk.toString()).split("\n").slice(-3).join("\n")
      if (command) all += chunk.toString()
    })
    // Ctrl-C reaches mocha from the terminal itself (same process group), and
    // the plugin kills the processes under test: wait for mocha to finish.
    // A SIGTERM sent to this script alone is passed on.
    const wait = () => {
      interrupted = true
    }
    const forward = () => child.kill("SIGTERM")
    process.on("SIGINT", wait)
    process.on("SIGTERM", forward)
    child.on("close", (code) => {
      process.off("SIGINT", wait)
      process.off("SIGTERM", forward)
      if (command) return resolve({ code, ...command.counts(all) })
      const m = /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(last)
      resolve({ code, passed: m ? +m[1] : 0, failed: m ? +m[2] : 1, skipped: m ? +(m[3] || 0) : 0 })
    })
  })
}

async function main() {
  const unknown = names.filter((n) => !all.includes(n))
  if (unknown.length) {
    console.error(`examples: expected one of ${all.join(", ")}, got ${unknown.join(", ")}`)
    process.exit(2)
  }
  const results = []
  for (const name of names) {
    results.push(await run(name))
    if (interrupted) {
      console.error("\nexamples: interrupted")
      process.exit(130)
    }
  }
  const sum = (k) => results.reduce((n, r) => n + r[k], 0)
  if (results.length > 1) {
    const skipped = sum("skipped")
    console.log(
      `\n${sum("passed")} passed, ${sum("failed")} failed${skipped ? `, ${skipped} skipped` : ""}`,
    )
  }
  process.exitCode = results.every((r) => r.code === 0) ? 0 : 1
}

main()
