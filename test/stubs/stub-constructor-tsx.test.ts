import { expect } from "chai"
import { MOCHA_BIN, runChildMocha } from "../helpers/child-mocha"

// tsx (esbuild) compiles `export class B` to a getter that cannot be replaced, and
// `import * as b` of a CommonJS module to a copy of getters: stubConstructor must reach the
// export where the code under test reads it. Run in a child Mocha under tsx, as the README
// sets a project up.
describe("stubConstructor under tsx @process", function () {
  this.timeout(60000)

  it("replaces exports of TypeScript and JavaScript CommonJS modules, from TypeScript and JavaScript tests", async () => {
    const run = await runChildMocha(
      [
        MOCHA_BIN,
        "--no-config",
        "--no-package",
        "--require",
        "tsx/cjs",
        "--require",
        "./lib/register.ts",
        "--timeout",
        "10000",
        "test/fixtures/stubs/in-tsx/stub-constructor.fixture.ts",
        "test/fixtures/stubs/in-tsx/stub-constructor.fixture.js",
      ],
      { timeoutMs: 50000 },
    )
    expect(run.failed, run.output).to.equal(0)
    expect(run.passed, run.output).to.equal(5)
    expect(run.code, run.output).to.equal(0)
  })
})
