// bench/runners.ts under Vitest: the body BODY ("raw" or "harness") as N tests.
import { test } from "vitest"
import lifecycle from "./lifecycle.cjs"

lifecycle.lifecycleTests(test, process.env.BODY === "harness" ? lifecycle.harnessBody : lifecycle.rawBody)
