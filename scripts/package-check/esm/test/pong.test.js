// An ES module project ("type": "module"): the tests are ES modules, the
// plugin is loaded with `require:` as in a CommonJS project, and the
// programs under test are .js, .ts and .mts ES modules (tsx runs the last two).
import * as chai from "chai"
import { expect } from "chai"
import plugin, { zmqHarnessChai } from "zmq-harness/chai"
import { socket, startModule } from "zmq-harness"

describe("ES module project @process", () => {
  it("imports the chai plugin by default and by name", () => {
    expect(plugin).to.be.a("function")
    expect(zmqHarnessChai).to.equal(plugin)
    chai.use(plugin) // already installed by zmq-harness/register: chai keeps one copy
  })

  for (const program of ["src/pong.js", "src/pong.ts", "src/pong.mts"]) {
    it(`starts ${program} and talks to it`, async () => {
      const pong = await startModule(program, [], { ready: /listening on/ })
      const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
      const req = await socket("req", { connect: endpoint })
      await req.send(["ping", 3])
      await expect(req).to.receive([["pong", 3]])
    })
  }
})
