import { expect } from "chai"
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import {
  CassetteInvalidError,
  CassetteMissingError,
  CassetteSocketTypeError,
  CassetteVersionError,
  EndpointError,
  record,
  replay,
  socket,
  UsageError,
  type Cassette,
} from "../../lib"
import { MAX_CASSETTE_BYTES } from "../../lib/cassette/read"
import { rejection } from "../helpers/rejection"

const valid: Cassette = {
  format: "zmq-harness cassette",
  version: 1,
  name: "kv",
  recorded: "2026-11-30T10:00:00.000Z",
  channels: { main: { type: "dealer", peer: "router", target: "tcp://127.0.0.1:5555" } },
  messages: [
    { channel: "main", direction: "upstream", at: 1, frames: ["get", "a"] },
    { channel: "main", direction: "downstream", at: 2, frames: ["value", "1"] },
  ],
}

describe("cassettes: bad input", function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-bad-cassette-"))
  const file = (name: string, text?: string) => {
    const f = path.join(dir, `${name}.json`)
    if (text !== undefined) fs.writeFileSync(f, text)
    return f
  }
  const never = () => {
    throw new Error("the real peer was asked for")
  }
  let saved: string | undefined
  beforeEach(() => {
    saved = process.env.ZMQ_HARNESS_CASSETTES
    delete process.env.ZMQ_HARNESS_CASSETTES
  })
  afterEach(() => {
    if (saved === undefined) delete process.env.ZMQ_HARNESS_CASSETTES
    else process.env.ZMQ_HARNESS_CASSETTES = saved
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("refuses a cassette that is not valid JSON, and keeps it as it is", async () => {
    const f = file("not-json", '{"format": "zmq-harness cassette", oops')
    const err = await rejection(() => replay("x", { bind: "tcp://127.0.0.1:*", path: f }))
    expect(err).to.be.instanceOf(CassetteInvalidError)
    expect(err.code).to.equal("ERR_ZMQH_CASSETTE_INVALID")
    expect(err.message).to.match(
      new RegExp(
        `^zmq-harness: expected cassette ${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} to be JSON, got text that is not valid JSON \\(.*\\)\\. ` +
          "It is kept as it is: fix it by hand, delete it, or record it again with ZMQ_HARNESS_CASSETTES=update\\.$",
      ),
    )
    const recording = await rejection(() => record("x", { type: "dealer", target: never, path: f }))
    expect(recording).to.be.instanceOf(CassetteInvalidError)
    expect(fs.readFileSync(f, "utf8")).to.equal('{"format": "zmq-harness cassette", oops')
  })

  it("refuses JSON that is not a cassette (a foreign file) without overwriting it", async () => {
    const f = file("foreign", '{"name": "package.json, say"}\n')
    const err = await rejection(() =>
      record("x", { type: "req", target: never, path: f, mode: "record" }),
    )
    expect(err).to.be.instanceOf(CassetteInvalidError)
    expect(err.message).to.include(
      `expected cassette ${f} to be a zmq-harness cassette, got JSON without "format": "zmq-harness cassette" (got none).`,
    )
    expect(fs.readFileSync(f, "utf8")).to.equal('{"name": "package.json, say"}\n')
  })

  it("overwrites a corrupt cassette in update mode (step 1: record over it)", async () => {
    const f = file("corrupt", "not json at all")
    const server = await socket("router", { bind: "tcp://127.0.0.1:*" })
    process.env.ZMQ_HARNESS_CASSETTES = "update"
    const rec = await record("corrupt", { type: "dealer", target: server.endpoint, path: f })
    expect(rec.mode).to.equal("record")
    const client = await socket("dealer", { connect: rec.endpoint })
    await client.sendFrames(["hello"])
    const [id] = (await server.recv({ json: false })) as Buffer[]
    await server.sendFrames([id, "hi"])
    await expect(client).to.receive(["hi"], { json: false })
    expect(fs.readFileSync(f, "utf8"), "not before the test ends").to.equal("not json at all")
  })

  it("overwrites a corrupt cassette in update mode (step 2: a cassette now)", () => {
    const cassette = JSON.parse(fs.readFileSync(file("corrupt"), "utf8")) as Cassette
    expect(cassette).to.include({ format: "zmq-harness cassette", version: 1, name: "corrupt" })
  })

  it("refuses a cassette of another version, saying how to record it again", async () => {
    const f = file("v0", JSON.stringify({ ...valid, version: 0 }))
    const err = await rejection(() => replay("x", { bind: "tcp://127.0.0.1:*", path: f }))
    expect(err).to.be.instanceOf(CassetteVersionError)
    expect(err.code).to.equal("ERR_ZMQH_CASSETTE_VERSION")
    expect(err.message).to.equal(
      `zmq-harness: expected cassette ${f} in format version 1, got version 0. ` +
        "Record it again with ZMQ_HARNESS_CASSETTES=update (with the real peer running), or use the zmq-harness that wrote it.",
    )
  })

  it("refuses a cassette recorded for another socket type", async () => {
    const f = file("kv", JSON.stringify(valid))
    const err = await rejection(() =>
      replay("kv", { bind: "tcp://127.0.0.1:*", type: "req", path: f }),
    )
    expect(err).to.be.instanceOf(CassetteSocketTypeError)
    expect(err.code).to.equal("ERR_ZMQH_CASSETTE_SOCKET_TYPE")
    expect(err.message).to.equal(
      `zmq-harness: expected channel "main" of cassette ${f} to be recorded for a req socket, got one recorded for a dealer socket (replayed by a router). ` +
        "Use a dealer socket in the process under test, or record the cassette again with ZMQ_HARNESS_CASSETTES=update.",
    )
    const viaRecord = await rejection(() => record("kv", { type: "sub", target: never, path: f }))
    expect(viaRecord).to.be.instanceOf(CassetteSocketTypeError)
  })

  it("fails in lockdown when the cassette is missing, without calling the target", async () => {
    process.env.ZMQ_HARNESS_CASSETTES = "lockdown"
    const f = path.join(dir, "never.json")
    const err = await rejection(() => record("never", { type: "req", target: never, path: f }))
    expect(err).to.be.instanceOf(CassetteMissingError)
    expect(err.code).to.equal("ERR_ZMQH_CASSETTE_MISSING")
    expect(err.message).to.equal(
      `zmq-harness: expected cassette ${f} to exist in lockdown mode, got no such file. ` +
        "Record it once with the real peer running (ZMQ_HARNESS_CASSETTES=record, or unset), review it and commit it.",
    )
    expect(fs.existsSync(f)).to.equal(false)
  })

  it("says which modes exist when ZMQ_HARNESS_CASSETTES is misspelt", async () => {
    process.env.ZMQ_HARNESS_CASSETTES = "lockdwn"
    const err = await rejection(() => record("x", { type: "req", target: never, path: file("y") }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      'zmq-harness: expected ZMQ_HARNESS_CASSETTES to be one of "record", "update", "replay", "lockdown", got string "lockdwn". ' +
        'Leave it unset for "record" (replay what exists, record what does not).',
    )
  })

  it("refuses a socket type that a proxy cannot stand in front of", async () => {
    const err = await rejection(() =>
      record("x", { type: "router", target: never, path: file("z") }),
    )
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.include(
      'one of req, dealer, pair, sub, pull, push, pub, got string "router"',
    )
  })

  it("suggests the socket type meant in record() and replay(), keeping the server hint for router and rep", async () => {
    const rec = await rejection(() =>
      record("x", { type: "requester" as never, target: never, path: file("t1") }),
    )
    expect(rec.message).to.equal(
      'zmq-harness: expected `type` of record("x") to be the socket type of the process under test, ' +
        'one of req, dealer, pair, sub, pull, push, pub, got string "requester". Perhaps you meant "req"?',
    )
    const rep = await rejection(() => record("x", { type: "rep", target: never, path: file("t2") }))
    expect(rep.message).to.include('got string "rep". A router or rep process is a server')
    const rpl = await rejection(() =>
      replay("kv", { bind: "tcp://127.0.0.1:*", type: "subscriber" as never, path: file("t3") }),
    )
    expect(rpl.message).to.include('got string "subscriber". Perhaps you meant "sub"?')
    const server = await rejection(() =>
      replay("kv", { bind: "tcp://127.0.0.1:*", type: "rep" as never, path: file("t4") }),
    )
    expect(server.message).to.include('got string "rep". No cassette holds that type')
  })

  it("begins no cassette when the target function fails (step 1)", async () => {
    const err = await rejection(() =>
      record("no-target", {
        type: "req",
        path: file("no-target"),
        target: () => Promise.reject(new Error("the server did not start")),
      }),
    )
    expect(err.message).to.equal("the server did not start")
  })

  it("begins no cassette when the target function fails (step 2: nothing was written)", () => {
    expect(fs.existsSync(file("no-target"))).to.equal(false)
  })

  it("replay() says what to do when the cassette is missing, or both bind and connect are given", async () => {
    const missing = path.join(dir, "missing.json")
    const err = await rejection(() =>
      replay("missing", { bind: "tcp://127.0.0.1:*", path: missing }),
    )
    expect(err).to.be.instanceOf(CassetteMissingError)
    expect(err.message).to.equal(
      `zmq-harness: expected cassette ${missing} to replay, got no such file. ` +
        "Record it first with record() and the real peer running, or give its `path`.",
    )
    const both = await rejection(() =>
      replay("kv", { bind: "tcp://127.0.0.1:*", connect: "tcp://127.0.0.1:5", path: missing }),
    )
    expect(both).to.be.instanceOf(UsageError)
    expect(both.message).to.include(
      "to get one of `bind` (the process under test connects) or `connect` (it binds), got both.",
    )
  })

  // issue 20: late or raw errors, each now a named error at the call, with the fix.
  it("refuses, at the call, a cassette path that no file can have", async () => {
    const folder = path.join(dir, "a-folder")
    fs.mkdirSync(folder)
    const aFile = file("plain", "")
    const long = "n".repeat(263)
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        "a NUL character",
        () => record("x", { type: "req", target: never, path: "test/x\0y.json" }),
        'expected `path` of record("x") to be a file path, got "test/x\\u0000y.json", which holds a NUL character. No file name can hold one: remove it.',
      ],
      [
        "a 263-character name",
        () => record(long, { type: "req", target: never }),
        `expected the cassette of record("${long}") to be a file path, got a name of 268 bytes ("${"n".repeat(24)}…"). A file or folder name holds at most 255 bytes: use a shorter one.`,
      ],
      [
        "a folder (record)",
        () => record("x", { type: "req", target: never, path: folder }),
        `expected \`path\` of record("x") to be a file path, got ${JSON.stringify(folder)}, which is a folder. Name a file in it, e.g. a .json file.`,
      ],
      [
        "a folder (replay, which gave a raw EISDIR)",
        () => replay("x", { bind: "tcp://127.0.0.1:*", path: folder }),
        `expected \`path\` of replay("x") to be a file path, got ${JSON.stringify(folder)}, which is a folder.`,
      ],
      [
        "a file under a file",
        () => record("x", { type: "req", target: never, path: path.join(aFile, "x.json") }),
        `got ${JSON.stringify(path.join(aFile, "x.json"))}, under ${aFile}, which is a file, not a folder. Check the path.`,
      ],
    ]
    for (const [what, call, text] of cases) {
      const err = await rejection(call)
      expect(err, what).to.be.instanceOf(UsageError)
      expect(err.message, what).to.include(text)
      expect(err.stack, what).to.match(/\n\s+at .*bad-input\.test\.ts/)
    }
  })

  it("refuses a hostile cassette file with a named error, never reading it (FIFO, device, loop, huge)", async () => {
    // issue 20: a FIFO blocked the test process for ever, a link to /dev/zero crashed it
    // (std::bad_alloc), a 3 GiB file took a minute and failed with a raw "Cannot create a string".
    const fifo = path.join(dir, "fifo.json")
    execFileSync("mkfifo", [fifo])
    const zero = path.join(dir, "zero.json")
    fs.symlinkSync("/dev/zero", zero)
    const loop = path.join(dir, "loop.json")
    fs.symlinkSync(loop, loop)
    const huge = path.join(dir, "huge.json")
    fs.writeFileSync(huge, "")
    fs.truncateSync(huge, MAX_CASSETTE_BYTES + 1)
    const cases: [string, string][] = [
      [fifo, "got a FIFO (named pipe)"],
      [zero, "got a character device"],
      [loop, "got a symbolic link that loops"],
      [huge, "got a file of 64.0 MiB, more than the 64 MiB a cassette may hold"],
    ]
    for (const [f, got] of cases) {
      for (const call of [
        () => replay("x", { bind: "tcp://127.0.0.1:*", path: f }),
        () => record("x", { type: "req", path: f, target: never }),
      ]) {
        const err = await rejection(call)
        expect(err, f).to.be.instanceOf(CassetteInvalidError)
        expect(err.message, f).to.include(`expected cassette ${f} to be a cassette file, ${got}.`)
      }
    }
    // A message whose channel is no string matched a channel named "1" and was dropped unseen.
    const numbered = {
      ...valid,
      channels: { 1: valid.channels.main },
      messages: [{ ...valid.messages[0], channel: 1 }],
    }
    const err = await rejection(() =>
      replay("x", { bind: "tcp://127.0.0.1:*", path: file("numbered", JSON.stringify(numbered)) }),
    )
    expect(err).to.be.instanceOf(CassetteInvalidError)
    expect(err.message).to.include("whose message 0 is not { channel (one of")
  })

  it("refuses, at the call, a target that is no endpoint to connect to", async () => {
    const star = await rejection(() =>
      record("x", { type: "req", path: file("star"), target: () => "tcp://127.0.0.1:*" }),
    )
    expect(star).to.be.instanceOf(EndpointError)
    expect(star.message).to.equal(
      'zmq-harness: expected `target` of record("x") (what the function returned) to be an endpoint to connect to, got "tcp://127.0.0.1:*", a port that only a bind can take (the system picks it). ' +
        "Return the endpoint the real peer bound: its socket's `lastEndpoint` (`sock.lastEndpoint`), or the one it printed.",
    )
    expect(star.stack).to.match(/\n\s+at .*bad-input\.test\.ts/)
    // issue 20: the other wildcards were accepted, and the proxy tried them for ever.
    const wildcards: [string, string][] = [
      ["tcp://*:5555", "a host that only a bind can take (every interface)"],
      ["tcp://127.0.0.1:0", "port 0, where nothing listens"],
      ["ipc://*", "an ipc path that only a bind can take"],
      ["ws://127.0.0.1:*/x", "a port that only a bind can take"],
    ]
    for (const [endpoint, reason] of wildcards) {
      for (const target of [endpoint, () => endpoint]) {
        const err = await rejection(() => record("x", { type: "req", path: file("star"), target }))
        expect(err, endpoint).to.be.instanceOf(EndpointError)
        expect(err.message, endpoint).to.include(`got "${endpoint}", ${reason}`)
        expect(err.message, endpoint).to.include(
          typeof target === "function" ? "sock.lastEndpoint" : 'e.g. "tcp://127.0.0.1:5555"',
        )
      }
    }
    expect(fs.existsSync(file("star"))).to.equal(false)
    // replay() connecting to the process under test: the same mistake, the same error.
    const connect = await rejection(() =>
      replay("kv", { connect: "tcp://127.0.0.1:0", path: file("kv", JSON.stringify(valid)) }),
    )
    expect(connect).to.be.instanceOf(EndpointError)
    expect(connect.message).to.include(
      'expected `connect` of replay("kv") to be an endpoint to connect to, got "tcp://127.0.0.1:0", port 0',
    )
    const notText = await rejection(() =>
      record("x", { type: "req", path: file("star"), target: (() => 5555) as never }),
    )
    expect(notText).to.be.instanceOf(UsageError)
    expect(notText.message).to.include("got number 5555.")
  })

  it("checks how a replay would answer when it records too, and refuses misspelt options", async () => {
    const server = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        "normalize",
        () =>
          record("x", {
            type: "req",
            target: server.endpoint,
            path: file("n"),
            normalize: "ids" as never,
          }),
        'expected `normalize` of record("x") to be a list of functions',
      ],
      [
        "pace",
        () => record("x", { type: "req", target: server.endpoint, path: file("n"), pace: -1 }),
        'expected `pace` of record("x") to be "requests" or a factor',
      ],
      [
        "rewrite",
        () =>
          record("x", {
            type: "req",
            target: server.endpoint,
            path: file("n"),
            rewrite: 1 as never,
          }),
        'expected `rewrite` of record("x") to be a function (frames, context) => frames, got number 1.',
      ],
      [
        "normalise",
        () => replay("x", { bind: "tcp://127.0.0.1:*", path: file("n"), normalise: [] } as never),
        "got an unknown option `normalise`. Perhaps you meant `normalize`?",
      ],
      [
        "bind on record",
        () =>
          record("x", { type: "req", target: server.endpoint, bind: "tcp://127.0.0.1:*" } as never),
        "got an unknown option `bind`. Perhaps you meant `listen`?",
      ],
      [
        "type of replay",
        () =>
          replay("x", { bind: "tcp://127.0.0.1:*", path: file("n"), type: "requester" as never }),
        'expected `type` of replay("x") to be the socket type of the process under test, one of req, dealer, pair, sub, pull, push, pub, got string "requester".',
      ],
      [
        "channel of replay",
        () => replay("x", { bind: "tcp://127.0.0.1:*", path: file("n"), channel: 5 as never }),
        'expected `channel` of replay("x") to be a name such as "shell" (letters, digits, . _ -), got number 5.',
      ],
    ]
    for (const [what, call, text] of cases) {
      const err = await rejection(call)
      expect(err, what).to.be.instanceOf(UsageError)
      expect(err.message, what).to.include(text)
    }
    expect(fs.existsSync(file("n"))).to.equal(false)
  })

  it("refuses a subscribed() topic that is neither a string nor a Buffer", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    const feed = await record("feed", { type: "sub", target: pub.endpoint, path: file("feed") })
    if (feed.mode !== "record") throw new Error("expected a recording proxy")
    const err = await rejection(() => feed.subscribed(5 as never))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      "zmq-harness: expected the topic of subscribed(topic) to be a string or a Buffer (the start of the messages wanted), got number 5. " +
        "Leave it out to wait for any subscription.",
    )
  })
})
