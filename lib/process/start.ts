import type { ChildProcess } from "node:child_process"
import { codes, UsageError } from "../errors"
import { currentScope } from "../mocha/current"
import { installInterruptHandlers } from "../mocha/interrupt"
import { requireRegistered } from "../mocha/registration"
import { CallSite } from "../util/call-site"
import { checkOptions, mergeEnv } from "./check-options"
import { checkArgs, checkCommand, commandLine } from "./command-line"
import { ProcessExitedError } from "./errors"
import { ProcessHandle } from "./handle"
import { checkLoaderOptions, loaderExecArgv } from "./loader"
import { resolveModule } from "./module"
import type { ProcessOptions } from "./options"
import { waitUntilReady } from "./readiness"
import { spawnChild } from "./spawn"
import { attachStubs, prepareStubs, type StubRegistry } from "./stubs/index"
import { forgetTree, killTreeAndWait, trackTree } from "./tree"

/** Registers the started child with the test, then waits until it is ready. */
async function launch(
  child: ChildProcess,
  shown: string,
  options: ProcessOptions,
  registry?: StubRegistry,
): Promise<ProcessHandle> {
  const checked = checkOptions(options)
  const scope = currentScope()
  trackTree(child)
  const proc = new ProcessHandle(child, {
    display: shown,
    stop: checked.stop,
    grace: checked.grace,
    failOnExit: checked.failOnExit,
    owner: scope,
  })
  if (registry) proc.attachStubs(registry)
  scope.crashable = true
  scope.add(proc)
  try {
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
export async function startProcess(
  command: string,
  args: readonly string[] = [],
  options: ProcessOptions = {},
): Promise<ProcessHandle> {
  const site = new CallSite(startProcess)
  try {
    installInterruptHandlers()
    requireRegistered()
    checkCommand("startProcess", command)
    checkArgs("startProcess", command, args)
    checkOptions(options)
    checkLoaderOptions("startProcess", options)
    if (options.stubs?.length) {
      throw new UsageError(
        codes.INVALID_ARGUMENT,
        "expected `stubs` only with startModule (they need its IPC channel), got them with startProcess. Start the module with startModule.",
      )
    }
    const child = await spawnChild({
      file: command,
      shown: { command, caller: "startProcess" },
      args,
      cwd: options.cwd,
      env: mergeEnv(options.env),
    })
    return await launch(child, commandLine(command, args), options)
  } catch (err) {
    throw site.apply(err as Error)
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
export async function startModule(
  modulePath: string,
  args: readonly string[] = [],
  options: ProcessOptions = {},
): Promise<ProcessHandle> {
  const site = new CallSite(startModule)
  try {
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
        args,
        cwd: options.cwd,
        env: mergeEnv(options.env, prepared?.env),
        execArgv: [...execArgv, ...(prepared?.execArgv ?? [])],
        // Stub reports may come as soon as the child runs: listen before anything else happens.
        onChild: (c) => {
          if (stubs) registry = attachStubs(c, stubs, () => `process "${shown}" (pid ${c.pid})`)
        },
      })
    } catch (err) {
      registry?.close()
      throw err
    }
    return await launch(child, shown, options, registry)
  } catch (err) {
    throw site.apply(err as Error)
  }
}
