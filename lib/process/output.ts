/**
 * One output stream of a process, kept as text: the newest `limit`
 * characters, so a chatty process cannot exhaust the test's memory (nor
 * pass V8's longest string, about 512 MiB, which would throw). What was let
 * go from the front is counted in bytes, and {@link shown} starts with a
 * marker line saying so. Process handles and `runProgram` both keep their
 * output here.
 *
 * @example
 * ```ts
 * const out = new OutputBuffer(10)
 * out.append("0123456789abc")
 * out.text // "3456789abc"
 * out.shown // "[… 3 bytes cut …]\n3456789abc"
 * ```
 */
export class OutputBuffer {
  private data = ""
  /** UTF-8 bytes dropped from the front to stay within the limit. */
  dropped = 0

  constructor(private readonly limit: number) {}

  append(chunk: string): void {
    this.data += chunk
    // Trim only when well past the limit, so appends stay amortised O(1).
    if (this.data.length > this.limit * 2) this.trim()
  }

  /** The retained text (the newest `limit` characters), without a marker: what waits search. */
  get text(): string {
    if (this.data.length > this.limit) this.trim()
    return this.data
  }

  /** The retained text, after a `[… N bytes cut …]` line when the front was cut: what a result shows. */
  get shown(): string {
    const text = this.text
    return this.dropped > 0 ? `${cutMarker(this.dropped)}\n${text}` : text
  }

  private trim(): void {
    let cut = this.data.length - this.limit
    // Do not split a surrogate pair: its second half alone is not a character.
    if (/[\uDC00-\uDFFF]/.test(this.data.charAt(cut))) cut++
    this.dropped += Buffer.byteLength(this.data.slice(0, cut))
    this.data = this.data.slice(cut)
  }
}

/**
 * The line that stands for output cut from the front.
 *
 * @example
 * ```ts
 * cutMarker(1048576) // "[… 1048576 bytes cut …]"
 * ```
 */
export function cutMarker(bytes: number): string {
  return `[… ${bytes} bytes cut …]`
}

/** A copy of `re` without the `g` / `y` flags, whose `lastIndex` would make matches depend on earlier calls. */
export function plainRegExp(re: RegExp): RegExp {
  return re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, "")) : re
}
