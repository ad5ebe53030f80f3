import { expect } from "chai"
import { socket, topology } from "../../lib"

describe("topology smoke", () => {
  it("runs a rep in a host and partitions", async function () {
    const net = await topology({ hosts: ["a", "b", "c"] })
    const p = await net.host("a").startProcess(
      "node",
      [
        "-e",
        `
      const zmq = require("zeromq"); (async () => { const s = new zmq.Reply(); await s.bind("tcp://*:5555"); console.log("up");
      for await (const [m] of s) await s.send("re:" + m) })()`,
      ],
      { ready: "tcp://*:5555" },
    )
    const req = await socket("req", { connect: net.host("a").endpoint(5555) })
    await req.sendFrames(["hi"])
    console.log(String((await req.recv({ json: false }))[0]), p.name)
    const t0 = performance.now()
    await net.partition(["a"], ["b", "c"])
    console.log("partition", performance.now() - t0)
    const r = await net.host("b").runProgram("node", [
      "-e",
      `
      const net=require("net");const c=net.connect(5555, "${net.host("a").address}");c.on("connect",()=>console.log("connected"));c.on("error",e=>console.log(e.code));setTimeout(()=>process.exit(0),300)`,
    ])
    console.log("b:", r.stdout)
    await net.heal()
    const r2 = await net.host("b").runProgram("node", [
      "-e",
      `
      const net=require("net");const c=net.connect(5555, "${net.host("a").address}");c.on("connect",()=>{console.log("connected");process.exit(0)});c.on("error",e=>console.log(e.code))`,
    ])
    console.log("b:", r2.stdout)
    console.log(net.describe())
    expect(r2.stdout).to.include("connected")
  })
})
