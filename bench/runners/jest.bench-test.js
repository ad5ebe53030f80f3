// bench/runners.ts under Jest: the body BODY ("raw" or "harness") as N tests.
const { test } = require("@jest/globals")
const lifecycle = require("./lifecycle.cjs")

lifecycle.lifecycleTests(test, process.env.BODY === "harness" ? lifecycle.harnessBody : lifecycle.rawBody)
