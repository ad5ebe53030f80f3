import { expect } from "chai"
import { spawnSync } from "node:child_process"
import { configure, settings, UsageError } from "../../lib"

const NAMES =
  "timeout, failOnUnread, transcriptLimit, readyTimeout, grace, waitForOutputTimeout, outputLimit, programOutputLimit, artifacts"

/** What `configure(changes)` throws (fails when it does not throw). */
function configureError(changes: unknown): Error & { code?: string } {
  const before = { ...settings }
  try {
    configure(changes as never)
  } catch (err) {
    expect(settings, "settings unchanged").to.deep.equal(before)
    return err as Error & { code?: string }
  }
  throw new Error("expected configure() to throw, it did not")
}

/** Loads the settings module in a fresh Node with `env` added; what it printed and how it ended. */
function loadWith(env: Record<string, string>): {
  status: number | null
  stderr: string
  stdout: string
} {
  const result = spawnSync(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "-e",
      'try { console.log(JSON.stringify(require("./lib/settings").settings)) } catch (e) { console.error(e.name + " " + e.code + " " + e.message); process.exit(3) }',
    ],
    { env: { ...process.env, ...env }, encoding: "utf8", timeout: 20_000 },
  )
  return { status: result.status, stderr: result.stderr, stdout: result.stdout }
}

describe("configure()", () => {
  it("rejects an unknown setting, suggesting the closest one", () => {
    const err = configureError({ timout: 500 })
    expect(err).to.be.instanceOf(UsageError)
    expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    expect(err.message).to.equal(
      `zmq-harness: expected settings of configure() (${NAMES}), ` +
        "got an unknown setting `timout`. Perhaps you meant `timeout`?",
    )
  })

  it("rejects a failOnUnread that is not a boolean", () => {
    const err = configureError({ failOnUnread: "yes" })
    expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    expect(err.message).to.equal(
      'zmq-harness: expected `configure({ failOnUnread })` to be true or false, got "yes" (a string). Give a boolean.',
    )
  })

  it("rejects a transcriptLimit that is not a whole number", () => {
    for (const bad of [-1, 1.5, NaN, Infinity, "10"]) {
      const err = configureError({ transcriptLimit: bad })
      expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
      expect(err.message).to.match(
        /^zmq-harness: expected `configure\({ transcriptLimit }\)` to be a whole number, 0 or more, got /,
      )
    }
  })

  it("checks the process defaults: durations as durations, limits above 0", () => {
    for (const key of ["readyTimeout", "grace", "waitForOutputTimeout"]) {
      for (const bad of [-1, NaN, Infinity, 1e12, "100", null]) {
        const err = configureError({ [key]: bad })
        expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
        expect(err.message).to.match(
          new RegExp(
            `^zmq-harness: expected \`configure\\(\\{ ${key} \\}\\)\` to be a number of milliseconds from 0 to 2147483647, got `,
          ),
        )
      }
    }
    for (const key of ["outputLimit", "programOutputLimit"]) {
      const err = configureError({ [key]: 0 })
      expect(err.message).to.equal(
        `zmq-harness: expected \`configure({ ${key} })\` to be a whole number, 1 or more, got 0. Give e.g. 1000.`,
      )
    }
  })

  it("rejects changes that are not an object", () => {
    const err = configureError(500)
    expect(err.message).to.equal(
      `zmq-harness: expected configure() to get an object of settings (${NAMES}), got 500.`,
    )
  })

  it("applies good values and returns the previous settings", () => {
    const previous = configure({ timeout: 750, transcriptLimit: 5 })
    try {
      expect(settings.timeout).to.equal(750)
      expect(settings.transcriptLimit).to.equal(5)
    } finally {
      configure(previous)
    }
    expect(settings).to.deep.equal(previous)
  })
})

describe("settings from the environment", () => {
  it("reads good values", () => {
    const run = loadWith({
      ZMQ_HARNESS_TIMEOUT: "1500",
      ZMQ_HARNESS_FAIL_ON_UNREAD: "yes",
      ZMQ_HARNESS_TRANSCRIPT_LIMIT: "20",
    })
    expect(run.stderr).to.equal("")
    expect(JSON.parse(run.stdout)).to.deep.include({
      timeout: 1500,
      failOnUnread: true,
      transcriptLimit: 20,
    })
  })

  const bad: Array<[string, string, string]> = [
    ["ZMQ_HARNESS_TIMEOUT", "-1", "a number of milliseconds from 0 to 2147483647, e.g. 1000"],
    ["ZMQ_HARNESS_TIMEOUT", "1s", "a number of milliseconds from 0 to 2147483647, e.g. 1000"],
    ["ZMQ_HARNESS_TIMEOUT", "1e12", "a number of milliseconds from 0 to 2147483647, e.g. 1000"],
    ["ZMQ_HARNESS_FAIL_ON_UNREAD", "maybe", "1, true or yes (or 0, false, no)"],
    ["ZMQ_HARNESS_TRANSCRIPT_LIMIT", "lots", "a whole number, 0 or more, e.g. 1000"],
    ["ZMQ_HARNESS_GRACE", "-5", "a number of milliseconds from 0 to 2147483647, e.g. 1000"],
    ["ZMQ_HARNESS_OUTPUT_LIMIT", "0", "a whole number, 1 or more, e.g. 1000"],
  ]
  for (const [name, value, accepts] of bad) {
    it(`refuses ${name}=${value}, naming the variable`, () => {
      const run = loadWith({ [name]: value })
      expect(run.status).to.equal(3)
      expect(run.stderr.trim()).to.equal(
        `UsageError ERR_ZMQH_INVALID_ARGUMENT zmq-harness: expected the environment variable ${name} to be ${accepts}, ` +
          `got ${JSON.stringify(value)}. Fix or unset ${name}.`,
      )
    })
  }
})
