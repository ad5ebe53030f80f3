import { expect } from "chai"
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { configure, settings, UsageError } from "../../lib"

/** What configure() throws for `artifacts: value`; settings stay as they were. */
function artifactsError(value: unknown): Error & { code?: string } {
  const before = { ...settings }
  try {
    configure({ artifacts: value as never })
  } catch (err) {
    expect(settings).to.deep.equal(before)
    return err as Error & { code?: string }
  }
  throw new Error("expected configure() to throw, it did not")
}

/** The `artifacts` setting of a fresh Node with `env`, or what it printed when it failed. */
function loadWith(env: Record<string, string>): { status: number | null; out: string } {
  const result = spawnSync(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "-e",
      'try { console.log(JSON.stringify(require("./lib/settings").settings.artifacts)) } catch (e) { console.log(e.message); process.exit(3) }',
    ],
    {
      env: { ...process.env, ZMQ_HARNESS_ARTIFACTS: "", ZMQ_HARNESS_ARTIFACTS_WHEN: "", ...env },
      encoding: "utf8",
      timeout: 20_000,
    },
  )
  return { status: result.status, out: result.stdout.trim() }
}

describe("artifacts: the setting", () => {
  afterEach(() => configure({ artifacts: false }))

  it("is off by default", () => {
    expect(loadWith({})).to.deep.equal({ status: 0, out: "false" })
  })

  it("takes { dir, when } from configure(), the folder resolved, when defaulting to failed", () => {
    configure({ artifacts: { dir: "out/zmq" } as never })
    expect(settings.artifacts).to.deep.equal({ dir: path.resolve("out/zmq"), when: "failed" })
    configure({ artifacts: { dir: "/tmp/a", when: "always" } })
    expect(settings.artifacts).to.deep.equal({ dir: "/tmp/a", when: "always" })
    configure({ artifacts: false })
    expect(settings.artifacts).to.equal(false)
  })

  it("rejects what is not false or { dir, when }, saying what to give", () => {
    const cases: [unknown, string][] = [
      [
        "out",
        'expected `configure({ artifacts })` to be false or { dir, when? }, got "out". Give e.g. { dir: "test-results/zmq", when: "failed" }.',
      ],
      [
        { dir: "" },
        'expected `configure({ artifacts })`.dir to be a folder name, got "". Give e.g. "test-results/zmq".',
      ],
      [
        { dir: "x", when: "sometimes" },
        'expected `configure({ artifacts })`.when to be "failed" or "always", got "sometimes".',
      ],
      [
        { dir: "x", folder: "y" },
        "expected `configure({ artifacts })` to have only dir and when, got `folder`. Remove it.",
      ],
    ]
    for (const [value, message] of cases) {
      const err = artifactsError(value)
      expect(err).to.be.instanceOf(UsageError)
      expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
      expect(err.message).to.equal(`zmq-harness: ${message}`)
    }
  })

  it("reads ZMQ_HARNESS_ARTIFACTS and ZMQ_HARNESS_ARTIFACTS_WHEN, and blames a bad WHEN on that variable", function () {
    // Three fresh Nodes, each bounded by loadWith's 20 s: under load one takes seconds to start.
    this.timeout(70_000)
    expect(loadWith({ ZMQ_HARNESS_ARTIFACTS: "/tmp/zmq-art" })).to.deep.equal({
      status: 0,
      out: '{"dir":"/tmp/zmq-art","when":"failed"}',
    })
    expect(
      loadWith({ ZMQ_HARNESS_ARTIFACTS: "/tmp/zmq-art", ZMQ_HARNESS_ARTIFACTS_WHEN: "always" }),
    ).to.deep.equal({ status: 0, out: '{"dir":"/tmp/zmq-art","when":"always"}' })
    const bad = loadWith({
      ZMQ_HARNESS_ARTIFACTS: "/tmp/zmq-art",
      ZMQ_HARNESS_ARTIFACTS_WHEN: "never",
    })
    expect(bad.status).to.equal(3)
    expect(bad.out).to.equal(
      'zmq-harness: expected the environment variable ZMQ_HARNESS_ARTIFACTS_WHEN to be "failed" or "always" (or unset: "failed"), got "never". Fix or unset ZMQ_HARNESS_ARTIFACTS_WHEN.',
    )
  })
})
