import { randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"

/**
 * Writes a file whole or not at all: to a temporary name beside it, then renamed over it, so a
 * reader (the index of another worker, a browser) never sees half of it, and a full disk leaves
 * the old file as it was.
 *
 * @example
 * ```ts
 * await writeAtomic("out/index.html", html)
 * ```
 */
export async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`
  try {
    await fs.writeFile(temp, data)
    await fs.rename(temp, file)
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined)
    throw err
  }
}
