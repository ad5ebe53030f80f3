import { expect } from "chai"
import * as fs from "node:fs"
import * as path from "node:path"
import { folderName } from "../../lib/artifacts/folder"
import type { TestMeta } from "../../lib/artifacts/meta"
import { arrowLines, messageLines, readReport, readTranscript } from "./parse-report"
import { runArtifactsFixture, tempDir, type ArtifactsRun } from "./run-artifacts-fixture"

interface JsonTest {
  fullTitle: string
  err: { message?: string; artifacts?: { dir: string; report: string; transcript: string } }
}

const PREFIX = "artifacts fixture "
const FAILED = [
  "sees its server crash",
  "times out waiting for a second reply",
  "gets 1,000 messages then one that is wrong",
  "hangs until Mocha's timeout fires",
]

function json(run: ArtifactsRun): { passes: JsonTest[]; failures: JsonTest[] } {
  if (!run.output)
    throw new Error(`no reporter output.\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`)
  return JSON.parse(run.output)
}

/** The test folders of an artifacts folder (not the hidden folder of the runs' lists). */
function folders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort()
}

function metaOf(dir: string, folder: string): TestMeta {
  return JSON.parse(fs.readFileSync(path.join(dir, folder, "meta.json"), "utf8"))
}

const EARLY = [
  "early fixture closes its socket, then fails",
  "early fixture sends with no peer to take the message",
  "early fixture starts a process that crashes before it is ready",
  'early fixture with a before hook "before all" hook for "never runs"',
  "early fixture with a suite socket talks to it and fails",
]

// The folder naming itself is checked in folders.test.ts.
const slug = folderName
const folderOf = (title: string) => slug(PREFIX + title)

