import { expect } from "chai"
import { codes, errorClasses, ZmqHarnessError } from "../../lib"
import * as lib from "../../lib"

describe("error codes", () => {
  it("maps every code to exactly one class whose instances carry that code", () => {
    const classes = Object.values(errorClasses)
    expect(Object.keys(errorClasses).sort()).to.deep.equal(Object.values(codes).sort())
    expect(new Set(classes).size).to.equal(classes.length)
    for (const [code, cls] of Object.entries(errorClasses)) {
      expect((cls as unknown as { code: string }).code, cls.name).to.equal(code)
    }
  })

  it("exports every error class from the package root", () => {
    const exported = Object.values(lib).filter(
      (value) => typeof value === "function" && value.prototype instanceof ZmqHarnessError,
    )
    const concrete = exported.filter((cls) => Object.values(errorClasses).includes(cls as never))
    expect(concrete.length).to.equal(Object.keys(codes).length)
  })

  it("gives an instance its class's code and the message prefix", () => {
    const err = new lib.UsageError("expected a, got b. Do c.")
    expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    expect(err.message).to.equal("zmq-harness: expected a, got b. Do c.")
    expect(err.name).to.equal("UsageError")
    const typed = new lib.SocketTypeError("expected a socket type, got x.")
    expect(typed).to.be.instanceOf(lib.UsageError)
    expect(typed.code).to.equal("ERR_ZMQH_SOCKET_TYPE")
  })
})
