/**
 * The state of a Clone-pattern client (zguide, chapter 5), free of sockets so it can be unit
 * tested. A snapshot ["KTHXBAI", seq, {key: value}] replaces the state; an update
 * [seq, key, value] sets one key. Every update has a sequence number: the state's `seq` is
 * that of the last change it holds.
 *
 * The buggy client applies every update as it comes. But the snapshot and the updates travel
 * on two connections, and an update published before the snapshot was taken may arrive after
 * it: applied then, it takes the state back. The fixed client keeps the updates that come
 * before its snapshot, and drops every update the snapshot already holds (seq ≤ its seq).
 */

/** What the client did with a message: reported to whoever watches it. */
export type Handled =
  | { what: "snapshot"; seq: number; state: number }
  | { what: "applied" | "kept" | "ignored"; seq: number; state: number }

export class CloneState {
  seq = 0
  readonly kv = new Map<string, unknown>()
  private snapshotSeen = false
  private readonly early: [number, string, unknown][] = []

  constructor(private readonly fixed: boolean) {}

  /** A snapshot came: the state is the snapshot's. */
  snapshot(seq: number, kv: Record<string, unknown>): Handled[] {
    this.seq = seq
    this.kv.clear()
    for (const [k, v] of Object.entries(kv)) this.kv.set(k, v)
    this.snapshotSeen = true
    const handled: Handled[] = [{ what: "snapshot", seq, state: this.seq }]
    if (this.fixed) for (const u of this.early.splice(0)) handled.push(...this.update(...u))
    return handled
  }

  /** An update came. */
  update(seq: number, key: string, value: unknown): Handled[] {
    if (this.fixed && !this.snapshotSeen) {
      this.early.push([seq, key, value])
      return [{ what: "kept", seq, state: this.seq }]
    }
    if (this.fixed && seq <= this.seq) return [{ what: "ignored", seq, state: this.seq }]
    this.kv.set(key, value)
    this.seq = seq
    return [{ what: "applied", seq, state: this.seq }]
  }
}
