import { expect } from "chai"
import { socket } from "../../lib"
import { bindEndpoint, transports } from "./transports"

for (const transport of transports) {
  describe(`socket pairs over ${transport}`, () => {
    it("req/rep: carries a JSON request and its reply", async () => {
      const rep = await socket("rep", { bind: bindEndpoint(transport) })
      const req = await socket("req", { connect: rep.endpoint })
      await req.send(["ping", 1])
      expect(await rep.recv()).to.deep.equal([["ping", 1]])
      await rep.send({ pong: 1 })
      expect(await req.recv()).to.deep.equal([{ pong: 1 }])
    })

    it("dealer/router: the router sees the dealer's identity before the body", async () => {
      const router = await socket("router", { bind: bindEndpoint(transport) })
      const dealer = await socket("dealer", { connect: router.endpoint, routingId: "d1" })
      await dealer.send([""], ["hello"])
      const [identity, empty, body] = await router.recv()
      expect(identity).to.deep.equal(Buffer.from("d1"))
      expect(empty).to.deep.equal(Buffer.alloc(0))
      expect(body).to.deep.equal(["hello"])
    })

    it("router/dealer: sends with an envelope header, a JSON body and extra frames", async () => {
      const router = await socket("router", { bind: bindEndpoint(transport) })
      const dealer = await socket("dealer", { connect: router.endpoint })
      await dealer.sendFrames(["", "hi"])
      const [identity] = (await router.recv({ json: false })) as Buffer[]
      await router.send([identity, ""], ["pong", 2], [Buffer.from([1, 2, 3]), "tail"])
      const [empty, body, blob, tail] = await dealer.recv({ json: 1 })
      expect(empty).to.deep.equal(Buffer.alloc(0))
      expect(body).to.deep.equal(["pong", 2])
      expect(blob).to.deep.equal(Buffer.from([1, 2, 3]))
      expect(tail).to.deep.equal(Buffer.from("tail"))
    })

    it("xpub/sub: publishes after subscribed() and the sub gets only its topics", async () => {
      const pub = await socket("xpub", { bind: bindEndpoint(transport) })
      const sub = await socket("sub", { connect: pub.endpoint, subscribe: "news" })
      await pub.subscribed("news.sport")
      await pub.send(["weather"], { rain: true })
      await pub.send(["news.sport"], { goal: 1 })
      const [topic, body] = await sub.recv()
      expect(topic).to.deep.equal(Buffer.from("news.sport"))
      expect(body).to.deep.equal({ goal: 1 })
      await expect(sub).to.receiveNothing({ timeout: 30 })
    })

    it("xpub/xsub: the xsub subscribes by hand and receives what matches", async () => {
      const pub = await socket("xpub", { bind: bindEndpoint(transport) })
      const xsub = await socket("xsub", { connect: pub.endpoint })
      await xsub.sendFrames([Buffer.concat([Buffer.from([1]), Buffer.from("t.")])])
      await pub.subscribed("t.1")
      await pub.send(["t.1"], [1])
      expect(await xsub.recv()).to.deep.equal([Buffer.from("t.1"), [1]])
    })

    it("push/pull: delivers messages in order", async () => {
      const pull = await socket("pull", { bind: bindEndpoint(transport) })
      const push = await socket("push", { connect: pull.endpoint })
      for (let i = 0; i < 3; i++) await push.send({ i })
      for (let i = 0; i < 3; i++) expect(await pull.recv()).to.deep.equal([{ i }])
    })

    it("pair/pair: sends both ways", async () => {
      const a = await socket("pair", { bind: bindEndpoint(transport) })
      const b = await socket("pair", { connect: a.endpoint })
      await b.send("to a")
      expect(await a.recv()).to.deep.equal(["to a"])
      await a.sendFrames(["raw", Buffer.from([0xff])])
      expect(await b.recv({ json: false })).to.deep.equal([Buffer.from("raw"), Buffer.from([0xff])])
    })
  })
}
