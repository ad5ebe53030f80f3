import * as fs from "node:fs/promises"
import * as path from "node:path"

/**
 * Copies one entry of a shard (a test's folder, or a file) for `merge-artifacts`, as data from
 * somewhere else: a shard folder may come from a fork's CI job. Regular files and folders are
 * copied; a symbolic link only when it points inside the entry itself, and then as a relative
 * link (so that it points inside the copy, wherever the copy goes); every other link (to
 * `/etc/passwd`, out of the folder, to nothing) and anything that is not a file or a folder (a
 * FIFO would block the copy for ever) is left out and listed. One operation at a time, the
 * signal checked between them: an interrupted copy stops within one file.
 */

/** Something of the entry that was not copied, and why. */
export interface LeftOut {
  /** Its path, relative to the entry. */
  readonly path: string
  readonly reason: string
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child)
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel))
}

/**
 * Copies `from` (a real path: no link on the way) to `to`, which must not exist. Returns what it
 * left out. Throws the signal's reason when aborted.
 *
 * @example
 * ```ts
 * const leftOut = await copyEntry("/ci/shard-1/suite-test", "/merged/.tmp-1", signal)
 * ```
 */
export async function copyEntry(
  from: string,
  to: string,
  signal?: AbortSignal,
): Promise<LeftOut[]> {
  const leftOut: LeftOut[] = []
  const root = from
  const copy = async (source: string, target: string): Promise<void> => {
    signal?.throwIfAborted()
    const stat = await fs.lstat(source)
    const shown = path.relative(root, source) || path.basename(source)
    if (stat.isDirectory()) {
      await fs.mkdir(target)
      const names = (await fs.readdir(source)).sort()
      for (const name of names) await copy(path.join(source, name), path.join(target, name))
    } else if (stat.isFile()) {
      await fs.copyFile(source, target, fs.constants.COPYFILE_EXCL)
    } else if (stat.isSymbolicLink()) {
      const text = await fs.readlink(source)
      const real = await fs.realpath(path.resolve(path.dirname(source), text)).catch(() => "")
      if (real === "") leftOut.push({ path: shown, reason: `a link to nothing (→ ${text})` })
      else if (source === root || !inside(real, root))
        leftOut.push({ path: shown, reason: `a link out of its folder (→ ${text})` })
      else await fs.symlink(path.relative(path.dirname(source), real) || ".", target)
    } else {
      leftOut.push({ path: shown, reason: "neither a file nor a folder" })
    }
  }
  await copy(from, to)
  return leftOut
}

/**
 * True when `a` and `b` hold the same files and folders, byte for byte (links are not
 * compared: a merge leaves some out). How a re-run of a merge knows an entry is there already.
 *
 * @example
 * ```ts
 * await sameContent("shard-1/notes.txt", "merged/notes.txt") // true after a merge
 * ```
 */
export async function sameContent(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([fs.lstat(a), fs.lstat(b).catch(() => undefined)])
  if (!sb) return false
  if (sa.isFile() && sb.isFile()) return sa.size === sb.size && (await sameBytes(a, b))
  if (!(sa.isDirectory() && sb.isDirectory())) return false
  const entries = async (dir: string) =>
    (await fs.readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() || e.isDirectory())
      .map((e) => e.name)
      .sort()
  const [na, nb] = await Promise.all([entries(a), entries(b)])
  if (na.length !== nb.length || na.some((n, i) => n !== nb[i])) return false
  for (const name of na) {
    if (!(await sameContent(path.join(a, name), path.join(b, name)))) return false
  }
  return true
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([fs.open(a, "r"), fs.open(b, "r")])
  try {
    const size = 64 * 1024
    const ba = Buffer.alloc(size)
    const bb = Buffer.alloc(size)
    for (;;) {
      const [ra, rb] = await Promise.all([ha.read(ba, 0, size, null), hb.read(bb, 0, size, null)])
      if (ra.bytesRead !== rb.bytesRead) return false
      if (ra.bytesRead === 0) return true
      if (!ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false
    }
  } finally {
    await Promise.all([ha.close(), hb.close()])
  }
}
