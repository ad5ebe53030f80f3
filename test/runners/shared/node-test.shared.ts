// The shared suite under node:test: `node --test --import zmq-harness/node-test <this file>`
// (the adapter is loaded by the command line, not here).
import { test } from "node:test"
import { sharedCases } from "./cases"

for (const c of sharedCases) test(c.title, c.timeout ? { timeout: c.timeout } : {}, c.run)
