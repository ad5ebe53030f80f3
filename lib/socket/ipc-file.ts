import * as fs from "node:fs"

/**
 * Removes the file of an ipc endpoint the test socket bound, once closed.
 * libzmq removes it only for `ipc://*` (a folder it made itself); for a path
 * the test chose, the socket file stays, and a run of many tests fills the
 * folder. Abstract sockets (`ipc://@name`) have no file.
 */
export function removeIpcFile(endpoint: string): void {
  if (!endpoint.startsWith("ipc://") || endpoint.startsWith("ipc://@")) return
  const file = endpoint.slice("ipc://".length)
  try {
    if (fs.lstatSync(file).isSocket()) fs.unlinkSync(file)
  } catch {
    // Already gone (libzmq removed it, or someone else did): nothing left behind.
  }
}
