import { expect } from "chai"
import { socket, startModule } from "../../lib"

const fixture = (name: string) => `test/fixtures/stubs/${name}`

describe("child stubs @process", () => {
  it("replaces a class in a CommonJS process and hands the test its port", async () => {
    const a = await startModule(fixture("a.js"), [], { stubs: [{ module: "./b", export: "B" }] })
    const [port, options] = await a.stub("./b", "B").constructed()
    expect(options).to.deep.equal({ name: "worker" })
    const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await peer.send(["hello"])
    await expect(peer).to.receive([["welcome", null]])
    await peer.send(["stop"])
    await expect(peer).to.receive([["stopped"]])
    expect(await a.exited).to.deep.equal({ code: 0, signal: null })
    expect(
      a
        .stub("./b", "B")
        .calls()
        .map((c) => [c.method, c.args, c.instance]),
    ).to.deep.equal([
      ["new", [port, { name: "worker" }], 1],
      ["start", [], 1],
      ["stop", [], 1],
      ["join", [], 1],
    ])
    expect(a.stdout).to.match(/B started on port \d+; a helper that is not stubbed/)
  })

  it("returns the values configured for methods", async () => {
    const a = await startModule(fixture("a.js"), [], {
      stubs: [{ module: "./b", export: "B", returns: { start: "pretend started" } }],
    })
    const [port] = await a.stub("./b", "B").constructed()
    const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await peer.send(["hello"])
    await expect(peer).to.receive([["welcome", "pretend started"]])
  })

  it("replaces a factory function", async () => {
    const a = await startModule(fixture("a-factory.js"), [], {
      stubs: [{ module: "./b-factory", export: "startWorker", returns: { pid: 4242 } }],
    })
    const [port] = await a.stub("./b-factory", "startWorker").constructed()
    const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await peer.send(["hello"])
    await expect(peer).to.receive([["welcome", "hello", 4242]])
    expect(await a.exited).to.deep.equal({ code: 0, signal: null })
    expect(
      a
        .stub("./b-factory", "startWorker")
        .calls()
        .map((c) => [c.method, c.args]),
    ).to.deep.equal([
      ["new", [port]],
      ["pid", []],
      ["kill", ["SIGTERM"]],
    ])
  })

  it("replaces a class in an ES module application, keeping its other exports", async () => {
    const a = await startModule(fixture("a.mjs"), [], {
      stubs: [{ module: "./b.mjs", export: "B" }],
    })
    const [port] = await a.stub("./b.mjs", "B").constructed()
    const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await peer.send(["hello"])
    await expect(peer).to.receive([["welcome", null]])
    await peer.send(["stop"])
    await expect(peer).to.receive([["stopped"]])
    expect(await a.exited).to.deep.equal({ code: 0, signal: null })
    expect(a.stdout).to.match(/B started on port \d+; b\.mjs 1/)
  })

  it("replaces a TypeScript class in a TypeScript process run by ts-node", async () => {
    const a = await startModule(fixture("a-ts.ts"), [], {
      stubs: [{ module: "./b-ts", export: "B", returns: { start: "ts stub" } }],
    })
    const [port] = await a.stub("./b-ts", "B").constructed()
    const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await peer.send(["hello"])
    await expect(peer).to.receive([["welcome", "ts stub"]])
    await peer.send(["stop"])
    await expect(peer).to.receive([["stopped"]])
    expect(await a.exited).to.deep.equal({ code: 0, signal: null })
  })

  it("replaces module.exports itself as the default export of a CommonJS module", async () => {
    const a = await startModule(fixture("a-default.js"), [], {
      stubs: [{ module: "./b-default", export: "default" }],
    })
    expect(await a.stub("./b-default", "default").constructed()).to.deep.equal([1234])
    expect(await a.exited).to.deep.equal({ code: 0, signal: null })
    expect(
      a
        .stub("./b-default", "default")
        .calls()
        .map((c) => c.method),
    ).to.deep.equal(["new", "start"])
  })

  it("replaces the default export of an ES module", async () => {
    const a = await startModule(fixture("a-default.mjs"), [], {
      stubs: [{ module: "./b-default.mjs", export: "default" }],
    })
    expect(await a.stub("./b-default.mjs", "default").constructed()).to.deep.equal([5678])
    expect(await a.exited).to.deep.equal({ code: 0, signal: null })
  })

  it("replaces two exports of one module and leaves the rest", async () => {
    const a = await startModule(fixture("a.js"), [], {
      stubs: [
        { module: "./b", export: "B" },
        { module: "./b", export: "helper" },
      ],
    })
    const [port] = await a.stub("./b", "B").constructed()
    expect(await a.stub("./b", "helper").constructed()).to.deep.equal([])
    const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await peer.send(["stop"])
    await expect(peer).to.receive([["stopped"]])
    expect(await a.exited).to.deep.equal({ code: 0, signal: null })
    // helper() now returns a fake instance, which prints as an object.
    expect(a.stdout).to.match(/B started on port \d+; \[object Object\]/)
  })

  it("replaces a CommonJS class imported by an ES module application", async () => {
    const a = await startModule(fixture("a-esm-cjs.mjs"), [], {
      stubs: [{ module: "./b.js", export: "B" }],
    })
    expect(await a.stub("./b.js", "B").constructed()).to.deep.equal([7])
    expect(await a.exited).to.deep.equal({ code: 0, signal: null })
    expect(a.stdout).to.equal("a-esm-cjs: a helper that is not stubbed\n")
    expect(
      a
        .stub("./b.js", "B")
        .calls()
        .map((c) => c.method),
    ).to.deep.equal(["new", "start"])
  })
})
