import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import type { Browser, Page } from "puppeteer-core"
import { ROOT } from "../helpers/child-mocha"
import { runShard } from "../shard/run-shard"
import { findChromium, keepScreenshot, launch, watch, type PageProblems } from "./chromium"

// report.html of real runs where something went wrong on the way (a link dropped or duplicated a
// message, a mock peer or a replay got a request it did not expect), opened from disk in headless
// Chromium and checked against the test's own transcript.jsonl: every mark drawn where it
// happened, one lane per endpoint, the diagram as wide as the window, lane names whole, and the
// failed wait linked to its line in the test.

const FIXTURE = path.join(ROOT, "test/fixtures/browser/marks.fixture.ts")
const VIEWPORT = { width: 1280, height: 720 }

/** One line of transcript.jsonl (the fields these checks read). */
interface Line {
  lane: string
  kind: string
  endpoint?: string
  direction: "sent" | "received" | "upstream" | "downstream" | "event"
  event?: string
  mark?: string
  frames?: unknown[]
}

/** What the page shows, read in one go. */
interface Shown {
  viewport: number
  heads: {
    index: number
    kind: string
    name: string
    title: string
    /** The name and endpoint the head shows. */
    shown: string
    /** The name fits its head: nothing cut or hidden. */
    whole: boolean
  }[]
  lifelines: number[]
  rowsWidth: number
  arrows: {
    from: number
    to: number
    via: number[]
    lines: number[]
    mark?: string
    tag?: { text: string; visible: boolean }
    shaft: { colour: string; style: string; left: number; right: number }
  }[]
  legend: string[]
  source?: { text: string; href: string }
  failedLink?: { text: string; href: string }
  ink: string
}

function readShown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    // Runs in the page: DOM names, which this project's Node typings do not have.
    const dom = globalThis as any
    const doc = dom.document
    const all = (sel: string): any[] => Array.from(doc.querySelectorAll(sel))
    const style = (el: any) => dom.getComputedStyle(el)
    const link = (a: any) => (a ? { text: a.textContent, href: a.href } : undefined)
    return {
      viewport: doc.documentElement.clientWidth,
      heads: all(".head[data-lane]").map((h) => {
        const parts: any[] = Array.from(h.querySelectorAll(".name, .where"))
        const head = h.getBoundingClientRect()
        return {
          index: Number(h.dataset.lane),
          kind: h.dataset.kind,
          name: h.dataset.name,
          title: h.title,
          shown: parts.map((p) => p.textContent).join(" "),
          whole:
            parts.length > 0 &&
            parts.every(
              (p) =>
                p.scrollWidth <= p.clientWidth + 1 &&
                p.scrollHeight <= p.clientHeight + 1 &&
                style(p).textOverflow !== "ellipsis" &&
                p.getBoundingClientRect().bottom <= head.bottom &&
                p.getBoundingClientRect().right <= head.right + 1,
            ),
        }
      }),
      lifelines: all(".lifeline").map((l) => l.getBoundingClientRect().left),
      rowsWidth: doc.getElementById("rows").getBoundingClientRect().width,
      arrows: all(".row[data-arrow]").map((a) => {
        const shaft = a.querySelector(".shaft")
        const box = shaft.getBoundingClientRect()
        const tag = a.querySelector(".tag")
        return {
          from: Number(a.dataset.from),
          to: Number(a.dataset.to),
          via: (a.dataset.via ?? "").split(" ").filter(Boolean).map(Number),
          lines: a.dataset.lines.split(" ").map(Number),
          mark: a.dataset.mark,
          tag: tag && {
            text: tag.textContent,
            visible: tag.getBoundingClientRect().width > 0 && style(tag).visibility !== "hidden",
          },
          shaft: {
            colour: style(shaft).borderTopColor,
            style: style(shaft).borderTopStyle,
            left: box.left,
            right: box.right,
          },
        }
      }),
      legend: all("#legend li[data-mark]").map((li) => li.dataset.mark),
      source: link(doc.getElementById("source")),
      failedLink: link(doc.querySelector("[data-failed] a.src")),
      ink: style(doc.body).color,
    }
  })
}

/** The report's folder of each test, and what the checks expect of it. */
interface Case {
  title: string
  /** The marks transcript.jsonl must have (each drawn on its arrow). */
  marks: string[]
  failed: boolean
}

