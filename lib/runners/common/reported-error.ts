/** An error as a runner keeps it after catching it: a copy with message and stack. */
export interface ReportedError {
  message: string
  stack?: string
  name?: string
}

/**
 * Lets the harness extend an error a runner keeps only as a copy (Vitest serialises what a test
 * threw as soon as it catches it): `edit` gets an Error with the same name, message and stack;
 * what it appends (the hang report, "zmq-harness also saw: …", the report's path) is copied back
 * into the runner's copy, which the reporters print.
 *
 * @example
 * ```ts
 * await editReported(task.result.errors[0], (err) => appendToMessage(err, "more"))
 * ```
 */
export async function editReported<T>(
  reported: ReportedError,
  edit: (err: Error) => Promise<T>,
): Promise<T> {
  const err = new Error(reported.message)
  err.name = reported.name ?? "Error"
  err.stack = reported.stack ?? `${err.name}: ${reported.message}`
  try {
    return await edit(err)
  } finally {
    if (err.message !== reported.message) {
      reported.message = err.message
      reported.stack = err.stack
    }
  }
}
