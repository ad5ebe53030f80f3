// The shared suite under node:test with the adapter imported first in the test file, the third
// way to load it (no --import or --require on the command line).
import "zmq-harness/node-test"
import { test } from "node:test"
import { sharedCases } from "./cases"

for (const c of sharedCases) test(c.title, c.timeout ? { timeout: c.timeout } : {}, c.run)
