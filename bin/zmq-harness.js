#!/usr/bin/env node
// `npx zmq-harness <command>`: the package's command line (merge-artifacts). Its code is
// compiled into dist/ with the rest (lib/shard/cli.ts).
"use strict"
require("../dist/shard/cli.js")
  .main(process.argv.slice(2))
  .catch((err) => {
    console.error(err)
    process.exitCode = 1
  })
