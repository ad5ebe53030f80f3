import type * as zmq from "zeromq"
import { ConnectionMonitor } from "./monitor"

const isInproc = (endpoint: string) => endpoint.startsWith("inproc://")

/**
 * What a test socket knows of its connections, from a monitor made on first need: before the
 * first bind or connect to an endpoint that is not inproc (so no handshake is missed), or by a
 * wait on a socket with no endpoint. inproc emits no events and needs no listener wait, so a
 * socket with only inproc endpoints has no monitor: its making and closing cost no observer
 * (two more zmq sockets and an event loop).
 *
 * @example
 * ```ts
 * const connections = new Connections(raw)
 * connections.prepare("tcp://127.0.0.1:5678") // before raw.connect(…)
 * await connections.waitFor(() => connections.isConnected("tcp://127.0.0.1:5678"), 1000)
 * ```
 */
export class Connections {
  private monitor: ConnectionMonitor | undefined
  /** Settles once the observer is closed, after {@link stop}; undefined without a monitor. */
  stopped: Promise<void> | undefined

  constructor(private readonly raw: zmq.Socket) {}

  private follow(): ConnectionMonitor {
    this.monitor ??= new ConnectionMonitor(this.raw.events)
    return this.monitor
  }

  /** Call before binding or connecting to `endpoint`: starts following events it will emit. */
  prepare(endpoint: string): void {
    if (!isInproc(endpoint)) this.follow()
  }

  /** True when `endpoint` has a live, handshaken connection; inproc always has (made at once). */
  isConnected(endpoint: string): boolean {
    return isInproc(endpoint) || (this.monitor?.isConnected(endpoint) ?? false)
  }

  /** True when `endpoint` had a handshaken connection at some time (inproc: always). */
  everConnected(endpoint: string): boolean {
    return isInproc(endpoint) || (this.monitor?.everConnected(endpoint) ?? false)
  }

  /** The last few things that went wrong (handshake errors, retries), for timeout messages. */
  get problems(): readonly string[] {
    return this.monitor?.problems ?? []
  }

  /** Resolves `true` once `test()` holds, `false` after `ms`. Never rejects. */
  waitFor(test: () => boolean, ms: number): Promise<boolean> {
    return test() ? Promise.resolve(true) : this.follow().waitFor(test, ms)
  }

  /** Resolves once the listener of a bound `endpoint` has closed (after an unbind), or after `ms`. */
  async listenerClosed(endpoint: string, ms: number): Promise<void> {
    // inproc emits no monitor events, and its unbind is complete when it returns.
    if (!isInproc(endpoint)) await this.monitor?.listenerClosed(endpoint, ms)
  }

  /** Stops following events: call right after closing the socket (see ConnectionMonitor.stop). */
  stop(ms: number): void {
    this.stopped = this.monitor?.stop(ms)
  }
}
