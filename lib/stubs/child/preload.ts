/**
 * Preloaded into a process under test (`node --require`) when it was started
 * with stubs: installs the fakes before the application loads anything.
 * CommonJS `require()` goes through Module._load; ES module `import` through
 * loader hooks registered with `module.register()`.
 */
import Module from "node:module"
import { isMainThread } from "node:worker_threads"
import { StubError } from "../../errors"
import { NEEDS_IPC } from "../messages"
import { STUBS_ENV, type ChildConfig } from "../spec"
import type { StubMessage } from "../wire"
import { ESM_HOOKS_SOURCE } from "./esm-hooks"
import { ChildRuntime, RUNTIME_KEY } from "./runtime"

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown
  _resolveFilename(request: string, parent: unknown, isMain: boolean): string
}

function send(message: StubMessage): void {
  // The application may have closed the channel; the test then sees no report.
  if (process.connected) process.send?.(message, undefined, {}, () => undefined)
}

function hookRequire(runtime: ChildRuntime): void {
  const internals = Module as unknown as ModuleInternals
  const load = internals._load
  internals._load = function (this: unknown, request, parent, isMain) {
    const exported = load.apply(this, [request, parent, isMain])
    if (isMain || typeof request !== "string" || Module.isBuiltin(request)) return exported
    let filename: string
    try {
      filename = internals._resolveFilename(request, parent, isMain)
    } catch {
      return exported
    }
    return runtime.isTarget(filename) ? runtime.wrapCommonJs(filename, exported) : exported
  }
}

function install(): void {
  const raw = process.env[STUBS_ENV]
  if (!raw) return
  // Processes the application starts must not inherit the stubs.
  delete process.env[STUBS_ENV]
  if (typeof process.send !== "function") {
    throw new StubError(NEEDS_IPC.child)
  }
  const runtime = new ChildRuntime(JSON.parse(raw) as ChildConfig, send)
  ;(globalThis as Record<symbol, unknown>)[RUNTIME_KEY] = runtime
  hookRequire(runtime)
  Module.register?.("data:text/javascript," + encodeURIComponent(ESM_HOOKS_SOURCE), {
    data: { targets: runtime.esmTargets() },
  })
}

// Node also runs preloads in the loader-hooks thread; only the main thread installs.
if (isMainThread) install()
