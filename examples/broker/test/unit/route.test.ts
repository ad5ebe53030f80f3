import { expect } from "chai"
import { fromClient, fromWorker, splitEnvelope } from "../../src/route"

const b = (text: string) => Buffer.from(text)

describe("broker routing", () => {
  it("splits the envelope at the first empty frame", () => {
    expect(splitEnvelope([b("id"), b(""), b("{}")])).to.deep.equal({
      envelope: [b("id"), b("")],
      body: [b("{}")],
    })
  })

  it("forwards a JSON request to the backend with its envelope", () => {
    const frames = [b("client-1"), b(""), b('["job",1]')]
    expect(fromClient(frames)).to.deep.equal({ to: "backend", frames })
  })

  it("answers a body that is not JSON itself, to the same envelope", () => {
    expect(fromClient([b("client-1"), b(""), b("job")])).to.deep.equal({
      to: "frontend",
      frames: [b("client-1"), b(""), b('["error","expected a JSON body, got \\"job\\""]')],
    })
  })

  it("answers a request without a delimiter to its routing id", () => {
    expect(fromClient([b("client-1"), b('["job",1]')])).to.deep.equal({
      to: "frontend",
      frames: [
        b("client-1"),
        b('["error","expected [<empty delimiter>, <JSON body>] after the routing id"]'),
      ],
    })
  })

  it("sends a worker's reply back to the frontend unchanged", () => {
    const frames = [b("client-1"), b(""), b('["done",1]')]
    expect(fromWorker(frames)).to.deep.equal({ to: "frontend", frames })
  })
})
