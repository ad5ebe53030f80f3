import { execFileSync } from "node:child_process"
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { expect } from "chai"
import * as Mocha from "mocha"
import * as sinon from "sinon"
import { GoldenError, matchGolden } from "../../lib"

/** Runs `fn`, which must throw, and returns what it threw. */
function thrown(fn: () => unknown): Error & { code?: string; cause?: NodeJS.ErrnoException } {
  try {
    fn()
  } catch (err) {
    return err as Error & { code?: string; cause?: NodeJS.ErrnoException }
  }
  throw new Error("expected a throw, got none")
}

describe("golden files written with UPDATE_GOLDEN=1", () => {
  let dir: string
  const before = process.env.UPDATE_GOLDEN
  let stderr: sinon.SinonStub | undefined

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "zmqh-golden-write-"))
    process.env.UPDATE_GOLDEN = "1"
    // The "updated golden file" notes are not this file's subject.
    const write = process.stderr.write.bind(process.stderr)
    stderr = sinon
      .stub(process.stderr, "write")
      .callsFake(((chunk: string) =>
        String(chunk).startsWith("zmq-harness:")
          ? true
          : write(chunk)) as typeof process.stderr.write)
  })
  afterEach(() => {
    stderr?.restore()
    if (before === undefined) delete process.env.UPDATE_GOLDEN
    else process.env.UPDATE_GOLDEN = before
    rmSync(dir, { recursive: true, force: true })
  })

  it("on a full disk, fails with a GoldenError and keeps the old file whole", function () {
    // A real full disk: a 16 KiB tmpfs. Mounting needs root (CAP_SYS_ADMIN); elsewhere, skip.
    const mount = path.join(dir, "tiny")
    execFileSync("mkdir", [mount])
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", mount], { stdio: "ignore" })
    } catch {
      this.skip()
    }
    try {
      const file = path.join(mount, "big.out")
      writeFileSync(file, "old golden text\n")
      const err = thrown(() => matchGolden("x".repeat(64 * 1024) + "\n", file))
      expect(err).to.be.instanceOf(GoldenError)
      expect(err.code).to.equal("ERR_ZMQH_GOLDEN")
      expect(err.cause?.code).to.equal("ENOSPC")
      expect(err.message).to.equal(
        `zmq-harness: expected UPDATE_GOLDEN to write golden file ${file}, got the disk is full (ENOSPC). ` +
          "Free some space, then run the test again. The old file is kept unchanged.",
      )
      expect(readFileSync(file, "utf8")).to.equal("old golden text\n")
      expect(readdirSync(mount)).to.deep.equal(["big.out"]) // no temporary file left behind
    } finally {
      execFileSync("umount", [mount])
    }
  })

  it("in a folder it may not write to (even as root), fails with a GoldenError naming it", function () {
    // sysfs refuses to create files for every user, root included: a real EACCES.
    if (!existsSync("/sys/kernel")) this.skip()
    const file = "/sys/kernel/zmqh-golden.out"
    const err = thrown(() => matchGolden("text\n", file))
    expect(err).to.be.instanceOf(GoldenError)
    expect(err.cause?.code).to.equal("EACCES")
    expect(err.message).to.equal(
      `zmq-harness: expected UPDATE_GOLDEN to write golden file ${file}, got no permission to write in /sys/kernel (EACCES). ` +
        "Give the test's user write access to the folder, then run the test again. No file was created.",
    )
  })

  it("under a path component that is a file, fails with a GoldenError and creates nothing", () => {
    writeFileSync(path.join(dir, "plain"), "a file, not a folder\n")
    const file = path.join(dir, "plain", "x.out")
    const err = thrown(() => matchGolden("text\n", file))
    expect(err).to.be.instanceOf(GoldenError)
    expect(err.cause?.code).to.equal("ENOTDIR")
    expect(err.message).to.match(
      new RegExp(
        `^zmq-harness: expected UPDATE_GOLDEN to write golden file ${file}, got ENOTDIR: .*\\. Check the path, then run the test again\\. No file was created\\.$`,
      ),
    )
    expect(readFileSync(path.join(dir, "plain"), "utf8")).to.equal("a file, not a folder\n")
  })

  it("replaces the file whole, keeping its permissions, and leaves no temporary file", () => {
    const file = path.join(dir, "x.out")
    writeFileSync(file, "old\n")
    chmodSync(file, 0o640)
    matchGolden("new\n", file)
    expect(readFileSync(file, "utf8")).to.equal("new\n")
    expect(statSync(file).mode & 0o777).to.equal(0o640)
    expect(readdirSync(dir)).to.deep.equal(["x.out"])
  })
})

describe("golden diff signs", () => {
  it("agree with Mocha's diff below it: + expected (the golden file), - actual", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "zmqh-golden-signs-"))
    const before = process.env.UPDATE_GOLDEN
    delete process.env.UPDATE_GOLDEN
    try {
      const file = path.join(dir, "x.out")
      writeFileSync(file, "same\ngolden line\n")
      const err = thrown(() => matchGolden("same\nactual line\n", file)) as Error & {
        actual: string
        expected: string
      }
      const ours = err.message.split("\n").filter((l) => /^[+-]/.test(l))
      expect(ours).to.deep.equal([
        `+ expected (golden file ${file}) - actual`,
        "-actual line",
        "+golden line",
      ])
      // What Mocha prints under the message, for the same error (colours off).
      const mochaDiff = (
        Mocha.reporters.Base as unknown as {
          generateDiff(actual: string, expected: string): string
        }
      ).generateDiff(err.actual, err.expected)
      expect(mochaDiff).to.include("+ expected - actual")
      const theirs = mochaDiff
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^[+-]\S/.test(l))
      expect(theirs).to.deep.equal(["-actual line", "+golden line"])
    } finally {
      if (before !== undefined) process.env.UPDATE_GOLDEN = before
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
