import { expect } from "chai"
import { bounds, describeSoak, runSoak, type SoakReport } from "./soak-run"

/** The small soak of `npm test`; `npm run soak` runs 300 tests. */
const TESTS = 30

describe("soak: 30 tests of four sockets and a process each, in a child Mocha @process", function () {
  this.timeout(120000)
  let report: SoakReport

  before(async () => {
    report = await runSoak(TESTS, 100000)
    console.log(describeSoak(report).replace(/^/gm, "      "))
  })

  it("every test passes and Mocha exits with 0", () => {
    expect(report.exit, report.output.slice(-3000)).to.deep.equal({ code: 0, signal: null })
    expect(report.passed).to.equal(TESTS)
  })

  it("leaves no process under test running and no child of Mocha", () => {
    expect(report.processesLeft).to.equal(0)
    expect(report.childrenAtEnd).to.equal(0)
  })

  it(`keeps RSS growth under ${bounds.rssGrowth / 1024 / 1024} MB`, () => {
    expect(report.rss.end - report.rss.warm).to.be.at.most(bounds.rssGrowth)
  })

  it(`keeps descriptor growth under ${bounds.fdGrowth}`, () => {
    expect(report.fds.end - report.fds.warm).to.be.at.most(bounds.fdGrowth)
  })

  it("leaves no ipc socket file behind", () => {
    expect(report.ipcFilesLeft).to.equal(0)
  })
})
