// A small suite that a test runs in a nested Mocha (started with startProcess)
// to check Mocha's exit code: one test passes, one fails, so mocha exits 1.
const assert = require("node:assert")

describe("nested suite", () => {
  it("passes", () => assert.equal(1 + 1, 2))
  it("fails", () => assert.equal(1 + 1, 3))
})
