import { expect } from "chai"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { TestMeta } from "../../lib/artifacts/meta"
import { mergeArtifacts } from "../../lib/shard/merge"
import { ROOT } from "../helpers/child-mocha"

// merge-artifacts on shard folders made by someone else (a fork's CI job), or left by an
// interrupted merge: issue 20's hostile shards, interrupted merges and re-runs.

const BIN = path.join(ROOT, "bin/zmq-harness.js")

function meta(folder: string, over: Partial<TestMeta> = {}): TestMeta {
  return {
    version: 1,
    title: `shard test ${folder}`,
    state: "failed",
    duration: 12,
    started: new Date(0).toISOString(),
    run: "run-1",
    folder,
    report: "report.html",
    transcript: "transcript.jsonl",
    lanes: [{ name: "req socket", kind: "socket", type: "req", messages: 1, events: 0 }],
    ...over,
  }
}

/** A test folder as a run writes it, with `value` as its meta.json. */
function testFolder(dir: string, value: unknown): string {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify(value))
  fs.writeFileSync(path.join(dir, "report.html"), "<!doctype html><title>r</title>")
  return dir
}

/** Index rows: [folder, state], in page order. */
function indexRows(file: string): string[][] {
  return [
    ...fs
      .readFileSync(file, "utf8")
      .matchAll(/<tr data-test data-state="([^"]+)" data-folder="([^"]+)"/g),
  ].map(([, state, folder]) => [folder, state])
}

/** Runs bin/zmq-harness.js; `onStart` may signal it. Bounded. */
function runBin(
  args: string[],
  options: { cwd: string; whenReady?: (child: ReturnType<typeof spawn>) => void },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  })
  let stdout = ""
  let stderr = ""
  child.stdout.setEncoding("utf8").on("data", (t: string) => (stdout += t))
  child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t))
  options.whenReady?.(child)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`merge-artifacts did not exit in 60 s:\n${stdout}\n${stderr}`))
    }, 60_000)
    child.once("error", reject)
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

