import * as os from "node:os"
import * as path from "node:path"

/** The transports every socket test runs over. */
export const transports = ["tcp", "ipc", "inproc"] as const
export type Transport = (typeof transports)[number]

let counter = 0

/**
 * An endpoint to bind for `transport`, unique per call: a random tcp port, an
 * ipc path in the temp folder, an inproc name.
 */
export function bindEndpoint(transport: Transport): string {
  counter++
  switch (transport) {
    case "tcp":
      return "tcp://127.0.0.1:*"
    case "ipc":
      return `ipc://${path.join(os.tmpdir(), `zmq-harness-test-${process.pid}-${counter}.sock`)}`
    case "inproc":
      return `inproc://zmq-harness-test-${process.pid}-${counter}`
  }
}
