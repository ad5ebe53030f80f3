import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { LoaderUnavailableError, startModule, startProcess, UsageError } from "../../lib"
import { loaderExecArgv } from "../../lib/process/loader"
import { rejection } from "../helpers/rejection"

const repoModules = path.resolve(__dirname, "../../node_modules")
const canStripTypes = process.allowedNodeEnvironmentFlags.has("--experimental-strip-types")

/**
 * A scratch project with the given packages in its node_modules: the repo's
 * own copies linked in, or a `typescript` that only says its version (the
 * choice reads nothing else of it).
 */
function project(packages: { link?: string[]; typescript?: string }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-loader-"))
  fs.mkdirSync(path.join(root, "node_modules"))
  for (const name of packages.link ?? []) {
    fs.symlinkSync(path.join(repoModules, name), path.join(root, "node_modules", name))
  }
  if (packages.typescript) {
    const dir = path.join(root, "node_modules", "typescript")
    fs.mkdirSync(dir)
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "typescript", version: packages.typescript }),
    )
  }
  fs.writeFileSync(path.join(root, "package.json"), "{}")
  return root
}

describe("startModule's loader choice", () => {
  const roots: string[] = []
  const make = (packages: Parameters<typeof project>[0]) => {
    const root = project(packages)
    roots.push(root)
    return root
  }
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })))

  it("takes tsx first when the project has it: its require hook for CommonJS", () => {
    const root = make({ link: ["tsx", "ts-node", "typescript"] })
    const cjs = fs.realpathSync(path.join(root, "node_modules/tsx/dist/cjs/index.cjs"))
    expect(loaderExecArgv(path.join(root, "src/app.ts"), undefined, [root])).to.deep.equal([
      "--require",
      cjs,
    ])
  })

  it("takes tsx's ES module hooks for an .mts module", () => {
    const root = make({ link: ["tsx"] })
    const esm = fs.realpathSync(path.join(root, "node_modules/tsx/dist/loader.mjs"))
    expect(loaderExecArgv(path.join(root, "src/app.mts"), undefined, [root])).to.deep.equal([
      "--import",
      pathToFileURL(esm).href,
    ])
  })

  it("takes ts-node's require hook without tsx, with TypeScript 5", () => {
    const root = make({ link: ["ts-node", "typescript"] })
    const hook = require.resolve("ts-node/register/transpile-only", { paths: [root] })
    expect(loaderExecArgv(path.join(root, "src/app.ts"), undefined, [root])).to.deep.equal([
      "--require",
      hook,
    ])
  })

  it("adds ts-node's ES module hooks for an .mts module", () => {
    const root = make({ link: ["ts-node", "typescript"] })
    const args = loaderExecArgv(path.join(root, "src/app.mts"), undefined, [root])
    expect(args.slice(0, 3)).to.deep.equal([
      "--require",
      require.resolve("ts-node/register/transpile-only", { paths: [root] }),
      "--import",
    ])
    expect(decodeURIComponent(args[3]!)).to.include("ts-node/esm/transpile-only.mjs")
  })

  it("passes over ts-node when TypeScript is 7 (no JavaScript API)", () => {
    const root = make({ link: ["ts-node"], typescript: "7.0.2" })
    const file = path.join(root, "src/app.ts")
    if (canStripTypes) {
      expect(loaderExecArgv(file, undefined, [root])).to.not.include("--require")
      return
    }
    expect(() => loaderExecArgv(file, undefined, [root])).to.throw(
      LoaderUnavailableError,
      `zmq-harness: expected a TypeScript loader to run ${file}, got none: tsx is not installed; ` +
        `ts-node cannot run with TypeScript 7.0.2 (it has no JavaScript API); ` +
        `Node ${process.version} cannot strip types (Node 22.6 and later can). ` +
        "Install tsx in your project (npm install --save-dev tsx), or start the compiled .js file.",
    )
  })

  it("refuses ts-node asked for by name when TypeScript is 7", () => {
    const root = make({ link: ["ts-node"], typescript: "7.0.2" })
    const file = path.join(root, "src/app.ts")
    let thrown: unknown
    try {
      loaderExecArgv(file, "ts-node", [root])
    } catch (err) {
      thrown = err
    }
    expect(thrown).to.be.instanceOf(LoaderUnavailableError)
    expect(thrown).to.have.property("code", "ERR_ZMQH_LOADER_UNAVAILABLE")
    expect((thrown as Error).message).to.equal(
      `zmq-harness: expected the loader "ts-node" to run ${file}, got: ts-node cannot run with ` +
        "TypeScript 7.0.2 (it has no JavaScript API). Install ts-node with TypeScript 5 " +
        '(npm install --save-dev ts-node typescript@5), or use tsx (npm install --save-dev tsx, then loader: "tsx").',
    )
  })

  it("names the package to install when tsx is asked for and missing", () => {
    const root = make({})
    const file = path.join(root, "src/app.ts")
    expect(() => loaderExecArgv(file, "tsx", [root])).to.throw(
      LoaderUnavailableError,
      `zmq-harness: expected the loader "tsx" to run ${file}, got: tsx is not installed. ` +
        "Install it (npm install --save-dev tsx).",
    )
  })

  it("uses Node's type stripping when the Node has it, else says which Node does", () => {
    const file = path.join(make({}), "src/app.ts")
    if (canStripTypes) {
      expect(loaderExecArgv(file, "strip-types")).to.not.include("--require")
      return
    }
    expect(() => loaderExecArgv(file, "strip-types")).to.throw(
      LoaderUnavailableError,
      `got: Node ${process.version} cannot strip types (Node 22.6 and later can). Use tsx instead`,
    )
  })

  it("runs JavaScript with no loader, and any module with loader none", () => {
    const root = make({})
    expect(loaderExecArgv(path.join(root, "app.js"), undefined, [root])).to.deep.equal([])
    expect(loaderExecArgv(path.join(root, "app.mjs"), undefined, [root])).to.deep.equal([])
    expect(loaderExecArgv(path.join(root, "app.ts"), "none", [root])).to.deep.equal([])
  })

  it("fails startModule at once, before spawning, when no loader is there", async () => {
    const root = make({})
    fs.writeFileSync(path.join(root, "app.ts"), "console.log('never runs')\n")
    const cwd = process.cwd()
    // The choice looks in the module's folder, then the working directory (here the repo, with tsx).
    process.chdir(root)
    try {
      const err = await rejection(() =>
        startModule(path.join(root, "app.ts"), [], { loader: "tsx" }),
      )
      expect(err).to.be.instanceOf(LoaderUnavailableError)
      expect(err.message).to.include("npm install --save-dev tsx")
      expect(err.stack).to.include("loader-choice.test.ts")
    } finally {
      process.chdir(cwd)
    }
  })
})

