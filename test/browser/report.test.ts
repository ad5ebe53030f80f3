import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import type { Browser, Page } from "puppeteer-core"
import { ROOT } from "../helpers/child-mocha"
import { runShard, type ShardRun } from "../shard/run-shard"
import {
  findChromium,
  keepScreenshot,
  launch,
  measurePng,
  watch,
  type PageProblems,
} from "./chromium"

// report.html of real failing runs, opened from disk in headless Chromium: one child Mocha run
// of test/fixtures/browser (a crash, a timeout, a 1,000-message burst) with artifacts on, and one
// browser for the whole file. The element hooks are those of lib/artifacts/report-page.ts.

const FIXTURE = path.join(ROOT, "test/fixtures/browser/reports.fixture.ts")
// Wide enough for a 3-lane diagram beside the frames panel (560 px) that a click opens.
const VIEWPORT = { width: 1280, height: 720 }
/** `UPDATE_DOCS_SCREENSHOT=1` also writes the crash report's screenshot to docs (docs/reports.md shows it). */
const DOCS_SCREENSHOT = path.join(ROOT, "docs/images/report.png")

/** One line of transcript.jsonl (the fields these checks read). */
interface Line {
  t: number
  lane: string
  direction: "sent" | "received" | "event"
  frames?: { text?: string; base64?: string; size: number }[]
  event?: string
  deadline?: number
  failed?: boolean
}

/** What the page shows, read in one go. */
interface Shown {
  lanes: number
  arrowCount: number
  heads: { index: number; kind: string; name: string }[]
  arrows: {
    from: number
    to: number
    lines: number[]
    label: string
    time: string
    hidden: boolean
  }[]
  failed: { line: number; event: string; deadline?: number; text: string; visible: boolean }[]
}

function readShown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const dom = globalThis as any
    const doc = dom.document
    const report = doc.getElementById("report")
    const all = (sel: string): any[] => Array.from(doc.querySelectorAll(sel))
    return {
      lanes: Number(report.dataset.lanes),
      arrowCount: Number(report.dataset.arrows),
      heads: all(".head[data-lane]").map((h) => ({
        index: Number(h.dataset.lane),
        kind: h.dataset.kind,
        name: h.dataset.name,
      })),
      arrows: all(".row[data-arrow]").map((a) => ({
        from: Number(a.dataset.from),
        to: Number(a.dataset.to),
        lines: a.dataset.lines.split(" ").map(Number),
        label: a.querySelector(".label").textContent,
        time: a.querySelector(".t").textContent,
        hidden: a.hidden,
      })),
      failed: all("[data-failed]").map((f) => {
        const box = f.getBoundingClientRect()
        return {
          line: Number(f.dataset.line),
          event: f.dataset.event,
          deadline: f.dataset.deadline === undefined ? undefined : Number(f.dataset.deadline),
          text: f.textContent,
          visible: box.width > 0 && box.height > 0 && !f.hidden,
        }
      }),
    }
  })
}

/** A test's folder in the artifacts of the run, by the end of its title. */
interface Case {
  name: string
  title: string
  /** An arrow to click: the index of its first transcript line. */
  clickLine: (lines: Line[]) => number
}

const CASES: Case[] = [
  {
    name: "crash",
    title: "browser fixture crashes while a request waits",
    clickLine: (lines) => lines.findIndex((l) => l.frames?.[0].text === '["ping",1]'),
  },
  {
    name: "timeout",
    title: "browser fixture times out waiting for a reply",
    clickLine: (lines) => lines.findIndex((l) => l.direction === "sent"),
  },
  {
    name: "burst",
    title: "browser fixture gets a burst of 1,000 messages and waits for one more",
    clickLine: (lines) => lines.findIndex((l) => l.frames?.[0].text === '["tick",0]'),
  },
]

const isMessage = (line: Line) => line.direction === "sent" || line.direction === "received"

