import { expect } from "chai"
import { clientOptions, heartbeatOptions, serverOptions } from "../../src/args"

describe("command lines", () => {
  it("gives the client the zguide's defaults", () => {
    expect(clientOptions(["tcp://127.0.0.1:5555"])).to.deep.equal({
      endpoint: "tcp://127.0.0.1:5555",
      requests: 10,
      timeout: 250,
      retries: 3,
      interval: 0,
      persist: false,
    })
  })

  it("reads every client option", () => {
    const argv = ["ipc:///tmp/x", "--requests", "0", "--timeout", "100", "--retries", "1"]
    expect(clientOptions([...argv, "--interval", "20", "--persist"])).to.deep.equal({
      endpoint: "ipc:///tmp/x",
      requests: 0,
      timeout: 100,
      retries: 1,
      interval: 20,
      persist: true,
    })
  })

  it("refuses a count that is not an integer in range, naming the option", () => {
    expect(() => clientOptions(["tcp://x:1", "--timeout", "0"])).to.throw(
      '--timeout: expected an integer >= 1, got "0"',
    )
    expect(() => serverOptions(["--crash-at", "two"])).to.throw(
      '--crash-at: expected an integer >= 0, got "two"',
    )
  })

  it("asks for the endpoint the client and the monitor connect to", () => {
    expect(() => clientOptions([])).to.throw("usage: client.ts <endpoint> [options]")
    expect(() => heartbeatOptions([])).to.throw("usage: heartbeat.ts <endpoint> [options]")
  })

  it("binds the server on a random port unless told", () => {
    expect(serverOptions(["--slow-every", "2", "--slow-ms", "500"])).to.deep.equal({
      endpoint: "tcp://127.0.0.1:*",
      slowEvery: 2,
      slowMs: 500,
      workMs: 0,
      crashAt: 0,
    })
  })

  it("reads the monitor's interval and liveness", () => {
    expect(heartbeatOptions(["tcp://x:1", "--interval", "50", "--liveness", "2"])).to.deep.equal({
      endpoint: "tcp://x:1",
      interval: 50,
      liveness: 2,
    })
  })
})