const CASES: Case[] = [
  {
    title: "marks fixture loses a request on a link that drops it",
    marks: ["dropped"],
    failed: true,
  },
  {
    title: "marks fixture sends a peer a request no expectation matches",
    marks: ["unmatched"],
    failed: true,
  },
  {
    title: "marks fixture sends a replay a request it has no recording of",
    marks: ["unmatched"],
    failed: true,
  },
  {
    title: "marks fixture gets every message twice through a link that duplicates them",
    marks: ["duplicated"],
    failed: false,
  },
]

/** The 1-based line of the fixture's wait that fails the test titled `title` (`// failed wait`). */
function failedWaitLine(title: string): number {
  const source = fs.readFileSync(FIXTURE, "utf8").split("\n")
  const it = source.findIndex((l) => l.includes(`it("${title.replace("marks fixture ", "")}"`))
  expect(it, title).to.be.above(-1)
  const wait = source.findIndex((l, i) => i > it && l.includes("// failed wait"))
  expect(wait, title).to.be.above(it)
  return wait + 1
}

describe("report.html marks in headless Chromium", function () {
  this.timeout(180000)
  let browser: Browser | undefined
  let artifacts: string
  const folders = new Map<string, string>()

  before(async function () {
    const chromium = findChromium()
    if ("missing" in chromium) {
      process.stdout.write(`      browser tests skipped: ${chromium.missing}\n`)
      this.skip()
    }
    artifacts = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-marks-"))
    const run = await runShard({
      files: [FIXTURE],
      env: { ZMQ_HARNESS_ARTIFACTS: artifacts, ZMQ_HARNESS_ARTIFACTS_WHEN: "always" },
    })
    expect(run.failures, run.stderr).to.have.length(3)
    for (const entry of fs.readdirSync(artifacts, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue
      const dir = path.join(artifacts, entry.name)
      const { title } = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"))
      folders.set(title, dir)
    }
    browser = await launch(chromium.path)
  })

  after(async () => {
    await browser?.close()
    if (artifacts) fs.rmSync(artifacts, { recursive: true, force: true })
  })

  for (const c of CASES) {
    describe(c.title.replace("marks fixture ", "the report of a test that "), () => {
      let page: Page
      let problems: PageProblems
      let lines: Line[]
      let shown: Shown
      before(async () => {
        const dir = folders.get(c.title)
        expect(dir, `a folder for "${c.title}" in ${[...folders.keys()].join(", ")}`).to.be.a(
          "string",
        )
        lines = fs
          .readFileSync(path.join(dir!, "transcript.jsonl"), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Line)
        page = await browser!.newPage()
        await page.setViewport(VIEWPORT)
        problems = await watch(page)
        await page.goto(pathToFileURL(path.join(dir!, "report.html")).href, { timeout: 30000 })
        await page.waitForSelector('#report[data-ready="true"]', { timeout: 30000 })
        shown = await readShown(page)
      })
      after(() => page?.close())

      it("draws each marked line of transcript.jsonl on its arrow, styled, tagged and in the legend", () => {
        const marked = lines.flatMap((l, i) => (l.mark ? [{ i, mark: l.mark }] : []))
        expect(marked.map((m) => m.mark)).to.include.members(c.marks)
        for (const { i, mark } of marked) {
          const arrow = shown.arrows.find((a) => a.lines.includes(i))
          expect(arrow, `an arrow for line ${i}`).to.not.equal(undefined)
          expect(arrow!.mark).to.equal(mark)
          expect(arrow!.tag?.visible, "its tag is shown").to.equal(true)
          expect(arrow!.tag!.text).to.include(mark)
          // Not the ink of an ordinary arrow.
          expect(arrow!.shaft.colour).to.not.equal(shown.ink)
          if (mark === "dropped") expect(arrow!.shaft.style).to.equal("dashed")
          if (mark === "duplicated") expect(arrow!.shaft.style).to.equal("double")
        }
        const unmarked = shown.arrows.filter((a) => !a.lines.some((i) => lines[i].mark))
        for (const arrow of unmarked) {
          // The second copy of a duplicated message: its link's line is drawn with the first.
          if (arrow.mark === "duplicated" && arrow.via.length > 0) continue
          expect(arrow.mark).to.equal(undefined)
        }
        if (c.marks.includes("duplicated"))
          expect(shown.arrows.filter((a) => a.mark === "duplicated")).to.have.length(2)
        expect(shown.legend).to.have.members([...new Set(marked.map((m) => m.mark))])
      })

      it("has one lane per endpoint: the test's resources, none for a peer's own socket, none outside", () => {
        const names = [...new Set(lines.map((l) => l.lane))]
        expect(shown.heads.map((h) => h.name)).to.have.members(names)
        expect(shown.heads.filter((h) => h.kind === "outside")).to.deep.equal([])
        const byEndpoint = new Map<string, string[]>()
        for (const l of lines) {
          if (!l.endpoint || l.kind === "link") continue
          const lanes = byEndpoint.get(l.endpoint) ?? []
          if (!lanes.includes(l.lane)) lanes.push(l.lane)
          byEndpoint.set(l.endpoint, lanes)
        }
        // Two lanes may share an endpoint only as its two ends (a bind and a connect).
        for (const [endpoint, lanes] of byEndpoint) expect(lanes, endpoint).to.have.length.below(3)
        // No message starts or ends at the test's own lane: links and peers are lanes of their own.
        for (const arrow of shown.arrows) expect([arrow.from, arrow.to]).to.not.include(0)
      })

      it("draws every message between the lanes of its lines: a sender, the links it crossed, a receiver", () => {
        const name = (lane: number) => shown.heads[lane].name
        const messages = lines.flatMap((l, i) => (l.frames ? [i] : []))
        const covered = shown.arrows.flatMap((a) => a.lines).sort((a, b) => a - b)
        expect(covered, "every message line in exactly one arrow").to.deep.equal(messages)
        for (const arrow of shown.arrows) {
          for (const i of arrow.lines) {
            const line = lines[i]
            if (line.direction === "sent") expect(line.lane).to.equal(name(arrow.from))
            else if (line.direction === "received") expect(line.lane).to.equal(name(arrow.to))
            // A link's line: the link is on the way, or where the message ended (dropped).
            else expect([...arrow.via, arrow.to].map(name)).to.include(line.lane)
          }
          if (arrow.mark === "dropped") {
            expect(shown.heads[arrow.to].kind, "a dropped message ends at its link").to.equal(
              "link",
            )
          }
        }
      })

      it("spreads the lanes over the window's width and shows each lane's whole name", () => {
        expect(shown.rowsWidth).to.be.at.least(shown.viewport - 2)
        const lanes = shown.lifelines.length
        const last = shown.lifelines[lanes - 1]
        // The last lane's centre is half a lane from the right edge, not half the page away.
        const lane = (shown.viewport - 96) / lanes
        expect(last).to.be.closeTo(shown.viewport - lane / 2, 2)
        for (const head of shown.heads) {
          expect(head.whole, `the name of lane ${head.index} is whole`).to.equal(true)
          expect(head.title.split("\n")[0]).to.equal(head.name)
          // All of the name, but the kind its head says above it (`req socket "client" (…)`).
          expect(head.name.endsWith(head.shown), head.shown).to.equal(true)
        }
      })

      if (c.failed)
        it("links the failure to the test's own line", () => {
          const line = failedWaitLine(c.title)
          expect(shown.source?.text).to.match(
            new RegExp(`^test/fixtures/browser/marks\\.fixture\\.ts:${line}:\\d+$`),
          )
          expect(shown.source?.href).to.equal(pathToFileURL(FIXTURE).href)
          expect(shown.failedLink?.text).to.equal(`marks.fixture.ts:${line}`)
        })
      else
        it("has no failure to link to", () => {
          expect(shown.source).to.equal(undefined)
          expect(shown.failedLink).to.equal(undefined)
        })

      it("logs no console error or page error, and requests nothing but file: and data:", async () => {
        expect(problems).to.deep.equal({ console: [], errors: [], network: [] })
        const name = c.title.replace("marks fixture ", "").split(" ").slice(0, 4).join("-")
        keepScreenshot(`marks-${name}.png`, await page.screenshot({ type: "png", fullPage: true }))
      })
    })
  }
})
