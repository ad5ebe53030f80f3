import { expect } from "chai"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { zeromqCopies } from "../../lib/util/zeromq-copies"
import { MOCHA_BIN, ROOT } from "../helpers/child-mocha"

/**
 * A scratch project with a second copy of zeromq's package (its manifest and
 * JavaScript; the check only resolves it, never loads it) and one spec.
 */
function projectWithItsOwnZeromq(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-zeromq-"))
  const copy = path.join(root, "node_modules/zeromq")
  fs.mkdirSync(copy, { recursive: true })
  fs.cpSync(path.join(ROOT, "node_modules/zeromq/package.json"), path.join(copy, "package.json"))
  fs.cpSync(path.join(ROOT, "node_modules/zeromq/lib"), path.join(copy, "lib"), { recursive: true })
  fs.writeFileSync(path.join(root, "package.json"), "{}")
  fs.writeFileSync(path.join(root, "a.spec.js"), 'it("runs", () => {})\n')
  return root
}

describe("two copies of zeromq", () => {
  let root: string
  before(() => (root = projectWithItsOwnZeromq()))
  after(() => fs.rmSync(root, { recursive: true, force: true }))

  it("finds one copy in this repository", () => {
    expect(zeromqCopies(ROOT)).to.equal(undefined)
  })

  it("names both copies when the project resolves another one", () => {
    expect(zeromqCopies(root)).to.equal(
      "expected one copy of zeromq, got two: zmq-harness loads " +
        `${path.join(ROOT, "node_modules/zeromq")}, your project (${root}) resolves ` +
        `${fs.realpathSync(path.join(root, "node_modules/zeromq"))}. inproc:// between your code and ` +
        "test sockets cannot connect across copies (tcp:// and ipc:// can). Keep one: npm ls zeromq; " +
        "npm dedupe (zmq-harness takes zeromq as a peer dependency).",
    )
  })

  it("warns once when the plugin loads in such a project", function () {
    this.timeout(30000)
    const tsx = pathToFileURL(require.resolve("tsx")).href
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        tsx,
        MOCHA_BIN,
        "--no-config",
        "--no-package",
        "--require",
        path.join(ROOT, "lib/register.ts"),
        "a.spec.js",
      ],
      { cwd: root, encoding: "utf8", timeout: 25000 },
    )
    expect(run.status).to.equal(0)
    const warnings = run.stderr.match(/\[ERR_ZMQH_ZEROMQ_COPIES\] ZeromqCopiesWarning: .*/g) ?? []
    expect(warnings).to.have.length(1)
    expect(warnings[0]).to.include(`your project (${fs.realpathSync(root)}) resolves`)
  })
})
