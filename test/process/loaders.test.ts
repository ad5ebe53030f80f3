import { expect } from "chai"
import * as path from "node:path"
import { LoaderUnavailableError, startModule, type ModuleLoader } from "../../lib"
import { loaderExecArgv } from "../../lib/process/loader"

const fixtures = path.join(__dirname, "../fixtures/loaders")

/** Each TypeScript extension in each kind of package, and the module system Node gives it. */
const CASES = [
  ["cjs", "ts", "commonjs"],
  ["cjs", "mts", "module"],
  ["cjs", "cts", "commonjs"],
  ["esm", "ts", "module"],
  ["esm", "mts", "module"],
  ["esm", "cts", "commonjs"],
] as const

/** Why `loader` cannot run here (not installed, Node too old), or undefined when it can. */
function unavailable(loader: ModuleLoader): string | undefined {
  try {
    loaderExecArgv(path.join(fixtures, "esm", "app.ts"), loader)
    return undefined
  } catch (err) {
    if (err instanceof LoaderUnavailableError) return err.message
    throw err
  }
}

/** Starts the module, waits for it to end, and returns what it reported. */
async function run(file: string, options: Parameters<typeof startModule>[2]) {
  const proc = await startModule(file, ["a b", "--c"], { ready: /^ready /m, ...options })
  expect(await proc.exited).to.deep.equal({ code: 0, signal: null })
  return JSON.parse(/^ready (.*)$/m.exec(proc.stdout)![1]!) as { system: string; args: string[] }
}

describe("startModule loaders @process", () => {
  for (const loader of ["tsx", "ts-node", "strip-types"] as const) {
    describe(`loader: "${loader}"`, () => {
      before(function () {
        // Each loader the machine has is tested; Node 20 has no type stripping.
        if (unavailable(loader)) this.skip()
      })

      for (const [pkg, ext, system] of CASES) {
        it(`starts a .${ext} module of a ${pkg === "esm" ? '"type": "module"' : "CommonJS"} package`, async () => {
          const started = await run(path.join(fixtures, pkg, `app.${ext}`), { loader })
          expect(started).to.deep.equal({ system, args: ["a b", "--c"] })
        })
      }

      for (const pkg of ["cjs", "esm"]) {
        it(`keeps child stubs working in a ${pkg === "esm" ? "ES" : "CommonJS"} module`, async () => {
          // Type stripping resolves imports only with their extension, and keeps a
          // CommonJS package's files CommonJS (no import): its own fixtures.
          const strip = loader === "strip-types"
          const module = strip
            ? pkg === "esm"
              ? "./worker.ts"
              : "./worker-cjs.ts"
            : pkg === "esm"
              ? "./worker.js"
              : "./worker"
          const app = strip ? "stubbed-strip.ts" : "stubbed.ts"
          const proc = await startModule(path.join(fixtures, pkg, app), [], {
            loader,
            // ts-node reads the tsconfig.json of the working directory: the package's own.
            cwd: path.join(fixtures, pkg),
            ready: /^ready /m,
            stubs: [{ module, export: "Worker", returns: { start: "stubbed" } }],
          })
          expect(await proc.stub(module, "Worker").constructed()).to.deep.equal([5])
          expect(await proc.exited).to.deep.equal({ code: 0, signal: null })
          expect(proc.stdout).to.equal("ready stubbed\n")
        })
      }
    })
  }

  describe("by default", () => {
    // The regression: ts-node's require hook alone ran every .ts file, so
    // `.mts` failed with ERR_REQUIRE_ESM and an ES package's `.ts` with
    // "Unknown file extension".
    for (const [pkg, ext, system] of CASES) {
      it(`starts a .${ext} module of a ${pkg === "esm" ? '"type": "module"' : "CommonJS"} package`, async () => {
        const started = await run(path.join(fixtures, pkg, `app.${ext}`), {})
        expect(started).to.deep.equal({ system, args: ["a b", "--c"] })
      })
    }
  })

  describe("execArgv", () => {
    it("replaces the loader's options", async () => {
      // Without the loader's hooks, plain Node cannot load an ES package's .ts file.
      const proc = await startModule(path.join(fixtures, "esm", "app.ts"), [], {
        execArgv: [],
        failOnExit: false,
      })
      expect(await proc.exited).to.deep.equal({ code: 1, signal: null })
      expect(proc.stderr).to.include('Unknown file extension ".ts"')
    })

    it("runs the module with the options given", async () => {
      const tsx = loaderExecArgv(path.join(fixtures, "esm", "app.mts"), "tsx")
      const started = await run(path.join(fixtures, "esm", "app.mts"), {
        execArgv: [...tsx, "--max-old-space-size=64"],
      })
      expect(started).to.deep.equal({ system: "module", args: ["a b", "--c"] })
    })
  })
})
