import { expect } from "chai"
import { commandLine } from "../../lib/process/command-line"

describe("command lines in messages", () => {
  it("shows a short command line whole, quoting arguments with special characters", () => {
    expect(commandLine("node", ["app.js", "a b", "--port", "5678"])).to.equal(
      'node app.js "a b" --port 5678',
    )
  })

  it("cuts a long path in its middle, so the file name and the arguments stay visible wherever the project lies", () => {
    const deep = `/work/${"checkout-under-a-long-path/".repeat(6)}test/fixtures/reliability/flaky-pong.js`
    const shown = commandLine("/usr/local/bin/node", [deep, "--answers", "1"])
    expect(shown).to.have.length(120)
    expect(shown).to.match(/^\/usr\/local\/bin\/node \/work\/ch…\S+\/flaky-pong\.js --answers 1$/)
  })

  it("cuts a line of many short arguments at its end", () => {
    const args = Array.from({ length: 60 }, (_, i) => `arg${i}`)
    const shown = commandLine("prog", args)
    expect(shown).to.have.length(120)
    expect(shown).to.match(/^prog arg0 arg1 .*…$/)
  })
})
