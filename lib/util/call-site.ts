import * as path from "node:path"

/**
 * Stack frames that belong to zmq-harness itself (compiled or run from
 * source) or to Node's internals. A failure's stack should start at the
 * user's line, so these are cut from the top of the stacks we report.
 */
const LIBRARY_DIR = path.resolve(__dirname, "..")
const INTERNAL =
  /\(node:|^\s*at node:|\(internal\/|^\s*at (async )?Promise[. ]|<anonymous>\)?$|[\\/]node_modules[\\/](chai|mocha|sinon|ts-node|zeromq)[\\/]/

function isLibraryFrame(line: string): boolean {
  return line.includes(LIBRARY_DIR + path.sep) || INTERNAL.test(line)
}

/** How many frames of the caller a call site keeps. */
const FRAMES = 6

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
