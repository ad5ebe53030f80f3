/** Runs `fn` and returns what it threw; fails when it does not throw. */
export async function rejection(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn()
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error("expected a rejection, got none")
}
