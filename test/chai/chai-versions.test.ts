import { expect } from "chai"
import { spawnSync } from "node:child_process"
import * as path from "node:path"

// The plugin is used with the user's chai: check both majors we support, each in a child
// process of its own (chai 5 is installed as the devDependency alias "chai5").
describe("chai plugin with chai 5 and 6", function () {
  this.timeout(30000)
  const fixture = path.join(__dirname, "../fixtures/sockets/chai-version.ts")

  for (const [name, major] of [
    ["chai5", "5"],
    ["chai", "6"],
  ]) {
    it(`receives, fails with diff data and receives nothing with chai ${major}`, () => {
      const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", fixture], {
        encoding: "utf8",
        timeout: 20000,
        env: { ...process.env, CHAI_PATH: name },
      })
      expect(run.stderr).to.equal("")
      expect(run.stdout).to.match(new RegExp(`^ok ${major}\\.\\d+\\.\\d+\\n$`))
    })
  }
})
