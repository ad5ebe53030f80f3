import { StubError } from "../errors"
import { currentScope } from "../core/ownership"
import { makeFake, requireSinon, type SinonLike } from "./fake"
import { exportNames, missingExportMessage } from "./messages"
import { StubRecorder, type StubHandle } from "./recorder"
import { CallSite } from "../util/call-site"
import {
  installExportsOverlay,
  interopHolder,
  isNamespace,
  replaceThroughOverlay,
} from "./exports-overlay"

// The test files that import zmq-harness before the module under test get replaceable exports
// even without a runner entry (which installs it before any test file).
installExportsOverlay()

/**
 * Options of {@link stubConstructor}.
 *
 * @example
 * ```ts
 * stubConstructor(b, "B", { returns: { start: true } })
 * ```
 */
export interface StubConstructorOptions {
  /** Values the fake instance's methods return, by method name; others return undefined. */
  returns?: Record<string, unknown>
}

/**
 * The handle of an in-process stub: a {@link StubHandle}, plus the fake itself.
 *
 * @example
 * ```ts
 * const B = stubConstructor(b, "B")
 * new b.B(5678)
 * expect(B.fake.calledWithNew()).to.equal(true)
 * B.restore()
 * ```
 */
export interface InProcessStubHandle extends StubHandle {
  /** The sinon spy that replaced the export; cast to `sinon.SinonSpy` for the rest of its API. */
  readonly fake: FakeSpy
  /** Puts the real export back now (it is put back anyway when the test ends). */
  restore(): void
}

/**
 * The parts of a sinon spy typed here (sinon's own types are an optional dependency).
 *
 * @example
 * ```ts
 * const spy = stubConstructor(b, "B").fake as unknown as sinon.SinonSpy
 * ```
 */
export interface FakeSpy {
  (...args: any[]): any
  readonly callCount: number
  readonly args: unknown[][]
  calledWithNew(): boolean
}

interface Sandbox {
  replace(object: object, property: string, replacement: unknown): unknown
  restore(): void
}

/**
 * Here sinon is needed, unlike in a child (where fakes without it still
 * report over IPC): the handle gives out the spy as `fake`, and the sandbox
 * puts the real export back.
 */
function loadSinon(): SinonLike & { createSandbox(): Sandbox } {
  try {
    return requireSinon([__filename])
  } catch (err) {
    throw new StubError(
      "expected sinon to be installed for stubConstructor, got none. Install it: npm install --save-dev sinon.",
      { cause: err },
    )
  }
}

/**
 * Replaces `moduleObject[exportName]` — a class or a factory function — with
 * a sinon fake for the rest of the test, in the test's own process. The
 * handle works like `proc.stub()`: `constructed()` resolves with the
 * arguments of the next construction, `calls()` lists every call, and every
 * method of a fake instance does nothing (or returns what `returns` says).
 *
 * @example
 * ```ts
 * import * as b from "../src/b"
 * import { A } from "../src/a"
 *
 * it("hands B the port", async () => {
 *   const B = stubConstructor(b, "B")
 *   await new A().start()                 // A binds a random port and does `new B(port)`
 *   const [port] = await B.constructed()
 *   const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
 * })
 * ```
 */
export function stubConstructor(
  moduleObject: object,
  exportName: string,
  options: StubConstructorOptions = {},
): InProcessStubHandle {
  const site = new CallSite(stubConstructor)
  if (
    moduleObject === null ||
    (typeof moduleObject !== "object" && typeof moduleObject !== "function")
  ) {
    throw site.apply(
      new StubError(
        `expected a module object for stubConstructor (import * as b from "./b"), got ${moduleObject === null ? "null" : typeof moduleObject}. ` +
          `Pass the module, and the export's name as a string.`,
      ),
    )
  }
  const label = typeof exportName === "string" ? exportName : String(exportName)
  if (typeof exportName !== "string" || !(exportName in moduleObject)) {
    throw site.apply(
      new StubError(missingExportMessage("the module object", label, exportNames(moduleObject))),
    )
  }
  const sinon = loadSinon()
  // The same recorder and fake as a child's stub, fed directly instead of over
  // IPC. What differs, and why: no "loaded" report (the test already holds the
  // module object), and no process whose end fails the waits (restore does).
  const recorder = new StubRecorder("the module object", exportName, {
    owner: () => "the test's own process",
    label: `stub ${exportName} (stubConstructor)`,
    tracksLoading: false,
  })
  const fake = makeFake({
    name: exportName,
    returns: options.returns,
    sinon,
    since: Date.now(),
    report: (call) => recorder.record(call),
  })
  const sandbox = sinon.createSandbox()
  const undo = replaceExport(moduleObject, exportName, fake, sandbox, site)
  let restored = false
  const restore = () => {
    if (restored) return
    restored = true
    undo()
    recorder.close("the restore of the stub")
  }
  currentScope().add({
    kind: "stub",
    close: async () => restore(),
    describe: () => recorder.describe(),
  })
  return {
    fake: fake as FakeSpy,
    restore,
    constructed: (opts) => recorder.constructed(opts),
    calls: () => recorder.calls(),
  }
}

/** How the export looks on the module object, for the message when it cannot be replaced. */
function whyFixed(moduleObject: object, exportName: string): string {
  const inner = Object.getOwnPropertyDescriptor(moduleObject, "default")
  if (isNamespace(moduleObject) || (inner && "value" in inner && isNamespace(inner.value)))
    return "an ES module namespace, whose exports no one can change"
  const d = Object.getOwnPropertyDescriptor(moduleObject, exportName)
  if (d?.get && !d.configurable)
    return (
      "a read-only getter, as tsx (esbuild) compiles `export class` in a module loaded " +
      "before zmq-harness could make its exports replaceable"
    )
  return "a property that cannot be changed"
}

/**
 * Puts `fake` in place of `moduleObject[exportName]` where the code under test reads it, and
 * returns the undo: on the module object itself (CommonJS, ts-node), through the overlay of a
 * tsx-compiled module, or on the `module.exports` behind an interop namespace.
 */
function replaceExport(
  moduleObject: object,
  exportName: string,
  fake: unknown,
  sandbox: Sandbox,
  site: CallSite,
): () => void {
  const own = Object.getOwnPropertyDescriptor(moduleObject, exportName)
  const direct = !own || ("value" in own && (own.writable || own.configurable)) || own.configurable
  let failure: unknown
  if (direct) {
    try {
      sandbox.replace(moduleObject, exportName, fake)
      return () => sandbox.restore()
    } catch (err) {
      failure = err
    }
  }
  const undo = replaceThroughOverlay(moduleObject, exportName, fake)
  if (undo) return undo
  const holder = interopHolder(moduleObject, exportName)
  if (holder) {
    sandbox.replace(holder, exportName, fake)
    return () => sandbox.restore()
  }
  throw site.apply(
    new StubError(
      `expected ${exportName} to be replaceable on the module object, got ${whyFixed(moduleObject, exportName)}` +
        (failure ? ` ("${(failure as Error).message}")` : "") +
        ". An ES module namespace cannot be changed: stub an ES module in a process, with " +
        "startModule's stubs option (`stubs: [{ module, export }]`), which replaces its exports as it loads. " +
        "For a CommonJS or TypeScript module, load zmq-harness/register before the test files " +
        "(`require: [tsx/cjs, zmq-harness/register]` in .mocharc), or import zmq-harness before the module under test.",
      { cause: failure },
    ),
  )
}
