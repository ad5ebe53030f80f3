/**
 * The workers a heartbeating broker may send to, Paranoid Pirate style, free
 * of sockets and clocks so it can be unit tested. Any message from a worker
 * (ready, heartbeat or reply) puts it at the end of the line; a request goes
 * to the worker first in line, which leaves the line until it speaks again.
 * A worker silent for `liveness` heartbeat intervals is taken out of rotation;
 * when it speaks again it is back.
 */

export type Heard =
  /** First word from this worker. */
  | { kind: "new" }
  /** A worker that had been taken out: silent for `after` ms. */
  | { kind: "back"; after: number }
  | { kind: "known" }

export interface Expired {
  id: string
  /** ms since its last word. */
  silentFor: number
}

export class Workers {
  /** Last word of each worker in rotation, by routing id. */
  private readonly lastHeard = new Map<string, number>()
  /** When each worker taken out of rotation had last spoken. */
  private readonly gone = new Map<string, number>()
  /** Ready workers, longest waiting first. */
  private line: string[] = []

  /** `expiry`: ms of silence after which a worker is taken out (interval × liveness). */
  constructor(private readonly expiry: number) {}

  /** A message came from worker `id` at `now`: it is in rotation, at the end of the line. */
  heard(id: string, now: number): Heard {
    const goneSince = this.gone.get(id)
    const known = this.lastHeard.has(id)
    this.gone.delete(id)
    this.lastHeard.set(id, now)
    this.line = this.line.filter((w) => w !== id)
    this.line.push(id)
    if (goneSince !== undefined) return { kind: "back", after: now - goneSince }
    return known ? { kind: "known" } : { kind: "new" }
  }

  /** The worker to send the next request to (it leaves the line), or `undefined` if none is ready. */
  next(): string | undefined {
    return this.line.shift()
  }

  /** Takes out of rotation every worker silent for longer than the expiry. */
  expire(now: number): Expired[] {
    const expired: Expired[] = []
    for (const [id, last] of this.lastHeard) {
      if (now - last <= this.expiry) continue
      expired.push({ id, silentFor: now - last })
      this.lastHeard.delete(id)
      this.gone.set(id, last)
      this.line = this.line.filter((w) => w !== id)
    }
    return expired
  }

  /** Every worker in rotation (busy or ready): who gets a heartbeat. */
  inRotation(): string[] {
    return [...this.lastHeard.keys()]
  }
}