describe("artifacts of real failing runs @process", function () {
  this.timeout(120_000)
  const dirs: string[] = []
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  })

  describe("a serial run with ZMQ_HARNESS_ARTIFACTS", () => {
    let dir: string
    let run: ArtifactsRun
    let report: ReturnType<typeof json>
    before(async () => {
      dir = path.join(tempDir(), "artifacts")
      dirs.push(path.dirname(dir))
      run = await runArtifactsFixture(["failures.fixture.ts", "early.fixture.ts"], {
        env: { ZMQ_HARNESS_ARTIFACTS: dir },
        reporter: "json",
      })
      report = json(run)
    })

    it("writes a folder for each failed test only, and a run index that lists them", () => {
      const failed = [...FAILED.map((t) => PREFIX + t), ...EARLY]
      expect(report.failures.map((t) => t.fullTitle).sort()).to.deep.equal(failed.sort())
      expect(folders(dir)).to.deep.equal(failed.map(slug).sort())
      for (const folder of folders(dir)) {
        const files = fs.readdirSync(path.join(dir, folder))
        expect(files).to.include.members(["meta.json", "report.html", "transcript.jsonl"])
        expect(metaOf(dir, folder)).to.deep.include({ version: 1, state: "failed", folder })
      }
      const index = fs.readFileSync(path.join(dir, "index.html"), "utf8")
      expect(index).to.contain('data-failed="9" data-total="9"')
    })

    it("ends each failure message with its report's path, after a JUnit attachment line; the JSON reporter's error has the paths", () => {
      for (const test of report.failures) {
        const file = path.join(dir, slug(test.fullTitle), "report.html")
        expect(test.err.message).to.match(/\n\n\[\[ATTACHMENT\|.*\]\]\nzmq-harness report: .*$/)
        expect(
          test.err.message!.endsWith(`\n[[ATTACHMENT|${file}]]\nzmq-harness report: ${file}`),
        ).to.equal(true)
        expect(test.err.artifacts).to.deep.equal({
          dir: path.dirname(file),
          report: file,
          transcript: path.join(path.dirname(file), "transcript.jsonl"),
        })
      }
    })

    it("tells a crash: the process's events, its exit marked, its stderr in full", () => {
      const folder = path.join(dir, folderOf("sees its server crash"))
      const lines = readTranscript(path.join(folder, "transcript.jsonl"))
      expect(lines.filter((l) => l.kind === "process").map((l) => l.event)).to.deep.equal([
        "spawn",
        "ready",
        "exit",
      ])
      expect(lines.find((l) => l.event === "exit")).to.deep.include({
        note: "exit code 3 (crash)",
        failed: true,
      })
      const stderr = fs.readFileSync(path.join(folder, "process-1.stderr.txt"), "utf8")
      expect(stderr).to.equal(
        Array.from({ length: 25 }, (_, i) => `stderr line ${i + 1}\n`).join("") +
          "fatal: the crasher crashed\n",
      )
      const page = readReport(path.join(folder, "report.html"))
      expect(page.lanes.map((l) => l.kind)).to.deep.equal(["test", "process"])
      expect(page.events.filter((e) => e.failed).map((e) => [e.lane, e.event])).to.deep.equal([
        [1, "exit"],
      ])
      expect(metaOf(dir, folderOf("sees its server crash")).lanes[0]).to.deep.include({
        kind: "process",
        events: 3,
        stdout: "process-1.stdout.txt",
        stderr: "process-1.stderr.txt",
      })
    })

    it("tells a wait that timed out: the conversation before it, and the wait and its deadline on its lane", () => {
      const folder = path.join(dir, folderOf("times out waiting for a second reply"))
      const lines = readTranscript(path.join(folder, "transcript.jsonl"))
      const messages = lines.filter((l) => l.direction !== "event")
      expect(messages.map((l) => [l.direction, l.frames])).to.deep.equal([
        ["sent", [{ text: '["ping",1]', size: 10 }]],
        ["received", [{ text: '["pong",1]', size: 10 }]],
      ])
      expect(messages[0]).to.deep.include({ kind: "socket", type: "req" })
      expect(messages[0].lane).to.match(
        /^req socket "client" \(connect tcp:\/\/127\.0\.0\.1:\d+\)$/,
      )
      const wait = lines.find((l) => l.event === "wait-failed")!
      expect(wait).to.deep.include({
        operation: "receive",
        timeout: 300,
        failed: true,
        type: "pull",
      })
      expect(wait.lane).to.match(/^pull socket "silent"/)
      expect((wait.deadline as number) - (wait.started as number)).to.be.closeTo(300, 0.2)
      const times = lines.map((l) => l.t as number)
      expect(times).to.deep.equal([...times].sort((a, b) => a - b))

      const page = readReport(path.join(folder, "report.html"))
      expect(page.lanes.map((l) => l.kind)).to.deep.equal(["test", "process", "socket", "socket"])
      // The req socket talks to the one process of the test: ping to it, pong from it.
      expect(page.arrows.map((a) => [a.from, a.to, a.label])).to.deep.equal([
        [2, 1, '["ping",1]'],
        [1, 2, '["pong",1]'],
      ])
      expect(page.waitStart).to.deep.equal({ lane: 3 })
      expect(page.events.filter((e) => e.failed).map((e) => [e.lane, e.event])).to.deep.equal([
        [3, "wait-failed"],
      ])
      expect(arrowLines(page)).to.deep.equal(messageLines(lines))
    })

    it("tells a burst of 1,000 PUB/SUB messages: every message an arrow, repeats collapsed, binary frames in base64", () => {
      const folder = path.join(dir, folderOf("gets 1,000 messages then one that is wrong"))
      const lines = readTranscript(path.join(folder, "transcript.jsonl"))
      const page = readReport(path.join(folder, "report.html"))
      expect(page.lanes.map((l) => l.kind)).to.deep.equal(["test", "socket", "socket"])
      expect(arrowLines(page)).to.deep.equal(messageLines(lines))
      // Each message sent by the xpub and received by the sub is one arrow between them.
      const between = page.arrows.filter((a) => a.from === 1 && a.to === 2 && a.lines.length === 2)
      expect(between.length).to.be.at.least(999)
      expect(page.repeats.length).to.be.at.least(1)
      expect(page.arrows.filter((a) => !a.hidden).length).to.be.below(20)
      const last = lines.filter((l) => l.direction === "received").pop()!
      expect(last.frames).to.deep.equal([
        { text: "tick", size: 4 },
        { base64: "AAEC/w==", size: 4 },
      ])
    })

    it("keeps the lane of a socket the test closed, and of a process that crashed before it was ready", () => {
      const closed = readTranscript(path.join(dir, slug(EARLY[0]), "transcript.jsonl"))
      const received = closed.filter((l) => l.direction === "received")
      expect(received.map((l) => l.frames)).to.deep.equal([[{ text: '["last words"]', size: 14 }]])
      expect(received[0].lane).to.match(/^pull socket "closed early"/)
      const crashed = path.join(dir, slug(EARLY[2]))
      const lines = readTranscript(path.join(crashed, "transcript.jsonl"))
      expect(lines.filter((l) => l.kind === "process").map((l) => l.event)).to.deep.equal([
        "spawn",
        "exit",
      ])
      expect(fs.readFileSync(path.join(crashed, "process-1.stderr.txt"), "utf8")).to.contain(
        "fatal: the crasher crashed",
      )
    })

    it("writes the artifacts of a before hook that failed, with what it made", () => {
      const folder = path.join(dir, slug(EARLY[3]))
      const meta = metaOf(dir, slug(EARLY[3]))
      // The process was released when it failed to start: released resources come first.
      expect(meta.lanes.map((l) => l.kind)).to.deep.equal(["process", "socket"])
      // Relative to the run's working directory: no checkout path in a report from CI.
      expect(meta.file).to.equal(path.join("test", "fixtures", "artifacts", "early.fixture.ts"))
      const lines = readTranscript(path.join(folder, "transcript.jsonl"))
      expect(lines.find((l) => l.event === "exit")).to.deep.include({ failed: true })
    })

    it("shows a before hook's socket with what it did during the failed test only", () => {
      const lines = readTranscript(path.join(dir, slug(EARLY[4]), "transcript.jsonl"))
      const suite = lines.filter((l) => String(l.lane).startsWith('rep socket "suite server"'))
      expect(suite.map((l) => [l.direction, l.frames])).to.deep.equal([
        ["received", [{ text: '["second"]', size: 10 }]],
        ["sent", [{ text: '["two"]', size: 7 }]],
      ])
      const page = readReport(path.join(dir, slug(EARLY[4]), "report.html"))
      // The suite's socket first, then the test's; each message one arrow between them.
      expect(page.lanes.map((l) => l.name.replace(/ \(.*/, ""))).to.deep.equal([
        "test",
        'rep socket "suite server"',
        'req socket "second client"',
      ])
      expect(page.arrows.map((a) => [a.from, a.to, a.label])).to.deep.equal([
        [2, 1, '["second"]'],
        [1, 2, '["two"]'],
      ])
    })

    it("marks a send that timed out as the failed wait", () => {
      const lines = readTranscript(path.join(dir, slug(EARLY[1]), "transcript.jsonl"))
      const wait = lines.find((l) => l.event === "wait-failed")!
      expect(wait).to.deep.include({ operation: "send", timeout: 200, failed: true, type: "push" })
      expect(wait.lane).to.match(/^push socket "lonely"/)
    })

    it("tells a hang: the wait still pending when Mocha's timeout fired is marked", () => {
      const folder = path.join(dir, folderOf("hangs until Mocha's timeout fires"))
      const lines = readTranscript(path.join(folder, "transcript.jsonl"))
      expect(lines.find((l) => l.event === "waiting")).to.deep.include({
        note: "receive pending (its own bound: 60000 ms)",
        failed: true,
      })
    })
  })

  it("writes nothing for a run with no failure", async () => {
    const dir = path.join(tempDir(), "artifacts")
    dirs.push(path.dirname(dir))
    const run = await runArtifactsFixture(["passes.fixture.ts"], {
      env: { ZMQ_HARNESS_ARTIFACTS: dir },
      reporter: "json",
    })
    expect(json(run).passes).to.have.length(1)
    expect(fs.existsSync(dir)).to.equal(false)
  })

  it("under --parallel with when: always, writes every test of both workers and one index of them all; reporters get the paths in test.context", async () => {
    const dir = path.join(tempDir(), "artifacts")
    dirs.push(path.dirname(dir))
    const run = await runArtifactsFixture(["failures.fixture.ts", "second.fixture.ts"], {
      env: { ZMQ_HARNESS_ARTIFACTS: dir, ZMQ_HARNESS_ARTIFACTS_WHEN: "always" },
      reporter: "context",
      parallel: true,
    })
    const tests = JSON.parse(run.output || "[]") as {
      title: string
      state: string
      context: unknown
      attachments: string[]
      message?: string
      artifacts?: { report: string }
    }[]
    expect(tests, run.stderr).to.have.length(7)
    expect(folders(dir)).to.have.length(7)
    const metas = folders(dir).map((f) => metaOf(dir, f))
    expect(new Set(metas.map((m) => m.run)).size).to.equal(1)
    for (const test of tests) {
      const meta = metas.find((m) => m.title === test.title)
      expect(meta, test.title).not.to.equal(undefined)
      expect(meta!.state).to.equal(test.state)
      const report = path.join(dir, meta!.folder, "report.html")
      expect(fs.existsSync(report)).to.equal(true)
      expect(test.context).to.deep.equal({ title: "zmq-harness report", value: report })
      expect(test.attachments).to.deep.equal([report])
      if (test.state === "failed") {
        expect(test.artifacts?.report).to.equal(report)
        expect(test.message!.endsWith(`zmq-harness report: ${report}`)).to.equal(true)
      }
    }
    const index = fs.readFileSync(path.join(dir, "index.html"), "utf8")
    expect(index).to.contain('data-failed="5" data-total="7"')
    // Failed first.
    const states = [...index.matchAll(/data-test data-state="(\w+)"/g)].map((m) => m[1])
    expect(states).to.deep.equal([
      "failed",
      "failed",
      "failed",
      "failed",
      "failed",
      "passed",
      "passed",
    ])
  })

  it("says once on stderr when it cannot write, and changes no test's result", async () => {
    const base = tempDir()
    dirs.push(base)
    const blocker = path.join(base, "a-file")
    fs.writeFileSync(blocker, "not a folder")
    const run = await runArtifactsFixture(["second.fixture.ts", "failures.fixture.ts"], {
      env: { ZMQ_HARNESS_ARTIFACTS: path.join(blocker, "artifacts") },
      reporter: "json",
    })
    const { passes, failures } = json(run)
    expect([passes.length, failures.length]).to.deep.equal([2, 5])
    for (const f of failures) expect(f.err.message).not.to.contain("zmq-harness report:")
    const lines = run.stderr
      .split("\n")
      .filter((l) => l.includes("expected to write the artifacts"))
    expect(lines).to.have.length(1)
    expect(lines[0]).to.match(
      /zmq-harness: expected to write the artifacts of ".*" to .*a-file\/artifacts, got ENOTDIR/,
    )
  })

  it("puts an [[ATTACHMENT|path]] line in the failure of JUnit (xunit) reports", async () => {
    const dir = path.join(tempDir(), "artifacts")
    dirs.push(path.dirname(dir))
    const run = await runArtifactsFixture(["second.fixture.ts"], {
      env: { ZMQ_HARNESS_ARTIFACTS: dir },
      reporter: "xunit",
    })
    const report = path.join(dir, "second-artifacts-file-fails-after-a-round-trip", "report.html")
    expect(run.output).to.contain(`[[ATTACHMENT|${report}]]`)
    expect(fs.existsSync(report)).to.equal(true)
  })
})
