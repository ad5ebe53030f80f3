import type * as zmq from "zeromq"
import { within } from "../util/timers"

/**
 * Observers whose socket never ended (see {@link ConnectionMonitor.stop}), kept for the life of
 * the process. zeromq.js names a monitor's endpoint after the address of its native observer
 * (`inproc://zmq.monitor.<pointer>`): once an observer is collected, the next one may be made
 * at the same address, and if the old socket still holds its endpoint (a socket connected to an
 * inproc name nobody binds is never destroyed), the new socket fails "Address already in use".
 * Holding the observer keeps its address taken. A few hundred bytes each, for a rare case.
 */
const neverEnded = new Set<zmq.Observer>()

/** Monitors being stopped (their socket closed, their observer not yet): see {@link monitorsStopped}. */
const stopping = new Map<ConnectionMonitor, Promise<void>>()

/**
 * Resolves once every monitor being stopped has closed its observer, waiting at most `ms`; the
 * observers still open then are closed at once (their monitor may be left half-open: a leaked
 * descriptor, against an aborted process). For a runner that terminates a worker thread as soon
 * as its last hook returns (Vitest's `threads` pool): zeromq.js aborts the whole process when a
 * terminated thread still holds an open socket, an observer included, with a read pending.
 *
 * @example
 * ```ts
 * await closeDetached(bound)
 * await monitorsStopped(1000) // nothing of this thread's zeromq.js is left open
 * ```
 */
export async function monitorsStopped(ms: number): Promise<void> {
  if (stopping.size > 0) await within(Promise.all(stopping.values()), ms)
  for (const monitor of [...stopping.keys()]) monitor.closeObserver()
}

/**
 * Follows a socket's monitor events from the moment it is made, because a
 * handshake may complete before the test asks `connected()`: ZeroMQ can only
 * tell what happens, never what the state is.
 *
 * It answers two questions: has every endpoint a live, handshaken connection
 * (for `connected()`), and has a bound endpoint's listener really closed (so
 * the next test can bind the same port at once).
 */
export class ConnectionMonitor {
  private readonly live = new Map<string, number>()
  /** Endpoints that had a handshaken connection at some time (a record proxy's target answered). */
  private readonly reached = new Set<string>()
  private readonly closed = new Set<string>()
  /** Set when libzmq stopped monitoring (the socket is destroyed): the observer may close now. */
  private ended = false
  /** Pending waits: each is re-checked on every event, and ended (false) when monitoring stops. */
  private readonly waiters = new Map<() => void, (ok: boolean) => void>()
  /** The last few things that went wrong (handshake errors, retries), for timeout messages. */
  readonly problems: string[] = []

  constructor(private readonly observer: zmq.Observer) {
    void this.follow()
  }

  /**
   * Reads events in a loop of our own rather than zeromq.js's `observer.on()`, whose internal
   * loop lets a failed read (ENOTSOCK when the socket closes) escape as an unhandled rejection
   * that Mocha then blames on whichever test runs at that moment.
   */
  private async follow(): Promise<void> {
    try {
      while (!this.observer.closed) this.handle(await this.observer.receive())
    } catch {
      // The observer or its socket closed: no more events will come.
    }
  }

  private handle(e: zmq.Event): void {
    switch (e.type) {
      case "handshake":
        this.live.set(e.address, (this.live.get(e.address) ?? 0) + 1)
        this.reached.add(e.address)
        this.notify()
        break
      case "disconnect":
        this.live.set(e.address, Math.max(0, (this.live.get(e.address) ?? 0) - 1))
        break
      case "close":
        this.closed.add(e.address)
        this.notify()
        break
      case "end":
        this.ended = true
        this.notify()
        break
      case "handshake:error:protocol":
      case "handshake:error:auth":
      case "handshake:error:other":
      case "connect:retry":
      case "bind:error":
        this.problems.push(
          `${e.type} ${e.address ?? ""}${"error" in e && e.error ? `: ${e.error.message}` : ""}`.trim(),
        )
        if (this.problems.length > 5) this.problems.shift()
        break
    }
  }

  /** True when the endpoint has at least one live, handshaken connection. */
  isConnected(endpoint: string): boolean {
    // inproc emits no monitor events: its connections are made in-process and at once.
    return endpoint.startsWith("inproc://") || (this.live.get(endpoint) ?? 0) > 0
  }

  /** True when the endpoint had a handshaken connection at some time, live or not now. */
  everConnected(endpoint: string): boolean {
    return endpoint.startsWith("inproc://") || this.reached.has(endpoint)
  }

  /**
   * Resolves `true` once `test()` holds, `false` after `ms` or when monitoring stops. Never
   * rejects. `{ unref: true }` for a bound that must not keep the process alive by itself.
   */
  async waitFor(
    test: () => boolean,
    ms: number,
    options: { unref?: boolean } = {},
  ): Promise<boolean> {
    if (test()) return true
    let finish!: (ok: boolean) => void
    const done = new Promise<boolean>((resolve) => (finish = resolve))
    const check = () => {
      if (test()) finish(true)
    }
    this.waiters.set(check, finish)
    try {
      const result = await within(done, ms, { ref: !options.unref })
      return result.kind === "settled" && result.value
    } finally {
      this.waiters.delete(check)
    }
  }

  /** Resolves once the listener of `endpoint` has closed (after an unbind), or after `ms`. */
  listenerClosed(endpoint: string, ms: number): Promise<boolean> {
    return this.waitFor(() => this.closed.has(endpoint), ms)
  }

  /**
   * Stops following events. Call it right after closing the socket: libzmq then stops the
   * monitor and sends a last "end" event, and only after that may the observer close. Closed
   * earlier, the socket's monitor is left half-open: its file descriptors leak (EMFILE after a
   * few hundred sockets) and its endpoint stays taken; never closed, the observer's pending
   * read keeps the process alive. The "end" may wait for a peer: a socket connected over inproc
   * is destroyed only once its peer has closed too. So callers do not await this; the bound
   * timer is unref'd, as the observer's own pending read keeps the process alive until then.
   */
  stop(ms: number): Promise<void> {
    const stopped = this.stopWithin(ms).finally(() => stopping.delete(this))
    stopping.set(this, stopped)
    return stopped
  }

  private async stopWithin(ms: number): Promise<void> {
    await this.waitFor(() => this.ended, ms, { unref: true })
    if (!this.ended) neverEnded.add(this.observer)
    for (const finish of [...this.waiters.values()]) finish(false)
    this.closeObserver()
  }

  /** Closes the observer now, whether or not libzmq has stopped the monitor (see {@link stop}). */
  closeObserver(): void {
    try {
      if (!this.observer.closed) this.observer.close()
    } catch {
      // Already gone with its socket.
    }
  }

  private notify(): void {
    for (const check of [...this.waiters.keys()]) check()
  }
}
