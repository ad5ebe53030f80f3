import { expect } from "chai"
import { bindEndpoint, decode, formatExchange, handle, STOP } from "../../src/logic"

// Unit tests: the message handling alone, no sockets, no processes, no tag.
describe("pong logic", () => {
  describe("handle", () => {
    it("answers a ping with a pong carrying the same number", () => {
      expect(handle(["ping", 7])).to.deep.equal({ reply: ["pong", 7], stop: false })
    })

    it("stops without a reply on the stop message", () => {
      expect(handle([...STOP])).to.deep.equal({ stop: true })
    })

    it("answers anything else with an error naming what came", () => {
      expect(handle(["ping", "one"])).to.deep.equal({
        reply: [
          "error",
          'expected ["ping", <integer>] or ["plzdiekthxbye",null], got ["ping","one"]',
        ],
        stop: false,
      })
    })
  })

  describe("decode", () => {
    it("decodes a JSON frame", () => {
      expect(decode(Buffer.from('["ping",1]'))).to.deep.equal({ ok: true, message: ["ping", 1] })
    })

    it("turns a frame that is not JSON into an error reply", () => {
      expect(decode(Buffer.from("ping"))).to.deep.equal({
        ok: false,
        reply: ["error", 'expected a JSON frame, got "ping"'],
      })
    })
  })

  describe("bindEndpoint", () => {
    it("binds a random port when none is given", () => {
      expect(bindEndpoint([])).to.equal("tcp://127.0.0.1:*")
    })

    it("binds the port given", () => {
      expect(bindEndpoint(["5678"])).to.equal("tcp://127.0.0.1:5678")
    })

    it("rejects a port that is not a number", () => {
      expect(() => bindEndpoint(["http"])).to.throw('expected a port number (1-65535), got "http"')
    })
  })

  it("formats one exchange of the ping client", () => {
    expect(formatExchange(["ping", 1], ["pong", 1])).to.equal('["ping",1] -> ["pong",1]')
  })
})
