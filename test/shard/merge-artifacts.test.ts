import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { MergeArtifactsError } from "../../lib"
import { runCli } from "../../lib/shard/cli"
import { mergeArtifacts } from "../../lib/shard/merge"
import { rejection } from "../helpers/rejection"

/** Writes a tree of files ({ "a/meta.json": "{}" }) under `dir`. */
function tree(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

/** A valid meta.json whose title is `title` (each test of these shards is its own test). */
function m(title: string): string {
  return JSON.stringify({
    version: 1,
    title,
    state: "failed",
    duration: 1,
    started: new Date(0).toISOString(),
    run: "run-1",
    folder: "a-test",
    report: "report.html",
    transcript: "transcript.jsonl",
    lanes: [],
  })
}

/** Every file under `dir`, relative, sorted, with its text. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, name)
    if (fs.statSync(full).isFile())
      out[name.split(path.sep).join("/")] = fs.readFileSync(full, "utf8")
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)))
}

describe("merge-artifacts (folders)", () => {
  let work: string
  // A stand-in for the run index: lists the folders it finds, so the test sees what it was given.
  const rebuildIndex = (dir: string) => {
    const names = fs
      .readdirSync(dir)
      .filter((n) => n !== "index.html")
      .sort()
    fs.writeFileSync(path.join(dir, "index.html"), names.join("\n"))
    return path.join(dir, "index.html")
  }
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-merge-"))
  })
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }))

  it("copies every test folder of every shard, renames clashes with -2, -3, and rebuilds the index", async () => {
    const one = tree(path.join(work, "shard-1"), {
      "index.html": "shard 1 index",
      "a-test/meta.json": m("a1"),
      "a-test/report.html": "r a1",
      "b-test/meta.json": m("b1"),
    })
    const two = tree(path.join(work, "shard-2"), {
      "index.html": "shard 2 index",
      "a-test/meta.json": m("a2"),
      "c-test/meta.json": m("c2"),
      "notes.txt": "n2",
    })
    const three = tree(path.join(work, "shard-3"), {
      "a-test/meta.json": m("a3"),
      "notes.txt": "n3",
    })
    const out = path.join(work, "merged")
    const result = await mergeArtifacts(out, [one, two, three], { rebuildIndex })
    expect(result).to.deep.equal({
      out,
      copied: 7,
      renamed: [
        { from: path.join(two, "a-test"), to: "a-test-2" },
        { from: path.join(three, "a-test"), to: "a-test-3" },
        { from: path.join(three, "notes.txt"), to: "notes-2.txt" },
      ],
      unchanged: 0,
      skipped: [],
      index: path.join(out, "index.html"),
    })
    expect(contents(out)).to.deep.equal({
      "a-test-2/meta.json": m("a2"),
      "a-test-3/meta.json": m("a3"),
      "a-test/meta.json": m("a1"),
      "a-test/report.html": "r a1",
      "b-test/meta.json": m("b1"),
      "c-test/meta.json": m("c2"),
      "index.html": "a-test\na-test-2\na-test-3\nb-test\nc-test\nnotes-2.txt\nnotes.txt",
      "notes-2.txt": "n3",
      "notes.txt": "n2",
    })
  })

  it("keeps what the output folder already holds, and skips it when it is also an input", async () => {
    const out = tree(path.join(work, "merged"), {
      "a-test/meta.json": m("kept"),
      "index.html": "old",
    })
    const two = tree(path.join(work, "shard-2"), { "a-test/meta.json": m("a2") })
    const result = await mergeArtifacts(out, [out, two], { rebuildIndex })
    expect(result.renamed).to.deep.equal([{ from: path.join(two, "a-test"), to: "a-test-2" }])
    expect(contents(out)).to.deep.equal({
      "a-test-2/meta.json": m("a2"),
      "a-test/meta.json": m("kept"),
      "index.html": "a-test\na-test-2",
    })
  })

  it("refuses a file as input, an output inside an input (also through a link), before writing anything", async () => {
    const one = tree(path.join(work, "shard-1"), { "a-test/meta.json": m("a1"), "file.txt": "x" })
    const out = path.join(work, "merged")
    fs.symlinkSync(path.join(one, "a-test"), path.join(work, "sneaky"))
    for (const [inputs, output, says] of [
      [
        [path.join(one, "file.txt")],
        out,
        `expected ${JSON.stringify(path.join(one, "file.txt"))} to be an artifacts folder, got a file.`,
      ],
      [
        [one],
        path.join(one, "merged"),
        `expected the output folder outside the inputs, got ${JSON.stringify(path.join(one, "merged"))} inside ${JSON.stringify(one)}`,
      ],
      [
        [one],
        path.join(work, "sneaky"),
        `expected the output folder outside the inputs, got ${JSON.stringify(path.join(work, "sneaky"))} (which leads to ${JSON.stringify(path.join(one, "a-test"))}) inside ${JSON.stringify(one)}`,
      ],
      [[], out, "expected at least one artifacts folder to merge, got none."],
    ] as const) {
      const err = await rejection(() => mergeArtifacts(output, inputs, { rebuildIndex }))
      expect(err).to.be.instanceOf(MergeArtifactsError)
      expect(err.code).to.equal("ERR_ZMQH_MERGE_ARTIFACTS")
      expect(err.message).to.include(`zmq-harness: ${says}`)
    }
    expect(fs.existsSync(out)).to.equal(false)
    expect(fs.existsSync(path.join(one, "merged"))).to.equal(false)
    expect(fs.readdirSync(path.join(one, "a-test"))).to.deep.equal(["meta.json"])
  })

  it("takes an input that does not exist for a shard with nothing to report", async () => {
    const one = tree(path.join(work, "shard-1"), { "a-test/meta.json": m("a1") })
    const out = path.join(work, "merged")
    const missing = path.join(work, "shard-2")
    const result = await mergeArtifacts(out, [one, missing], { rebuildIndex })
    expect(result.copied).to.equal(1)
    expect(result.skipped).to.deep.equal([
      {
        path: missing,
        reason:
          "does not exist: a shard with nothing to report (CI uploads no folder when no test failed)",
      },
    ])
  })
})

describe("zmq-harness command", () => {
  function io() {
    const out = { stdout: "", stderr: "" }
    return {
      out,
      io: {
        stdout: { write: (t: string) => (out.stdout += t) },
        stderr: { write: (t: string) => (out.stderr += t) },
        rebuildIndex: (dir: string) => path.join(dir, "index.html"),
      },
    }
  }

  it("prints the usage and exits with 2 on a usage mistake, with a hint for a misspelt command", async () => {
    const a = io()
    expect(await runCli([], a.io)).to.equal(2)
    expect(a.out.stderr).to.match(/^Usage: zmq-harness merge-artifacts <out> <dir>\.\.\./)
    const b = io()
    expect(await runCli(["merge-artifact", "x", "y"], b.io)).to.equal(2)
    expect(b.out.stderr).to.match(
      /^zmq-harness: expected a command \(merge-artifacts\), got "merge-artifact"\. Perhaps you meant merge-artifacts\?\n\nUsage:/,
    )
    const c = io()
    expect(await runCli(["merge-artifacts", "out"], c.io)).to.equal(2)
    expect(c.out.stderr).to.match(/got only "out"\./)
    const d = io()
    expect(await runCli(["merge-artifacts", "--force", "out", "in"], d.io)).to.equal(2)
    expect(d.out.stderr).to.match(/got the option --force, which merge-artifacts does not take\./)
    const e = io()
    expect(await runCli(["merge-artifacts", "--help"], e.io)).to.equal(0)
    expect(e.out.stdout).to.match(/^Usage:/)
  })

  it("prints a merge's error and exits with 1", async () => {
    const a = io()
    const file = path.join(os.tmpdir(), `zmq-harness-not-a-dir-${process.pid}`)
    fs.writeFileSync(file, "x")
    try {
      expect(await runCli(["merge-artifacts", "out", file], a.io)).to.equal(1)
    } finally {
      fs.rmSync(file, { force: true })
    }
    expect(a.out.stderr).to.equal(
      `zmq-harness: expected ${JSON.stringify(file)} to be an artifacts folder, got a file. ` +
        "Give the folders that ZMQ_HARNESS_ARTIFACTS pointed at on each shard (downloaded from CI).\n",
    )
  })

  it("exits with 0 when a shard had nothing to report (no folder), saying so on stderr", async () => {
    const a = io()
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-merge-cli-"))
    try {
      const missing = path.join(work, "shard-2")
      expect(await runCli(["merge-artifacts", path.join(work, "out"), missing], a.io)).to.equal(0)
      expect(a.out.stderr).to.equal(
        `zmq-harness: ${JSON.stringify(missing)}: does not exist: a shard with nothing to report (CI uploads no folder when no test failed)\n`,
      )
      expect(a.out.stdout).to.match(/^merged 0 entries from 1 folder\(s\) into /)
    } finally {
      fs.rmSync(work, { recursive: true, force: true })
    }
  })
})
