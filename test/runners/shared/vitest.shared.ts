// The shared suite under Vitest: `vitest run --config vitest.shared.config.mjs` (setupFiles:
// zmq-harness/vitest; the pool comes from the command line).
import { test } from "vitest"
import { sharedCases } from "./cases"

for (const c of sharedCases) test(c.title, c.run, c.timeout ?? 20_000)