describe("startModule's loader options", () => {
  const app = path.join(__dirname, "../fixtures/loaders/cjs/app.ts")

  it("rejects an unknown loader", async () => {
    const err = await rejection(() => startModule(app, [], { loader: "esbuild" as never }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      'zmq-harness: expected `loader` to be one of "tsx", "ts-node", "strip-types", "none", got "esbuild".',
    )
  })

  it("rejects an execArgv that is not a list of strings", async () => {
    const err = await rejection(() => startModule(app, [], { execArgv: "--import tsx" as never }))
    expect(err.message).to.equal(
      'zmq-harness: expected `execArgv` to be an array of strings (Node\'s options), got "--import tsx".',
    )
  })

  it("rejects loader and execArgv together", async () => {
    const err = await rejection(() => startModule(app, [], { loader: "tsx", execArgv: [] }))
    expect(err.message).to.match(/^zmq-harness: expected `loader` or `execArgv`, got both/)
  })

  it("rejects them with startProcess", async () => {
    const err = await rejection(() => startProcess("node", [app], { loader: "tsx" }))
    expect(err.message).to.equal(
      "zmq-harness: expected `loader` and `execArgv` only with startModule, got them with startProcess. " +
        "Start the module with startModule, or put Node's options in the command's arguments.",
    )
  })
})
