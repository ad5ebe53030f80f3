import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { claimFolder, folderName, MAX_NAME, RUN_FILE } from "../../lib/artifacts/folder"
import { readTestMetas, renderIndex, writeIndex } from "../../lib/artifacts/index-page"
import {
  addToRunList,
  readRunList,
  RUNS_FOLDER,
  writeRunIndex,
} from "../../lib/artifacts/run-index"
import { execFileSync } from "node:child_process"
import type { TestMeta } from "../../lib/artifacts/meta"
import { parseDocument, DomUtils } from "htmlparser2"

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-artifacts-"))
}

function meta(folder: string, over: Partial<TestMeta> = {}): TestMeta {
  return {
    version: 1,
    title: folder.replace(/-/g, " "),
    state: "passed",
    duration: 5,
    started: new Date(0).toISOString(),
    run: "run-1",
    folder,
    report: "report.html",
    transcript: "transcript.jsonl",
    lanes: [{ name: "req socket", kind: "socket", type: "req", messages: 2, events: 0 }],
    ...over,
  }
}

function writeMeta(root: string, m: TestMeta): void {
  fs.mkdirSync(path.join(root, m.folder), { recursive: true })
  fs.writeFileSync(path.join(root, m.folder, "meta.json"), JSON.stringify(m))
}

describe("artifacts: folders", () => {
  const made: string[] = []
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  it("names a folder after the test's full title, with safe characters only, bounded", () => {
    expect(folderName("PongProc @process answers ping")).to.equal("PongProc-process-answers-ping")
    expect(folderName("../../etc/passwd")).to.equal("etc-passwd")
    expect(folderName("café: naïve / ü")).to.equal("cafe-naive-u")
    expect(folderName("🙂")).to.equal("test")
    const long = folderName("x ".repeat(500))
    expect(long.length).to.be.at.most(MAX_NAME)
    expect(long).to.match(/^[A-Za-z0-9._-]+$/)
  })

  it("gives two tests of one title in one run two folders, and replaces an earlier run's", async () => {
    const root = tempDir()
    made.push(root)
    expect(await claimFolder(root, "t", "run-1")).to.equal(path.join(root, "t"))
    fs.writeFileSync(path.join(root, "t", "old.txt"), "old")
    expect(await claimFolder(root, "t", "run-1")).to.equal(path.join(root, "t-2"))
    expect(await claimFolder(root, "t", "run-2")).to.equal(path.join(root, "t"))
    expect(fs.existsSync(path.join(root, "t", "old.txt"))).to.equal(false)
    expect(fs.readFileSync(path.join(root, "t", RUN_FILE), "utf8")).to.equal("run-2\n")
  })

  it("never replaces the folder of a run still going (two runs at once): takes the next name", async () => {
    const root = tempDir()
    made.push(root)
    // The run of this very process (`<pid>-<time>-…`): it runs.
    const running = `${process.pid}-${Date.now().toString(36)}-aaaaaa`
    expect(await claimFolder(root, "t", running)).to.equal(path.join(root, "t"))
    fs.writeFileSync(path.join(root, "t", "mine.txt"), "A's")
    expect(await claimFolder(root, "t", "another-run")).to.equal(path.join(root, "t-2"))
    expect(fs.readFileSync(path.join(root, "t", "mine.txt"), "utf8")).to.equal("A's")
    // A run whose pid is no process any more is over: its folder is replaced.
    const over = `999999999-${Date.now().toString(36)}-bbbbbb`
    expect(await claimFolder(root, "u", over)).to.equal(path.join(root, "u"))
    expect(await claimFolder(root, "u", running)).to.equal(path.join(root, "u"))
    // Replaced through a hidden name, none left behind.
    expect(fs.readdirSync(root).sort()).to.deep.equal(["t", "t-2", "u"])
  })

  it("never replaces a folder the harness did not make", async () => {
    const root = tempDir()
    made.push(root)
    fs.mkdirSync(path.join(root, "lib"))
    fs.writeFileSync(path.join(root, "lib", "keep.ts"), "mine")
    expect(await claimFolder(root, "lib", "run-1")).to.equal(path.join(root, "lib-2"))
    expect(fs.readFileSync(path.join(root, "lib", "keep.ts"), "utf8")).to.equal("mine")
  })
})

