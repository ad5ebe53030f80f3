/**
 * The worker's logic, apart from its sockets: what a job is, and its result.
 */

/** A job the broker hands out: square `n`. */
export interface Job {
  id: number
  n: number
}

/** What the worker reports for a job. */
export interface Result {
  id: number
  value: number
}

/** Does the job. */
export function work(job: Job): Result {
  return { id: job.id, value: job.n * job.n }
}

/** Reads a job frame (JSON), or throws saying what came. */
export function parseJob(frame: Buffer): Job {
  const job = JSON.parse(frame.toString()) as Partial<Job>
  if (typeof job?.id !== "number" || typeof job?.n !== "number") {
    throw new Error(`expected a job {"id": <number>, "n": <number>}, got ${frame.toString()}`)
  }
  return job as Job
}
