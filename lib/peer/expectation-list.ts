import { Expectation, type Expected } from "./expectation"
import type { PeerRequest } from "./request"

/**
 * The expectations of one mock peer, in the order they were added: which one takes a message
 * (the first open one that matches), and whether they are all met.
 *
 * @example
 * ```ts
 * const list = new ExpectationList({ name: "rep peer", cannotReply: undefined, changed })
 * list.add(["ping"])
 * list.choose(request) // the expectation, or undefined when none matches
 * ```
 */
export class ExpectationList {
  private readonly items: Expectation[] = []

  constructor(
    private readonly owner: {
      /** The peer's name, for messages. */
      readonly name: string
      /** Why the peer cannot answer (a sub or pull), or undefined. */
      readonly cannotReply: string | undefined
      /** Called when an expectation changes in a way `done()` waits on. */
      changed(): void
    },
  ) {}

  /** Adds an expectation of `expected`, last. */
  add(expected: Expected): Expectation {
    const expectation = new Expectation(expected, {
      cannotReply: this.owner.cannotReply,
      name: this.owner.name,
      changed: () => this.owner.changed(),
      discard: (e) => {
        const i = this.items.indexOf(e)
        if (i >= 0) this.items.splice(i, 1)
        this.owner.changed()
      },
    })
    this.items.push(expectation)
    this.owner.changed()
    return expectation
  }

  /** A copy, in the order they were added. */
  list(): Expectation[] {
    return this.items.slice()
  }

  get length(): number {
    return this.items.length
  }

  /**
   * The first open expectation that matches `request`, or undefined. Throws what a predicate
   * threw.
   */
  choose(request: PeerRequest): Expectation | undefined {
    for (const e of this.items) if (e.open && e.matches(request)) return e
    return undefined
  }

  /** Those not met yet. */
  unmet(): Expectation[] {
    return this.items.filter((e) => !e.met)
  }

  /** True when every one is met. */
  get allMet(): boolean {
    for (const e of this.items) if (!e.met) return false
    return true
  }
}