describe("merge-artifacts on hostile or interrupted folders", function () {
  this.timeout(120_000)
  let work: string
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-merge-hostile-"))
  })
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }))

  it("skips a test folder whose meta.json does not fit, with one warning naming it, and indexes the rest", async () => {
    const shard = path.join(work, "shard-1")
    testFolder(path.join(shard, "good"), meta("good"))
    testFolder(path.join(shard, "null-lane"), { ...meta("null-lane"), lanes: [null] })
    testFolder(path.join(shard, "number-file"), { ...meta("number-file"), file: 5 })
    testFolder(path.join(shard, "script-duration"), {
      ...meta("script-duration"),
      duration: "<script>alert(1)</script>",
    })
    testFolder(path.join(shard, "report-elsewhere"), {
      ...meta("report-elsewhere"),
      report: "../../../etc/passwd",
    })
    fs.mkdirSync(path.join(shard, "broken"))
    fs.writeFileSync(path.join(shard, "broken", "meta.json"), "{ not json")
    const { code, stdout, stderr } = await runBin(["merge-artifacts", "merged", "shard-1"], {
      cwd: work,
    })
    expect(code, stderr).to.equal(0)
    const lines = stderr.trim().split("\n").sort()
    expect(lines.shift()).to.match(
      /^zmq-harness: "shard-1\/broken": not copied: its meta.json is not one zmq-harness writes \(meta.json is not JSON \(.+\)\)$/,
    )
    expect(lines).to.deep.equal([
      `zmq-harness: "shard-1/null-lane": not copied: its meta.json is not one zmq-harness writes (lanes[0]: expected an object, got null)`,
      `zmq-harness: "shard-1/number-file": not copied: its meta.json is not one zmq-harness writes (file: expected string, got 5)`,
      `zmq-harness: "shard-1/report-elsewhere": not copied: its meta.json is not one zmq-harness writes (report: expected a plain file name of the folder, got "../../../etc/passwd")`,
      `zmq-harness: "shard-1/script-duration": not copied: its meta.json is not one zmq-harness writes (duration: expected number, got "<script>alert(1)</script>")`,
    ])
    expect(stdout).to.match(/^merged 1 entry from 1 folder\(s\) into merged\n/)
    expect(fs.readdirSync(path.join(work, "merged")).sort()).to.deep.equal(["good", "index.html"])
    expect(indexRows(path.join(work, "merged", "index.html"))).to.deep.equal([["good", "failed"]])
  })

  it("escapes control characters of a meta.json that is not JSON in its warning (no terminal escapes)", async () => {
    const shard = path.join(work, "shard-1")
    testFolder(path.join(shard, "good"), meta("good"))
    fs.mkdirSync(path.join(shard, "escapes"))
    fs.writeFileSync(path.join(shard, "escapes", "meta.json"), "\u001b]0;pwned\u0007\u001b[2J")
    const { code, stderr } = await runBin(["merge-artifacts", "merged", "shard-1"], { cwd: work })
    expect(code, stderr).to.equal(0)
    expect(stderr).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f]/)
    expect(stderr).to.match(
      /^zmq-harness: "shard-1\/escapes": not copied: its meta.json is not one zmq-harness writes \(meta.json is not JSON \(.*\\u001b.*\)\)\n$/,
    )
  })

  it("copies no link that leaves its folder, keeps one inside it as a relative link, and says what it left out", async () => {
    const shard = path.join(work, "shard-1")
    const dir = testFolder(path.join(shard, "linked"), meta("linked"))
    fs.mkdirSync(path.join(dir, "sub"))
    fs.writeFileSync(path.join(dir, "sub", "data.txt"), "inside")
    fs.symlinkSync("/etc/passwd", path.join(dir, "passwd"))
    fs.symlinkSync("../../outside.txt", path.join(dir, "up"))
    fs.writeFileSync(path.join(work, "outside.txt"), "secret")
    fs.symlinkSync("no-such-file", path.join(dir, "dangling"))
    fs.symlinkSync("report.html", path.join(dir, "alias.html"))
    fs.symlinkSync(path.join(dir, "sub", "data.txt"), path.join(dir, "absolute-inside"))
    fs.symlinkSync("../report.html", path.join(dir, "sub", "back.html"))
    fs.symlinkSync("/etc", path.join(shard, "etc")) // an entry of the shard that is a link
    const out = path.join(work, "merged")
    const result = await mergeArtifacts(out, [shard])
    const copy = path.join(out, "linked")
    expect(fs.readlinkSync(path.join(copy, "alias.html"))).to.equal("report.html")
    expect(fs.readlinkSync(path.join(copy, "absolute-inside"))).to.equal("sub/data.txt")
    expect(fs.readlinkSync(path.join(copy, "sub", "back.html"))).to.equal("../report.html")
    expect(fs.readFileSync(path.join(copy, "absolute-inside"), "utf8")).to.equal("inside")
    for (const name of ["passwd", "up", "dangling"])
      expect(fs.existsSync(path.join(copy, name)) || isLink(path.join(copy, name)), name).to.equal(
        false,
      )
    expect(fs.existsSync(path.join(out, "etc"))).to.equal(false)
    expect(result.skipped.map((s) => [path.relative(work, s.path), s.reason])).to.deep.equal([
      ["shard-1/etc", "a link: not copied (links are copied only inside a test's folder)"],
      [
        "shard-1/linked",
        "copied without 3 item(s) that may not be copied: dangling: a link to nothing (→ no-such-file); " +
          "passwd: a link out of its folder (→ /etc/passwd); up: a link out of its folder (→ ../../outside.txt)",
      ],
    ])
  })

  it("removes the temporary folders of merges that died, not those of a merge still running, and lists none", async () => {
    const shard = path.join(work, "shard-1")
    testFolder(path.join(shard, "a-test"), meta("a-test"))
    const out = path.join(work, "merged")
    const dead = path.join(out, `.zmq-harness-merging-999999999-${Date.now().toString(36)}-1`)
    const deadOld = path.join(out, ".a-test.merging-999999999") // as 0.1.0 named them
    const running = path.join(
      out,
      `.zmq-harness-merging-${process.pid}-${Date.now().toString(36)}-1`,
    )
    for (const half of [dead, deadOld, running])
      testFolder(half, meta("half", { title: "half-copied" }))
    const result = await mergeArtifacts(out, [shard])
    expect(fs.existsSync(dead)).to.equal(false)
    expect(fs.existsSync(deadOld)).to.equal(false)
    expect(fs.existsSync(running)).to.equal(true)
    expect(result.copied).to.equal(1)
    expect(indexRows(result.index)).to.deep.equal([["a-test", "failed"]])
  })

  it("copies nothing twice when run again over the same folders", async () => {
    const one = path.join(work, "shard-1")
    const two = path.join(work, "shard-2")
    testFolder(path.join(one, "a-test"), meta("a-test", { title: "a in one" }))
    testFolder(path.join(two, "a-test"), meta("a-test", { title: "a in two" }))
    fs.writeFileSync(path.join(two, "notes.txt"), "n")
    const out = path.join(work, "merged")
    const first = await mergeArtifacts(out, [one, two])
    expect([first.copied, first.unchanged]).to.deep.equal([3, 0])
    const listed = fs.readdirSync(out).sort()
    const again = await mergeArtifacts(out, [one, two])
    expect([again.copied, again.unchanged, again.renamed]).to.deep.equal([0, 3, []])
    expect(fs.readdirSync(out).sort()).to.deep.equal(listed)
    expect(indexRows(again.index)).to.deep.equal([
      ["a-test", "failed"],
      ["a-test-2", "failed"],
    ])
  })

  it("leaves no half-copied folder when SIGINT stops it in the middle of a large input, and ends by the signal", async () => {
    const shard = path.join(work, "shard-1")
    const big = testFolder(path.join(shard, "a-big-test"), meta("a-big-test"))
    const chunk = Buffer.alloc(1024, "x")
    fs.mkdirSync(path.join(big, "many"))
    for (let i = 0; i < 10_000; i++) fs.writeFileSync(path.join(big, "many", `f${i}`), chunk)
    testFolder(path.join(shard, "b-test"), meta("b-test"))
    const out = path.join(work, "merged")
    fs.mkdirSync(out)
    const run = await runBin(["merge-artifacts", "merged", "shard-1"], {
      cwd: work,
      whenReady: (child) => {
        // SIGINT as soon as the first entry's temporary folder appears: mid-copy.
        const watcher = fs.watch(out, () => {
          if (fs.readdirSync(out).some((n) => n.startsWith(".zmq-harness-merging-"))) {
            watcher.close()
            child.kill("SIGINT")
          }
        })
        child.once("close", () => watcher.close())
      },
    })
    expect(run.signal, run.stdout + run.stderr).to.equal("SIGINT")
    expect(run.stderr).to.match(
      /^zmq-harness: expected the merge into ".*merged" to finish, got it interrupted \(SIGINT\) while copying ".*a-big-test"\. What was copied before is complete and no half-copied folder is left; run the same merge again to finish it\.\n$/,
    )
    expect(fs.readdirSync(out)).to.deep.equal([])
    // And the same merge again finishes it.
    const again = await runBin(["merge-artifacts", "merged", "shard-1"], { cwd: work })
    expect(again.code, again.stderr).to.equal(0)
    expect(indexRows(path.join(out, "index.html")).map(([f]) => f)).to.deep.equal([
      "a-big-test",
      "b-test",
    ])
    expect(fs.readdirSync(path.join(out, "a-big-test", "many"))).to.have.length(10_000)
  })
})

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}
