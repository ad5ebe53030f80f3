import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import puppeteer, { type Browser, type Page } from "puppeteer-core"
import { ROOT } from "../helpers/child-mocha"

/**
 * The browser side of test/browser: Debian's Chromium driven by puppeteer-core (no browser
 * download). `.ci/run` installs the `chromium` package when it is missing; when there is still
 * none, the tests skip and print why (never silently).
 */

/** Where screenshots go: kept by CI as artifacts of the project itself (git-ignored). */
export const SCREENSHOTS = path.join(ROOT, "artifacts/browser")

/**
 * Chromium's path, or why there is none: CHROMIUM_PATH when set (then that one only, so a run can
 * name its browser, or show the skip with a path that does not exist), else /usr/bin/chromium,
 * else `chromium` on PATH.
 */
export function findChromium(): { path: string } | { missing: string } {
  const install =
    "install Debian's package: apt-get install -y --no-install-recommends chromium (.ci/run does)"
  const named = process.env.CHROMIUM_PATH
  if (named) {
    return fs.existsSync(named)
      ? { path: named }
      : { missing: `CHROMIUM_PATH=${named} does not exist; fix it, or unset it and ${install}` }
  }
  if (fs.existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium" }
  try {
    const found = execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], {
      encoding: "utf8",
      timeout: 5000,
    }).trim()
    if (found) return { path: found }
  } catch {
    // Not on PATH either: reported below.
  }
  return { missing: `no Chromium found (/usr/bin/chromium, chromium on PATH); ${install}` }
}

/**
 * Starts headless Chromium: `--no-sandbox` (CI runs as root), `--headless=new` (puppeteer's
 * `headless: true`), over a pipe rather than a TCP port, every protocol call bounded.
 */
export function launch(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    pipe: true,
    args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
    timeout: 30000,
    protocolTimeout: 30000,
  })
}

/** What a page did that a self-contained report must not do. */
export interface PageProblems {
  /** Console messages of type error (and warnings that are not Chromium's own notices). */
  console: string[]
  /** Uncaught exceptions of the page's scripts. */
  errors: string[]
  /** Requests to anything but file:// and data: (aborted, so nothing leaves the machine). */
  network: string[]
}

/** Watches a page for console errors, page errors and network requests other than file: and data:. */
export async function watch(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { console: [], errors: [], network: [] }
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.console.push(msg.text())
  })
  page.on("pageerror", (err) => problems.errors.push(String(err)))
  await page.setRequestInterception(true)
  page.on("request", (request) => {
    const url = request.url()
    if (/^(file|data|about):/.test(url)) return void request.continue()
    problems.network.push(url)
    void request.abort()
  })
  return problems
}

/**
 * Measures a PNG screenshot in the browser itself (no PNG decoder needed): decodes it on a blank
 * page, and returns the standard deviation of its pixels' luminance and how many distinct colours
 * (quantised) it has. A blank page has 0 and 1.
 */
export async function measurePng(
  browser: Browser,
  png: Uint8Array,
): Promise<{ stddev: number; colours: number }> {
  const page = await browser.newPage()
  try {
    const dataUrl = `data:image/png;base64,${Buffer.from(png).toString("base64")}`
    return await page.evaluate(async (url) => {
      // Runs in the page: DOM names, which this project's Node typings do not have.
      const dom = globalThis as any
      const blob = await (await fetch(url)).blob()
      const bitmap = await dom.createImageBitmap(blob)
      const canvas = new dom.OffscreenCanvas(bitmap.width, bitmap.height)
      const ctx = canvas.getContext("2d")
      ctx.drawImage(bitmap, 0, 0)
      const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height) as {
        data: Uint8ClampedArray
      }
      let sum = 0
      let sumSq = 0
      const colours = new Set<number>()
      const n = data.length / 4
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]
        sum += y
        sumSq += y * y
        colours.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4))
      }
      const mean = sum / n
      return { stddev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), colours: colours.size }
    }, dataUrl)
  } finally {
    await page.close()
  }
}

/** Saves a screenshot under artifacts/browser/ and prints its path (CI keeps the folder). */
export function keepScreenshot(name: string, png: Uint8Array): string {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  const file = path.join(SCREENSHOTS, name)
  fs.writeFileSync(file, png)
  process.stdout.write(`      screenshot: ${path.relative(ROOT, file)}\n`)
  return file
}
