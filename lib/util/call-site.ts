import * as path from "node:path"

/**
 * Stack frames that belong to zmq-harness itself (compiled or run from
 * source) or to Node's internals. A failure's stack should start at the
 * user's line, so these are cut from the top of the stacks we report.
 */
const PACKAGE_DIR = path.resolve(__dirname, "../..")
/**
 * Both the source and the compiled folders: run from `dist/`, a stack mapped through the
 * shipped source maps names `lib/` files (`socketTimeout (…/lib/socket/errors.ts)`).
 */
const LIBRARY_DIRS = ["lib", "dist"].map((dir) => path.join(PACKAGE_DIR, dir) + path.sep)
const INTERNAL =
  /\(node:|^\s*at node:|\(internal\/|^\s*at (async )?Promise[. ]|<anonymous>\)?$|[\\/]node_modules[\\/](chai|mocha|sinon|ts-node|zeromq)[\\/]/

/**
 * True for a stack frame of zmq-harness itself (either folder) or of Node and the tools around
 * the test: not the user's line.
 *
 * @example
 * ```ts
 * isLibraryFrame("    at socketTimeout (/app/node_modules/zmq-harness/dist/socket/errors.js:54:10)") // true
 * ```
 */
export function isLibraryFrame(line: string): boolean {
  return LIBRARY_DIRS.some((dir) => line.includes(dir)) || INTERNAL.test(line)
}

/** How many frames of the caller a call site keeps. */
const FRAMES = 4

/**
 * Where the user called into the library. Captured synchronously when a
 * public method is called, so an asynchronous failure can later carry the
 * user's stack instead of the library's.
 */
export class CallSite {
  private readonly holder: { stack?: string } = {}

  constructor(below?: Function) {
    // captureStackTrace formats lazily, but walking the stack costs microseconds per frame
    // group, on every send and receive: a few frames of the caller are all a report shows.
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = FRAMES
    Error.captureStackTrace(this.holder, below ?? CallSite)
    Error.stackTraceLimit = limit
  }

  /** The captured frames (lines starting with "at"), library frames removed. */
  frames(): string[] {
    const lines = (this.holder.stack ?? "").split("\n").slice(1)
    const user = lines.filter((line) => !isLibraryFrame(line))
    return user.length > 0 ? user : lines
  }

  /** Gives `err` a stack made of its own message and this call site's frames. */
  apply<E extends Error>(err: E): E {
    const head = `${err.name}: ${err.message}`
    err.stack = [head, ...this.frames()].join("\n")
    return err
  }
}

/**
 * A call site read from the error itself, for methods whose promise the caller awaits
 * directly (`send`, `sendFrames`, `recv`): V8's async stack traces already name the awaiting
 * function (`at async <test> (file:line)`), so nothing is captured on the hot path, where a
 * {@link CallSite} would cost microseconds on every message. Library frames are removed.
 */
export class AwaitedSite {
  /** Gives `err` a stack made of its own message and its own frames outside the library. */
  apply<E extends Error>(err: E): E {
    const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line))
    const user = frames.filter((line) => !isLibraryFrame(line))
    err.stack = [`${err.name}: ${err.message}`, ...(user.length > 0 ? user : frames)].join("\n")
    return err
  }
}

/** Where an error should point: captured ({@link CallSite}) or read from it ({@link AwaitedSite}). */
export type Site = Pick<CallSite, "apply">
