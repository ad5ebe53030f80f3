import type { ChildProcess } from "node:child_process"
import { codes, ZmqHarnessError } from "../../errors"

/**
 * CONTRACT between the process launcher (lib/process/*) and child stubs
 * (lib/process/stubs/*). The launcher calls prepareStubs() before forking and
 * attachStubs() after; `proc.stub(module, export)` delegates to the registry.
 */

/** One export to replace inside a process under test. */
export interface StubSpec {
  /** The specifier as the application writes it (`"./b"`), resolved from the started module's folder, or a package name. */
  module: string
  /** The export to replace (`"B"`; `"default"` for a default export). */
  export: string
}

/** One call of a stub (constructor or method), as reported over IPC. */
export interface StubCall {
  /** `"new"` for a construction, else the method name. */
  method: string
  args: unknown[]
  /** ms since the stub was installed. */
  at: number
}

/** The test's handle on one stub. */
export interface StubHandle {
  /** Resolves with the arguments of the next construction not yet taken (earlier ones are queued). */
  constructed(options?: { timeout?: number }): Promise<unknown[]>
  /** Every call so far, oldest first. */
  calls(): StubCall[]
}

/** What the launcher keeps per started process. */
export interface StubRegistry {
  stub(module: string, exportName: string): StubHandle
  /** Stops waiting (process gone or test over). */
  close(): void
}

/** What the child needs: extra `execArgv` (preload hooks) and environment. */
export function prepareStubs(
  _stubs: StubSpec[],
  _modulePath: string,
): { execArgv: string[]; env: Record<string, string> } {
  throw new ZmqHarnessError(codes.STUB, "child stubs are not implemented yet")
}

/** Listens to the child's IPC reports of stub calls. `describeOwner` names the process in messages. */
export function attachStubs(
  _child: ChildProcess,
  _stubs: StubSpec[],
  _describeOwner: () => string,
): StubRegistry {
  throw new ZmqHarnessError(codes.STUB, "child stubs are not implemented yet")
}
