// The shared suite under Jest: `jest --config jest.shared.config.js` (setupFilesAfterEnv:
// zmq-harness/jest, injectGlobals: false).
import { test } from "@jest/globals"
import { sharedCases } from "./cases"

for (const c of sharedCases) test(c.title, c.run, c.timeout ?? 20_000)
