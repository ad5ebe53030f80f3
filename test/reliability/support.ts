import { expect } from "chai"
import * as path from "node:path"
import { currentScope } from "../../lib/core/ownership"
import { liveTrees } from "../../lib/process/tree"
import { portFreesUp } from "../helpers/ports"
import { stopsRunning } from "../process/running"

/** A fixture of test/fixtures/reliability, or of test/fixtures/processes with `processes/` in front. */
export function fixture(name: string): string {
  return name.startsWith("processes/")
    ? path.join(__dirname, "../fixtures", name)
    : path.join(__dirname, "../fixtures/reliability", name)
}

/** The port of a `tcp://host:port` endpoint. */
export function portOf(endpoint: string): number {
  const port = /^tcp:\/\/[^:]+:(\d+)$/.exec(endpoint)?.[1]
  if (!port) throw new Error(`not a tcp endpoint with a port: ${endpoint}`)
  return Number(port)
}

/**
 * Runs the end-of-test teardown now (the one the plugin runs after the test's
 * own hooks; running it again later does nothing), then checks that it left
 * nothing behind: each process gone (not even a zombie), each port bindable,
 * no process group still tracked by the harness.
 */
export async function tearDownAndCheck(left: { pids?: number[]; ports?: number[] }): Promise<void> {
  await currentScope().close()
  for (const pid of left.pids ?? []) {
    expect(await stopsRunning(pid, 2000), `process ${pid} still runs after teardown`).to.equal(true)
  }
  for (const port of left.ports ?? []) {
    expect(await portFreesUp(port, 2000), `port ${port} still taken after teardown`).to.equal(true)
  }
  expect(liveTrees(), "process groups the harness still tracks").to.equal(0)
}

/** How long `promise` took to settle, with its outcome (an error is returned, not thrown). */
export async function timed<T>(
  promise: Promise<T>,
): Promise<{ ms: number; value?: T; error?: Error }> {
  const started = performance.now()
  try {
    const value = await promise
    return { ms: performance.now() - started, value }
  } catch (error) {
    return { ms: performance.now() - started, error: error as Error }
  }
}
