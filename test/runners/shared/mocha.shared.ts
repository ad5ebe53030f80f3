// The shared suite under Mocha: `mocha --require zmq-harness/register <this file>`.
import { sharedCases } from "./cases"

describe("shared suite", () => {
  for (const c of sharedCases) {
    it(c.title, async function () {
      if (c.timeout) this.timeout(c.timeout)
      await c.run()
    })
  }
})
