import * as path from "node:path"

/** The repository's root: child Mocha runs start there. */
export const ROOT = path.resolve(__dirname, "../..")

/** Mocha's command-line entry, run with `process.execPath`. */
export const MOCHA_BIN = path.join(ROOT, "node_modules/mocha/bin/mocha.js")

/**
 * Arguments for a child Mocha run on fixture suites: no config file, TypeScript through ts-node
 * (transpile-only) and the plugin from source, then `extra` options, then the files.
 */
export function childMochaArgs(files: readonly string[], extra: readonly string[] = []): string[] {
  return [
    MOCHA_BIN,
    "--no-config",
    "--require",
    "ts-node/register/transpile-only",
    "--require",
    "./lib/register.ts",
    "--extension",
    "ts",
    ...extra,
    ...files,
  ]
}
