import type { ChildProcess } from "node:child_process"
import { setImmediate as nextMacrotask } from "node:timers/promises"
import { UsageError } from "../errors"
import { currentScope } from "../core/ownership"
import { checkNotInterrupted, installInterruptHandlers } from "../core/interrupt"
import type { Scope } from "../core/scope"
import { requireRegistered } from "../core/registration"
import { CallSite } from "../util/call-site"
import { checkOptions, mergeEnv } from "./check-options"
import { checkArgs, checkCommand, commandLine } from "./command-line"
import { ProcessExitedError } from "./errors"
import { ProcessHandle } from "./handle"
import { checkLoaderOptions, loaderExecArgv } from "./loader"
import { resolveModule } from "./module"
import type { ProcessOptions } from "./options"
import { waitUntilReady } from "./readiness"
import { inHost, type Placement } from "./placement"
import { spawnChild } from "./spawn"
import { attachStubs, prepareStubs, type StubRegistry } from "../stubs/index"
import { trace } from "./trace"
import { forgetTree, killTreeAndWait } from "./tree"

/** Where the start was called: the scope that owns the process, and the user's line. */
interface Caller {
  /** Taken synchronously at the call: if the test ends mid-start, the process is still its own. */
  scope: Scope
  site: CallSite
  /** The topology host it runs in (lib/topology/), if any. */
  placement?: Placement
}

/** Registers the started child with the test, then waits until it is ready. */
async function launch(
  child: ChildProcess,
  shown: string,
  options: ProcessOptions,
  { scope, site, placement }: Caller,
  registry?: StubRegistry,
): Promise<ProcessHandle> {
  const checked = checkOptions(options)
  const proc = new ProcessHandle(child, {
    display: shown,
    stop: checked.stop,
    grace: checked.grace,
    failOnExit: checked.failOnExit,
    owner: scope,
    site,
    ...(placement ? { placement } : {}),
  })
  if (registry) proc.attachStubs(registry)
  scope.crashable = true
  scope.add(proc)
  try {
    // One macrotask at least (the 'spawn' event comes on nextTick): a loop of starts without
    // `ready` must still let timers run, so that Mocha's timeout and Ctrl-C can land.
    await nextMacrotask()
    await scope.guard(waitUntilReady(proc, options.ready, checked.readyTimeout))
  } catch (err) {
    // Not ready: nothing of it may outlive the failed start.
    scope.remove(proc)
    await killTreeAndWait(proc.pid)
    forgetTree(proc.pid)
    await proc.exited
    registry?.close()
    throw err instanceof ProcessExitedError && scope.failed === err ? err.again() : err
  }
  if (options.ready !== undefined) trace("%s is ready after %d ms", proc.name, proc.lifetime)
  proc.markStarted()
  return proc
}

/**
 * Starts a program (no shell: arguments are passed as they are) and waits
 * until it is ready. It is stopped when the test ends; if it crashes, every
 * pending wait of the test fails at once with its exit status and stderr.
 *
 * @example
 * ```ts
 * const proc = await startProcess("node", ["dist/pongproc.js", "--port", "5678"], {
 *   ready: /listening/,
 *   stop: { signal: "SIGINT" },
 * })
 * ```
 */
export function startProcess(
  command: string,
  args: readonly string[] = [],
  options: ProcessOptions = {},
): Promise<ProcessHandle> {
  return startProcessIn(undefined, new CallSite(startProcess), command, args, options)
}

/**
 * @internal {@link startProcess} in a place (a topology host: `net.host("w1").startProcess`),
 * with the call site of the public method the test called.
 */
export async function startProcessIn(
  placement: Placement | undefined,
  site: CallSite,
  command: string,
  args: readonly string[] = [],
  options: ProcessOptions = {},
): Promise<ProcessHandle> {
  const caller: Caller = { scope: currentScope(), site, ...(placement ? { placement } : {}) }
  try {
    checkNotInterrupted("startProcess")
    installInterruptHandlers()
    requireRegistered()
    checkCommand("startProcess", command)
    checkArgs("startProcess", command, args)
    checkOptions(options)
    checkLoaderOptions("startProcess", options)
    if (options.stubs?.length) {
      throw new UsageError(
        "expected `stubs` only with startModule (they need its IPC channel), got them with startProcess. Start the module with startModule.",
      )
    }
    const shown = commandLine(command, args)
    const child = await spawnChild({
      file: command,
      shown: { command, caller: "startProcess" },
      display: shown,
      args,
      cwd: options.cwd,
      env: mergeEnv(options.env),
      ...(placement ? { placement } : {}),
    })
    return await launch(child, shown, options, caller)
  } catch (err) {
    throw caller.site.apply(err as Error)
  }
}

/**
 * Forks a Node module (`.js`, or `.ts`/`.mts`/`.cts` through the loader your
 * project has: tsx, ts-node or Node's type stripping; see `loader`) with an
 * IPC channel (`proc.child.send`), and waits until it is ready. Same options
 * and handle as {@link startProcess}, plus `stubs`, `loader` and `execArgv`.
 * The module path is relative to the working directory.
 *
 * @example
 * ```ts
 * const pong = await startModule("test/fixtures/pong.ts", ["--port", "5678"], { ready: "tcp://127.0.0.1:5678" })
 * ```
 */
export function startModule(
  modulePath: string,
  args: readonly string[] = [],
  options: ProcessOptions = {},
): Promise<ProcessHandle> {
  return startModuleIn(undefined, new CallSite(startModule), modulePath, args, options)
}

/** @internal {@link startModule} in a place (a topology host), with the public method's call site. */
export async function startModuleIn(
  placement: Placement | undefined,
  site: CallSite,
  modulePath: string,
  args: readonly string[] = [],
  options: ProcessOptions = {},
): Promise<ProcessHandle> {
  const caller: Caller = { scope: currentScope(), site, ...(placement ? { placement } : {}) }
  try {
    checkNotInterrupted("startModule")
    installInterruptHandlers()
    requireRegistered()
    const file = resolveModule(modulePath)
    checkArgs("startModule", modulePath, args)
    checkOptions(options)
    checkLoaderOptions("startModule", options)
    const execArgv = options.execArgv ?? loaderExecArgv(file, options.loader)
    const stubs = options.stubs?.length ? options.stubs : undefined
    const prepared = stubs ? prepareStubs(stubs, file) : undefined
    let registry: StubRegistry | undefined
    const shown = commandLine(modulePath, args)
    let child: ChildProcess
    try {
      child = await spawnChild({
        file,
        shown: { command: modulePath, caller: "startModule" },
        display: shown,
        args,
        cwd: options.cwd,
        env: mergeEnv(options.env, prepared?.env),
        execArgv: [...execArgv, ...(prepared?.execArgv ?? [])],
        ...(placement ? { placement } : {}),
        // Stub reports may come as soon as the child runs: listen before anything else happens.
        onChild: (c) => {
          if (stubs)
            registry = attachStubs(
              c,
              stubs,
              () => `process "${shown}" (pid ${c.pid})${inHost(placement)}`,
            )
        },
      })
    } catch (err) {
      registry?.close()
      throw err
    }
    return await launch(child, shown, options, caller, registry)
  } catch (err) {
    throw caller.site.apply(err as Error)
  }
}