describe("report.html in headless Chromium", function () {
  this.timeout(180000)
  let browser: Browser | undefined
  let run: ShardRun
  let artifacts: string
  const folders = new Map<string, string>()

  before(async function () {
    const chromium = findChromium()
    if ("missing" in chromium) {
      process.stdout.write(`      browser tests skipped: ${chromium.missing}\n`)
      this.skip()
    }
    artifacts = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-browser-"))
    run = await runShard({ files: [FIXTURE], env: { ZMQ_HARNESS_ARTIFACTS: artifacts } })
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

  /** Opens a file in a new page, watched, and waits for the report's script to have run. */
  async function open(file: string, ready = '#report[data-ready="true"]') {
    const page = await browser!.newPage()
    await page.setViewport(VIEWPORT)
    const problems = await watch(page)
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 30000 })
    await page.waitForSelector(ready, { timeout: 30000 })
    return { page, problems }
  }

  function transcript(dir: string): Line[] {
    return fs
      .readFileSync(path.join(dir, "transcript.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line)
  }

  it("measures a blank page's screenshot as blank (so the check below can fail)", async () => {
    const page = await browser!.newPage()
    await page.setViewport(VIEWPORT)
    await page.goto("about:blank")
    const blank = await measurePng(browser!, await page.screenshot({ type: "png" }))
    await page.close()
    expect(blank.colours).to.equal(1)
    expect(blank.stddev).to.be.below(0.01)
  })

  for (const c of CASES) {
    describe(`the ${c.name} report`, () => {
      let page: Page
      let problems: PageProblems
      let lines: Line[]
      let shown: Shown
      before(async () => {
        const dir = folders.get(c.title)
        expect(dir, `a folder for "${c.title}" in ${[...folders.keys()].join(", ")}`).to.be.a(
          "string",
        )
        lines = transcript(dir!)
        ;({ page, problems } = await open(path.join(dir!, "report.html")))
        shown = await readShown(page)
      })
      after(() => page?.close())

      it("has a lane for the test and for each socket and process of transcript.jsonl", () => {
        expect(shown.heads.map((h) => h.index)).to.deep.equal([...Array(shown.lanes).keys()])
        expect(shown.heads[0]).to.include({ kind: "test", name: "test" })
        const names = shown.heads.map((h) => h.name)
        const laneNames = [...new Set(lines.map((l) => l.lane))]
        expect(names).to.include.members(laneNames)
        // Any lane beyond those is the implied peer outside the test, never a made-up resource.
        for (const extra of shown.heads.filter((h) => !laneNames.includes(h.name))) {
          expect(extra.kind).to.equal("outside")
        }
      })

      it("has one arrow per message, between the lanes of its lines, labelled with its frames and time", () => {
        expect(shown.arrows).to.have.length(shown.arrowCount)
        const covered = shown.arrows.flatMap((a) => a.lines).sort((a, b) => a - b)
        const messages = lines.flatMap((l, i) => (isMessage(l) ? [i] : []))
        expect(covered, "every message line in exactly one arrow").to.deep.equal(messages)
        const name = (lane: number) => shown.heads[lane].name
        for (const arrow of shown.arrows) {
          for (const i of arrow.lines) {
            const line = lines[i]
            expect(line.lane).to.equal(name(line.direction === "sent" ? arrow.from : arrow.to))
          }
          const first = lines[arrow.lines[0]]
          const frame = first.frames![0]
          if (first.frames!.length === 1 && frame.text !== undefined && frame.size < 40) {
            expect(arrow.label).to.equal(frame.text)
          } else {
            expect(arrow.label).to.not.equal("")
          }
          expect(arrow.time).to.equal(`+${first.t.toFixed(1)} ms`)
        }
      })

      it("marks what failed the test, at its line, in red", async () => {
        const failing = lines.flatMap((l, i) => (l.failed ? [i] : []))
        expect(failing).to.have.length(1)
        const line = lines[failing[0]]
        expect(shown.failed).to.have.length(1)
        expect(shown.failed[0]).to.include({ line: failing[0], event: line.event, visible: true })
        expect(shown.failed[0].text).to.include("✕")
        const colour = await page.$eval(
          `[data-failed] .box`,
          (el) => (globalThis as any).getComputedStyle(el).color as string,
        )
        const [r, g, b] = colour.match(/\d+/g)!.map(Number)
        expect(r, colour).to.be.above(150)
        expect(g + b, colour).to.be.below(160)
        if (line.event === "wait-failed") {
          // The wait from its start to its deadline: a red bar drawn on its lane.
          expect(shown.failed[0].deadline).to.equal(line.deadline)
          const bar = await page.$eval("#wait-bar", (el: any) => ({
            hidden: el.hidden as boolean,
            height: el.getBoundingClientRect().height as number,
            colour: (globalThis as any).getComputedStyle(el).backgroundColor as string,
          }))
          expect(bar.hidden).to.equal(false)
          expect(bar.height).to.be.above(0)
          expect(bar.colour).to.match(/^rgb\((1[5-9]\d|2\d\d), \d{1,2}, \d{1,2}\)$/)
        }
      })

      it("shows every frame of an arrow in full when it is clicked", async () => {
        const target = c.clickLine(lines)
        expect(target).to.be.above(-1)
        const index = shown.arrows.findIndex((a) => a.lines.includes(target))
        expect(index).to.be.above(-1)
        expect(await page.$eval("#details", (el: any) => el.hidden)).to.equal(true)
        await page.click(`.row[data-arrow="${index}"] .label`)
        const frames = await page.$$eval("#details pre[data-frame]", (els: any[]) =>
          els.map((el) => ({
            kind: el.dataset.frameKind as string,
            text: el.textContent as string,
          })),
        )
        expect(await page.$eval("#details", (el: any) => el.hidden)).to.equal(false)
        const expected = shown.arrows[index].lines.flatMap((i) =>
          lines[i].frames!.map((f) => ({
            kind: "JSON",
            text: JSON.stringify(JSON.parse(f.text!), null, 2),
          })),
        )
        expect(frames).to.deep.equal(expected)
      })

      if (c.name === "burst")
        it("stays readable with 1,000 messages: repeats collapsed, shown on a click", async () => {
          expect(lines.filter((l) => l.direction === "sent")).to.have.length(1000)
          const visible = shown.arrows.filter((a) => !a.hidden).length
          expect(visible).to.be.below(20)
          const repeat = await page.$eval(".row[data-repeat]", (el: any) => ({
            group: el.dataset.repeat as string,
            count: Number(el.dataset.count),
          }))
          const hiddenInGroup = `.row[data-group="${repeat.group}"][hidden]`
          expect(await page.$$eval(hiddenInGroup, (els) => els.length)).to.equal(repeat.count)
          await page.click(".row[data-repeat] .box")
          expect(await page.$$eval(hiddenInGroup, (els) => els.length)).to.equal(0)
          // The binary subscription frame, in hex (Escape first: the open details may cover it).
          await page.keyboard.press("Escape")
          expect(await page.$eval("#details", (el: any) => el.hidden)).to.equal(true)
          const sub = shown.arrows.findIndex((a) => lines[a.lines[0]].frames![0].base64 === "AQ==")
          await page.click(`.row[data-arrow="${sub}"] .label`)
          const shownFrame = await page.$eval("#details pre[data-frame]", (el: any) => ({
            kind: el.dataset.frameKind as string,
            text: el.textContent as string,
          }))
          expect(shownFrame.kind).to.equal("binary")
          expect(shownFrame.text).to.match(/^00000 {2}01 /)
        })

      it("logs no console error or page error, and requests nothing but file: and data:", () => {
        expect(problems).to.deep.equal({ console: [], errors: [], network: [] })
      })

      it("renders a screenshot that is not blank (kept in artifacts/browser/)", async () => {
        const png = await page.screenshot({ type: "png" })
        keepScreenshot(`report-${c.name}.png`, png)
        if (c.name === "crash" && process.env.UPDATE_DOCS_SCREENSHOT === "1") {
          fs.mkdirSync(path.dirname(DOCS_SCREENSHOT), { recursive: true })
          fs.writeFileSync(DOCS_SCREENSHOT, png)
        }
        const measured = await measurePng(browser!, png)
        expect(measured.stddev, JSON.stringify(measured)).to.be.above(10)
        expect(measured.colours, JSON.stringify(measured)).to.be.above(8)
      })
    })
  }

  it("links every report from the run index, failed first, and opens one from it", async () => {
    const { page, problems } = await open(path.join(artifacts, "index.html"), "#tests")
    try {
      const rows = await page.$$eval("tr[data-test]", (els: any[]) =>
        els.map((el) => el.dataset.state as string),
      )
      expect(rows).to.deep.equal(["failed", "failed", "failed"])
      await Promise.all([page.waitForNavigation({ timeout: 30000 }), page.click("tr[data-test] a")])
      await page.waitForSelector('#report[data-ready="true"]', { timeout: 30000 })
      expect(page.url()).to.match(/^file:\/\/.*\/report\.html$/)
      expect(problems).to.deep.equal({ console: [], errors: [], network: [] })
    } finally {
      await page.close()
    }
  })
})
