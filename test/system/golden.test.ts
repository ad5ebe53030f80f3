import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { AssertionError as NodeAssertionError } from "node:assert"
import { AssertionError, expect } from "chai"
import * as sinon from "sinon"
import { GoldenError, InvalidSubjectError, matchGolden, normalizers, UsageError } from "../../lib"

/** Runs `fn`, which must throw, and returns what it threw. */
function thrown(
  fn: () => unknown,
): Error & { code?: string; actual?: unknown; expected?: unknown; showDiff?: boolean } {
  try {
    fn()
  } catch (err) {
    return err as Error
  }
  throw new Error("expected a throw, got none")
}

describe("matchGolden", () => {
  let dir: string
  let stderr: sinon.SinonStub | undefined
  const before = process.env.UPDATE_GOLDEN

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "zmqh-golden-"))
    delete process.env.UPDATE_GOLDEN
  })
  afterEach(() => {
    stderr?.restore()
    stderr = undefined
    if (before === undefined) delete process.env.UPDATE_GOLDEN
    else process.env.UPDATE_GOLDEN = before
    rmSync(dir, { recursive: true, force: true })
  })

  /** Captures zmq-harness's own stderr lines (and lets Mocha's through). */
  function captureStderr(): string[] {
    const lines: string[] = []
    const write = process.stderr.write.bind(process.stderr)
    stderr = sinon.stub(process.stderr, "write").callsFake(((chunk: string) => {
      if (String(chunk).startsWith("zmq-harness:")) lines.push(String(chunk))
      else write(chunk)
      return true
    }) as typeof process.stderr.write)
    return lines
  }

  function golden(name: string, text: string): string {
    const file = path.join(dir, name)
    writeFileSync(file, text)
    return file
  }

  it("passes when the text is the golden file's, whatever the line endings on either side", () => {
    expect("a\nb\n").to.matchGolden(golden("crlf.out", "a\r\nb\r\n"))
    expect("a\r\nb\r\n").to.matchGolden(golden("lf.out", "a\nb\n"))
  })

  it("reads a path relative to the working folder", () => {
    const file = golden("relative.out", "hello\n")
    expect("hello\n").to.matchGolden(path.relative(process.cwd(), file))
  })

  it("accepts a Buffer that holds UTF-8 text", () => {
    expect(Buffer.from("héllo\n")).to.matchGolden(golden("utf8.out", "héllo\n"))
  })

  it("fails with a line diff, and actual/expected for Mocha's own diff", () => {
    const file = golden("pong.out", "one\ntwo\nthree\nfour\nfive\nsix\nseven\n")
    const err = thrown(() =>
      expect("one\ntwo\nthree\nFOUR\nfive\nsix\nseven\n").to.matchGolden(file),
    )
    expect(err).to.be.instanceOf(AssertionError)
    expect(err.message).to.equal(
      `zmq-harness: the text does not match golden file ${file} (1 line(s) only in the golden file, 1 only in the text).\n` +
        `+ expected (golden file ${file}) - actual\n` +
        "@@ -1,7 +1,7 @@\n one\n two\n three\n-FOUR\n+four\n five\n six\n seven\n" +
        "If the new text is right, run the test with UPDATE_GOLDEN=1 to rewrite the file, and review the change.",
    )
    expect(err).to.include({ showDiff: true, actual: "one\ntwo\nthree\nFOUR\nfive\nsix\nseven\n" })
    expect(err.expected).to.equal("one\ntwo\nthree\nfour\nfive\nsix\nseven\n")
    // Mocha shows only the part before ": expected" of such messages when it prints a diff.
    expect(err.message).not.to.match(/^[^:]+: expected/)
    expect(err.stack!.split("\n").find((l) => /^\s+at /.test(l))).to.include("golden.test.ts")
  })

  it("fails when only the final newline differs", () => {
    const err = thrown(() => expect("last").to.matchGolden(golden("nl.out", "last\n")))
    expect(err.message).to.include("-last\n\\ No newline at end of file\n+last\n")
  })

  it("fails with a hint to run with UPDATE_GOLDEN=1 when the golden file is missing", () => {
    const file = path.join(dir, "missing.out")
    const err = thrown(() => expect("x").to.matchGolden(file))
    expect(err).to.be.instanceOf(GoldenError)
    expect(err.code).to.equal("ERR_ZMQH_GOLDEN")
    expect(err.message).to.equal(
      `zmq-harness: expected golden file ${file} (${file}), got no such file. ` +
        "Run the test once with UPDATE_GOLDEN=1 to create it from the actual text, then review and commit it.",
    )
  })

  it("fails naming the folder when the golden file's folder does not exist", () => {
    const file = path.join(dir, "no-such-folder", "x.out")
    const err = thrown(() => expect("x").to.matchGolden(file))
    expect(err).to.be.instanceOf(GoldenError)
    expect(err.message).to.equal(
      `zmq-harness: expected golden file ${file} in folder ${path.join(dir, "no-such-folder")}, got no such folder. ` +
        `Check the path (it is relative to the working folder ${process.cwd()}), ` +
        "or run the test with UPDATE_GOLDEN=1 to create the folder and the file.",
    )
  })

  it("fails when the golden path is a folder", () => {
    const err = thrown(() => expect("x").to.matchGolden(dir))
    expect(err.message).to.equal(
      `zmq-harness: expected golden file ${dir} to be a file, got a folder (${dir}). Give the path of a file in it.`,
    )
  })

  describe("with UPDATE_GOLDEN=1", () => {
    beforeEach(() => {
      process.env.UPDATE_GOLDEN = "1"
    })

    it("creates the file and its folder, passes, and says so on stderr", () => {
      const lines = captureStderr()
      const file = path.join(dir, "new", "deeper", "x.out")
      expect("line 1\r\nline 2\r\n").to.matchGolden(file)
      expect(readFileSync(file, "utf8")).to.equal("line 1\nline 2\n")
      expect(lines).to.deep.equal([
        `zmq-harness: UPDATE_GOLDEN is set: created golden file ${file} (and its folder ${path.relative(process.cwd(), path.dirname(file))}). Review it before you commit.\n`,
      ])
    })

    it("rewrites a file that differs, and leaves one that matches alone", () => {
      const lines = captureStderr()
      const file = golden("x.out", "old\n")
      expect("new\n").to.matchGolden(file)
      expect("new\n").to.matchGolden(file)
      expect(readFileSync(file, "utf8")).to.equal("new\n")
      expect(lines).to.deep.equal([
        `zmq-harness: UPDATE_GOLDEN is set: updated golden file ${file}. Review it before you commit.\n`,
      ])
    })

    it("writes the normalised text", () => {
      captureStderr()
      const file = path.join(dir, "n.out")
      expect("bound tcp://127.0.0.1:41234\n").to.matchGolden(file, {
        normalize: [normalizers.ports],
      })
      expect(readFileSync(file, "utf8")).to.equal("bound tcp://127.0.0.1:<port>\n")
    })
  })

  it("applies normalisers in order before comparing; one function alone is fine", () => {
    const file = golden("n.out", "pid <pid> on tcp://127.0.0.1:<port> [MASKED]\n")
    const text = "pid 4242 on tcp://127.0.0.1:41234 [secret]\n"
    const mask = (t: string) => t.replace("[secret]", "[masked]")
    const upper = (t: string) => t.replace("[masked]", "[MASKED]")
    expect(text).to.matchGolden(file, {
      normalize: [normalizers.pids, normalizers.ports, mask, upper],
    })
    expect("x [secret]\n").to.matchGolden(golden("one.out", "x [masked]\n"), { normalize: mask })
    // In the other order, upper sees nothing to change.
    expect(() =>
      expect(text).to.matchGolden(file, {
        normalize: [normalizers.pids, normalizers.ports, upper, mask],
      }),
    ).to.throw(AssertionError)
  })

  it("fails naming the normaliser that throws", () => {
    const file = golden("n.out", "x\n")
    function maskIds(): string {
      throw new Error("boom")
    }
    const err = thrown(() =>
      expect("x\n").to.matchGolden(file, { normalize: [normalizers.ports, maskIds] }),
    )
    expect(err).to.be.instanceOf(GoldenError)
    expect(err.message).to.equal(
      `zmq-harness: expected normaliser "maskIds" (normalize[1]) to return text, got an error: Error: boom. ` +
        `Fix the normaliser; the text was not compared with ${file}.`,
    )
    expect((err as Error & { cause?: Error }).cause?.message).to.equal("boom")
    const anonymous = thrown(() =>
      expect("x\n").to.matchGolden(file, {
        normalize: [
          (
            () =>
            (t: string): string => {
              throw new TypeError(`cannot mask ${t.length} chars`)
            }
          )(),
        ],
      }),
    )
    expect(anonymous.message).to.match(
      /^zmq-harness: expected normaliser \(normalize\[0\]\) to return text, got an error: TypeError: cannot mask 2 chars\./,
    )
  })

  it("fails when a normaliser returns something other than text", () => {
    const file = golden("n.out", "x\n")
    const err = thrown(() =>
      expect("x\n").to.matchGolden(file, {
        normalize: [
          function lines(t: string) {
            return t.split("\n") as unknown as string
          },
        ],
      }),
    )
    expect(err.message).to.equal(
      'zmq-harness: expected normaliser "lines" (normalize[0]) to return text, got ["x", ""]. ' +
        "A normaliser is a function text => text: return the changed text.",
    )
  })

  it("rejects a normalize option that is not functions", () => {
    const err = thrown(() =>
      expect("x").to.matchGolden(golden("x.out", "x"), { normalize: ["ports"] as never }),
    )
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      'zmq-harness: expected { normalize } of matchGolden() to be a function or a list of functions text => text, got ["ports"]. ' +
        "Use the built-ins, e.g. [normalizers.ports, normalizers.pids].",
    )
  })

  it("fails clearly on binary output: a Buffer that is not UTF-8", () => {
    const file = golden("bin.out", "")
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe])
    const err = thrown(() => expect(png).to.matchGolden(file))
    expect(err).to.be.instanceOf(GoldenError)
    expect(err.message).to.equal(
      `zmq-harness: expected text to compare with golden file ${file}, got 10 bytes that are not valid UTF-8 ` +
        "(starting 89 50 4e 47 0d 0a 1a 0a ff fe): binary output. " +
        "Golden files hold text; compare binary output as bytes (expect(buffer).to.deep.equal(…)).",
    )
  })

  it("fails clearly on binary output already decoded as text", () => {
    const file = golden("bin.out", "")
    const decoded = Buffer.from([0x50, 0x0a, 0xff, 0xfe]).toString("utf8")
    expect(thrown(() => expect(decoded).to.matchGolden(file)).message).to.equal(
      `zmq-harness: expected text to compare with golden file ${file}, got text with U+FFFD replacement characters (first at line 2): ` +
        "binary output read as text. Golden files hold text; compare binary output as bytes (expect(buffer).to.deep.equal(…)), " +
        "or make the program print text.",
    )
    expect(thrown(() => expect("a\u0000b").to.matchGolden(file)).message).to.include(
      "got text with a NUL character at line 1",
    )
  })

  it("rejects a subject that is not text, with a hint for a program's result", () => {
    const err = thrown(() => expect({ code: 0, stdout: "x" }).to.matchGolden("x.out"))
    expect(err).to.be.instanceOf(InvalidSubjectError)
    expect(err).to.have.property("code", "ERR_ZMQH_INVALID_SUBJECT")
    expect(err.message).to.equal(
      "zmq-harness: expected a string or Buffer for .matchGolden(), got an object with keys code, stdout. " +
        "It looks like a program's result: compare its output, e.g. expect(run.stdout).to.matchGolden(…).",
    )
  })

  it("refuses .not", () => {
    const err = thrown(() => expect("x").not.to.matchGolden(golden("x.out", "y")))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.match(
      /^zmq-harness: expected \.matchGolden\(\) without \.not, got \.not\.matchGolden\(\)\./,
    )
  })

  describe("as a plain function", () => {
    it("passes on a match", () => {
      matchGolden("same\n", golden("x.out", "same\r\n"))
    })

    it("throws Node's AssertionError with the diff, actual and expected", () => {
      const file = golden("x.out", "a\n")
      const err = thrown(() => matchGolden("b\n", file))
      expect(err).to.be.instanceOf(NodeAssertionError)
      expect(err.message).to.include("-b\n+a\n") // Mocha's signs: - actual, + expected
      expect(err).to.include({ actual: "b\n", expected: "a\n" })
    })

    it("throws GoldenError when the file is missing", () => {
      expect(() => matchGolden("b\n", path.join(dir, "nope.out"))).to.throw(
        GoldenError,
        /got no such file/,
      )
    })
  })

  it("creates nothing when UPDATE_GOLDEN is not set", () => {
    const file = path.join(dir, "sub", "x.out")
    thrown(() => expect("x").to.matchGolden(file))
    expect(existsSync(path.dirname(file))).to.equal(false)
    mkdirSync(path.dirname(file))
  })
})
