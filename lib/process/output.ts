/**
 * One output stream of a process, kept as text: the newest `limit`
 * characters (1 MiB by default), so a chatty process cannot exhaust the
 * test's memory. `dropped` counts what was let go from the front.
 */
export class OutputBuffer {
  private data = ""
  /** Characters dropped from the front to stay within the limit. */
  dropped = 0

  constructor(private readonly limit: number) {}

  append(chunk: string): void {
    this.data += chunk
    // Trim only when well past the limit, so appends stay amortised O(1).
    if (this.data.length > this.limit * 2) this.trim()
  }

  /** The retained text (the newest `limit` characters). */
  get text(): string {
    if (this.data.length > this.limit) this.trim()
    return this.data
  }

  private trim(): void {
    const cut = this.data.length - this.limit
    this.dropped += cut
    this.data = this.data.slice(cut)
  }
}

/** A copy of `re` without the `g` / `y` flags, whose `lastIndex` would make matches depend on earlier calls. */
export function plainRegExp(re: RegExp): RegExp {
  return re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, "")) : re
}