describe("artifacts: the run index", () => {
  const made: string[] = []
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  it("lists every test folder's meta.json, failed first, linking each report", async () => {
    const root = tempDir()
    made.push(root)
    writeMeta(root, meta("a-passes"))
    writeMeta(root, meta("b-fails", { state: "failed", error: "zmq-harness: boom\nmore" }))
    writeMeta(root, meta("c-fails", { state: "failed" }))
    fs.mkdirSync(path.join(root, "not-a-test"))
    fs.mkdirSync(path.join(root, "half-written"))
    fs.writeFileSync(path.join(root, "half-written", "meta.json"), '{"version":1,')

    const { file, tests } = await writeIndex(root)
    expect(file).to.equal(path.join(root, "index.html"))
    expect(tests.map((t) => t.folder)).to.deep.equal(["b-fails", "c-fails", "a-passes"])
    const doc = parseDocument(fs.readFileSync(file, "utf8"))
    const rows = DomUtils.findAll((e) => e.attribs["data-test"] !== undefined, doc.children)
    expect(rows.map((r) => [r.attribs["data-folder"], r.attribs["data-state"]])).to.deep.equal([
      ["b-fails", "failed"],
      ["c-fails", "failed"],
      ["a-passes", "passed"],
    ])
    const links = DomUtils.findAll((e) => e.name === "a", doc.children).map((a) => a.attribs.href)
    expect(links).to.deep.equal([
      "b-fails/report.html",
      "c-fails/report.html",
      "a-passes/report.html",
    ])
    const summary = DomUtils.findAll((e) => e.attribs.id === "summary", doc.children)[0]
    expect(summary.attribs).to.deep.include({ "data-failed": "2", "data-total": "3" })
    expect(fs.readdirSync(root).filter((f) => f.endsWith(".tmp"))).to.deep.equal([])
  })

  it("lists only one run's tests when asked, and takes a folder's name from where it is now", async () => {
    const root = tempDir()
    made.push(root)
    writeMeta(root, meta("mine", { run: "run-2" }))
    writeMeta(root, meta("old", { run: "run-1" }))
    writeMeta(root, { ...meta("moved", { run: "run-2" }), folder: "moved" })
    fs.renameSync(path.join(root, "moved"), path.join(root, "moved-2"))
    const tests = await readTestMetas(root, { run: "run-2" })
    expect(tests.map((t) => t.folder)).to.deep.equal(["mine", "moved-2"])
  })

  it("reads each meta.json once when given a cache (a worker rebuilding after each file)", async () => {
    const root = tempDir()
    made.push(root)
    writeMeta(root, meta("first"))
    const cache = new Map<string, TestMeta>()
    expect((await readTestMetas(root, { cache })).map((t) => t.folder)).to.deep.equal(["first"])
    // Gone from the disk, still known; a new folder is read.
    fs.rmSync(path.join(root, "first", "meta.json"))
    writeMeta(root, meta("second"))
    expect((await readTestMetas(root, { cache })).map((t) => t.folder)).to.deep.equal([
      "first",
      "second",
    ])
    expect([...cache.keys()]).to.deep.equal(["first", "second"])
  })

  it("skips hidden folders and, told why, folders whose meta.json does not fit", async () => {
    const root = tempDir()
    made.push(root)
    writeMeta(root, meta("good"))
    writeMeta(root, meta(".x.merging-1-abc"))
    for (const [folder, value] of [
      ["null-lane", { ...meta("null-lane"), lanes: [null] }],
      ["number-file", { ...meta("number-file"), file: 5 }],
      ["script-duration", { ...meta("script-duration"), duration: "<script>x()</script>" }],
    ] as const) {
      fs.mkdirSync(path.join(root, folder))
      fs.writeFileSync(path.join(root, folder, "meta.json"), JSON.stringify(value))
    }
    const skipped: string[] = []
    const tests = await readTestMetas(root, { skipped: (f, why) => skipped.push(`${f}: ${why}`) })
    expect(tests.map((t) => t.folder)).to.deep.equal(["good"])
    expect(skipped.sort()).to.deep.equal([
      "null-lane: lanes[0]: expected an object, got null",
      "number-file: file: expected string, got 5",
      'script-duration: duration: expected number, got "<script>x()</script>"',
    ])
  })

  it("keeps a run's index from the run's own list, reading no test folder", async () => {
    const root = tempDir()
    made.push(root)
    // A folder that would stop any reader: a FIFO where its meta.json should be.
    fs.mkdirSync(path.join(root, "earlier"))
    execFileSync("mkfifo", [path.join(root, "earlier", "meta.json")])
    await addToRunList(root, "run-9", meta("b", { run: "run-9" }))
    await addToRunList(root, "run-9", meta("a", { run: "run-9", state: "failed" }))
    await addToRunList(root, "run-8", meta("other", { run: "run-8" }))
    fs.appendFileSync(path.join(root, RUNS_FOLDER, "run-9.jsonl"), '{"torn":')
    const file = await writeRunIndex(root, "run-9")
    const html = fs.readFileSync(file, "utf8")
    expect([...html.matchAll(/data-folder="([^"]+)"/g)].map((m) => m[1])).to.deep.equal(["a", "b"])
    expect((await readRunList(root, "run-9")).tests.map((t) => t.folder)).to.deep.equal(["a", "b"])
  })

  it("escapes what titles and errors hold", () => {
    const html = renderIndex([
      meta("x", { title: "<img src=x onerror=alert(1)>", state: "failed", error: "</td><script>" }),
    ])
    expect(html).not.to.contain("<img")
    expect(html).not.to.contain("<script>")
    expect(html).to.contain("&lt;img src=x onerror=alert(1)&gt;")
  })

  it("escapes every value, also those a checked meta.json could not hold (state, duration)", () => {
    const evil = "<b id=evil>"
    const html = renderIndex([
      {
        ...meta(evil, { title: evil, file: evil, error: evil, notices: [evil], run: evil }),
        state: evil as never,
        duration: evil as never,
        lanes: [{ name: evil, kind: evil, messages: 1, events: 0 }],
      },
    ])
    expect(html).not.to.contain("<b ")
    expect(html.match(/&lt;b id=evil&gt;/g)!.length).to.be.at.least(6)
  })
})
