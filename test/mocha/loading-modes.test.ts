import { expect } from "chai"
import * as fs from "node:fs"
import * as path from "node:path"
import { MOCHA_BIN, ROOT, runChildMocha } from "../helpers/child-mocha"
import { freePort } from "../helpers/ports"

const FIXTURES = "test/fixtures/loading-modes"
const SUITE = `${FIXTURES}/fixed-port.fixture.ts`
const REGISTER = "./lib/register.ts"

/**
 * Runs Mocha on the fixed-port suite with the plugin loaded as `how` says.
 * TypeScript through tsx (`--import tsx`), so that `--import` of the plugin's
 * source works as `--import zmq-harness/register` does for a user.
 */
async function run(how: { node?: readonly string[]; mocha?: readonly string[]; bin?: string }) {
  const port = await freePort()
  const args = [
    "--import",
    "tsx",
    ...(how.node ?? []),
    how.bin ?? MOCHA_BIN,
    "--no-config",
    "--no-package",
    "--extension",
    "ts",
    "--timeout",
    "10000",
    ...(how.mocha ?? []),
    SUITE,
  ]
  // A run whose second test cannot bind (AddressInUseError) also never exits: bounded.
  return runChildMocha(args, { env: { ZMQH_FIXED_PORT: String(port) }, timeoutMs: 30000 })
}

/** A second copy of Mocha inside the repository (so that its own dependencies resolve). */
function secondMocha(): string {
  const copy = path.join(ROOT, "node_modules/.cache/zmq-harness/second-mocha/node_modules/mocha")
  if (!fs.existsSync(path.join(copy, "package.json"))) {
    fs.cpSync(path.join(ROOT, "node_modules/mocha"), copy, { recursive: true })
  }
  return path.join(copy, "bin/mocha.js")
}

describe("ways of loading the plugin @process", function () {
  this.timeout(60000)

  for (const [mode, how] of [
    ["--require", { mocha: ["--require", REGISTER] }],
    ["node --import", { node: ["--import", REGISTER] }],
    // Mocha starts a new node with these options: it needs tsx there too.
    ["--node-option import=", { mocha: ["--node-option", `import=tsx,import=${REGISTER}`] }],
    ["--file", { mocha: ["--file", `${FIXTURES}/setup.ts`] }],
  ] as const) {
    it(`closes each test's sockets when loaded with ${mode}`, async () => {
      const result = await run(how)
      expect(result.output).to.not.include("AddressInUseError")
      expect(result).to.include({ code: 0, signal: null, passed: 2, failed: 0 })
    })
  }

  it("fails the first socket at once, naming the line to add, when the plugin is not loaded", async () => {
    const result = await run({})
    expect(result).to.include({ code: 2, passed: 0, failed: 2 })
    expect(result.output).to.include(
      "NotRegisteredError: zmq-harness: expected zmq-harness/register to be loaded in this Mocha run",
    )
    expect(result.output).to.include(
      "Load it: add `require: zmq-harness/register` to .mocharc.yml (or pass `--require zmq-harness/register`).",
    )
  })

  it("fails the first socket at once, naming both copies, when the tests use another copy of zmq-harness", async () => {
    // Mocha loads the built package's plugin; the suite imports the sources (../../../lib).
    const result = await run({ mocha: ["--require", "./dist/register.js"] })
    expect(result).to.include({ code: 2, passed: 0, failed: 2 })
    expect(result.output).to.include(
      "zmq-harness: expected one copy of zmq-harness in this Mocha run, got two: Mocha loaded the " +
        `plugin from ${path.join(ROOT, "dist")}, while this test uses the copy in ${path.join(ROOT, "lib")}`,
    )
  })

  it("fails the first socket at once when another copy of Mocha runs the tests", async () => {
    const result = await run({ bin: secondMocha(), mocha: ["--require", REGISTER] })
    expect(result).to.include({ code: 2, passed: 0, failed: 2 })
    expect(result.output).to.include(
      "zmq-harness: expected the tests to run in the Mocha that zmq-harness/register " +
        `patched (${path.join(ROOT, "node_modules/mocha/index.js")}), got them run by another copy of Mocha`,
    )
  })
})
