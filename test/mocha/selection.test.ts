import { expect } from "chai"
import { MOCHA_BIN, runToExit } from "../helpers/child-mocha"

const FIXTURE = "test/fixtures/mocha-runs/selection"

function mochaArgs(config: string[], extra: string[] = []): string[] {
  return [
    MOCHA_BIN,
    ...config,
    "--no-package",
    "--require",
    "ts-node/register/transpile-only",
    "--require",
    "./lib/register.ts",
    "--reporter",
    "spec",
    ...extra,
    `${FIXTURE}/tiers.fixture.js`,
  ]
}

const NOTE = "zmq-harness: "

describe("Mocha's test selection, said at the start of the run @process", function () {
  this.timeout(60000)

  it("says an inverted grep from the config file runs the tests that do NOT match", async () => {
    const run = await runToExit(mochaArgs(["--config", `${FIXTURE}/invert.mocharc.yml`]), {
      timeoutMs: 50000,
    })
    expect(run.code, run.stderr).to.equal(0)
    expect(run.stderr.split("\n").filter((l) => l.startsWith(NOTE))).to.deep.equal([
      "zmq-harness: --invert: running only the tests whose titles do NOT match /@(process|system)/ " +
        "(`invert` from the command line or the config file). Drop `invert` to run the matching tests instead.",
    ])
    expect(run.stdout).to.include("c unit").and.not.include("a @process")
  })

  it("says it for --grep --invert on the command line, and nothing for a plain --grep", async () => {
    const inverted = await runToExit(
      mochaArgs(["--no-config"], ["--grep", "@process", "--invert"]),
      { timeoutMs: 50000 },
    )
    expect(inverted.stderr).to.include(
      "zmq-harness: --invert: running only the tests whose titles do NOT match /@process/",
    )
    const plain = await runToExit(mochaArgs(["--no-config"], ["--grep", "@process"]), {
      timeoutMs: 50000,
    })
    expect(plain.stderr).to.not.include(NOTE)
    expect(plain.stdout).to.include("a @process").and.not.include("c unit")
  })

  it("warns about a YAML list given as grep, saying what Mocha ran and what to write", async () => {
    const run = await runToExit(mochaArgs(["--config", `${FIXTURE}/grep-list.mocharc.yml`]), {
      timeoutMs: 50000,
    })
    const notes = run.stderr.split("\n").filter((l) => l.startsWith(NOTE))
    expect(notes).to.have.length(1)
    expect(notes[0]).to.match(
      /^zmq-harness: expected `grep` in Mocha's config to be one pattern, got a list \["@process","@system"\]; Mocha does not take a list and (ran every test|selected the tests matching \/.*\/ only)\. Write one regular expression instead, e\.g\. grep: "@process\|@system"\.$/,
    )
  })
})
