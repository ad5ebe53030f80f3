import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import type { Browser } from "puppeteer-core"
import type { TestMeta } from "../../lib/artifacts/meta"
import { mergeArtifacts } from "../../lib/shard/merge"
import { findChromium, keepScreenshot, launch, watch } from "./chromium"

// The merged run index of shards that try to inject script (a fork's CI job can make a shard's
// folders), opened in headless Chromium: no injection runs, every value reads as text.

/** Each payload, if it ran, would set the page's title or open a dialog. */
const PAYLOADS = {
  title: `<img src=x onerror="document.title='pwned-title'">`,
  error: `</td><script>document.title='pwned-error'</script>`,
  notice: `<svg onload="alert('pwned-notice')"></svg>`,
  lane: `"><iframe srcdoc="<script>parent.document.title='pwned-lane'</script>">`,
  file: `x.ts"><img src=x onerror="alert('pwned-file')">`,
  folder: `evil"><img src=x onerror=alert(1)>`,
}

function meta(folder: string, over: Partial<TestMeta> = {}): TestMeta {
  return {
    version: 1,
    title: `merged test ${folder}`,
    state: "failed",
    duration: 7,
    started: new Date(0).toISOString(),
    run: "run-1",
    folder,
    report: "report.html",
    transcript: "transcript.jsonl",
    lanes: [{ name: "req socket", kind: "socket", type: "req", messages: 1, events: 0 }],
    ...over,
  }
}

function testFolder(dir: string, value: unknown): void {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify(value))
  fs.writeFileSync(path.join(dir, "report.html"), "<!doctype html><title>report</title><p>report")
}

describe("the merged run index in headless Chromium", function () {
  this.timeout(120_000)
  let browser: Browser | undefined
  let work: string

  before(async function () {
    const chromium = findChromium()
    if ("missing" in chromium) {
      process.stdout.write(`      browser tests skipped: ${chromium.missing}\n`)
      this.skip()
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-merged-index-"))
    const one = path.join(work, "shard-1")
    const two = path.join(work, "shard-2")
    // Valid meta.json files whose strings carry markup: listed, as text.
    testFolder(
      path.join(one, "strings"),
      meta("strings", {
        title: PAYLOADS.title,
        error: PAYLOADS.error,
        notices: [PAYLOADS.notice],
        file: PAYLOADS.file,
        lanes: [{ name: PAYLOADS.lane, kind: "socket", messages: 2, events: 0 }],
      }),
    )
    testFolder(path.join(two, PAYLOADS.folder), meta(PAYLOADS.folder, { state: "passed" }))
    // meta.json files that do not fit: skipped, never rendered.
    testFolder(path.join(one, "duration"), {
      ...meta("duration"),
      duration: `<script>alert('pwned-duration')</script>`,
    })
    testFolder(path.join(two, "lanes"), { ...meta("lanes"), lanes: [null] })
    testFolder(path.join(two, "state"), {
      ...meta("state"),
      state: `failed"><script>alert(1)</script>`,
    })
    await mergeArtifacts(path.join(work, "merged"), [one, two])
    browser = await launch(chromium.path)
  })

  after(async () => {
    await browser?.close()
    if (work) fs.rmSync(work, { recursive: true, force: true })
  })

  it("runs no injected script and shows every value as the text it is", async () => {
    const page = await browser!.newPage()
    try {
      const problems = await watch(page)
      const dialogs: string[] = []
      page.on("dialog", (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      await page.goto(pathToFileURL(path.join(work, "merged", "index.html")).href, {
        waitUntil: "load",
        timeout: 30_000,
      })
      await page.waitForSelector("#tests", { timeout: 30_000 })
      const shown = await page.evaluate(() => {
        const doc = (globalThis as any).document
        const rows = Array.from(doc.querySelectorAll("tr[data-test]")) as any[]
        return {
          title: doc.title as string,
          injected: doc.querySelectorAll("#tests img, #tests script, #tests svg, #tests iframe")
            .length as number,
          rows: rows.map((r) => ({
            state: r.dataset.state as string,
            folder: r.dataset.folder as string,
            text: r.textContent as string,
            href: r.querySelector("a").getAttribute("href") as string,
          })),
        }
      })
      keepScreenshot("merged-index.png", await page.screenshot({ type: "png" }))
      expect(dialogs).to.deep.equal([])
      expect(shown.title).to.equal("zmq-harness artifacts (merged): 1 failed of 2")
      expect(shown.injected).to.equal(0)
      expect(shown.rows.map((r) => [r.state, r.folder])).to.deep.equal([
        ["failed", "strings"],
        ["passed", PAYLOADS.folder],
      ])
      for (const text of [
        PAYLOADS.title,
        PAYLOADS.error,
        PAYLOADS.notice,
        PAYLOADS.lane,
        PAYLOADS.file,
      ])
        expect(shown.rows[0].text).to.contain(text)
      expect(decodeURIComponent(shown.rows[1].href)).to.equal(`${PAYLOADS.folder}/report.html`)
      expect(problems).to.deep.equal({ console: [], errors: [], network: [] })
      // The link opens the copied report.
      await Promise.all([
        page.waitForNavigation({ timeout: 30_000 }),
        page.click('tr[data-state="passed"] a'),
      ])
      expect(await page.title()).to.equal("report")
    } finally {
      await page.close()
    }
  })
})
