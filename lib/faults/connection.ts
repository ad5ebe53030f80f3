import { connect, type NetConnectOpts, type Socket } from "node:net"
import { Pipe, type PipeHost } from "./pipe"

/**
 * One connection through the link: the socket a caller opened to the link,
 * and the one the link opened to the target for it. Either side closing, or
 * failing, closes both, as a network failure would.
 */
export class LinkConnection {
  readonly upstream: Pipe
  readonly downstream: Pipe
  private readonly target: Socket
  private closed = false

  constructor(
    private readonly caller: Socket,
    targetAddress: NetConnectOpts,
    host: PipeHost,
    private readonly onClose: (connection: LinkConnection, why: string) => void,
    /** Its number on the link: 1 for the first accepted. */
    index = 1,
  ) {
    // Writes before the target accepts are buffered by Node: the caller's greeting is not lost.
    this.target = connect(targetAddress)
    caller.setNoDelay?.(true)
    this.target.once("connect", () => this.target.setNoDelay?.(true))
    this.upstream = new Pipe("upstream", caller, this.target, host, index)
    this.downstream = new Pipe("downstream", this.target, caller, host, index)
    caller.on("error", (err) => this.close(`caller side: ${err.message}`))
    this.target.on("error", (err) => this.close(`target side: ${err.message}`))
    caller.on("close", () => this.close("closed by the caller"))
    this.target.on("close", () => this.close("closed by the target"))
  }

  /** The mechanism of the connection (`"NULL"`, `"CURVE"`), once a greeting came. */
  get mechanism(): string | undefined {
    return this.upstream.mechanism ?? this.downstream.mechanism
  }

  /** False once the stream is known to be encrypted. */
  get readable(): boolean {
    return this.upstream.readable && this.downstream.readable
  }

  /** Holds both directions (blackhole). */
  pause(): void {
    this.upstream.pause()
    this.downstream.pause()
  }

  /** Lets both directions go again. */
  resume(): void {
    this.upstream.resume()
    this.downstream.resume()
  }

  /** Destroys both sockets and forgets what was queued. Idempotent. */
  close(why: string): void {
    if (this.closed) return
    this.closed = true
    this.upstream.stop()
    this.downstream.stop()
    this.caller.destroy()
    this.target.destroy()
    this.onClose(this, why)
  }
}
