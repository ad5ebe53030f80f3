import { zmqHarnessChai } from "../../chai/plugin"

/**
 * Installs the chai plugin (`expect(sock).to.receive(…)`) in the project's own chai, when it has
 * one: node:test projects often assert with `node:assert` only, and chai is then not needed.
 * Returns whether it was installed.
 *
 * @example
 * ```ts
 * installChaiIfPresent() // true in a project with chai 5 or 6
 * ```
 */
export function installChaiIfPresent(): boolean {
  let chai: { use(plugin: unknown): unknown }
  try {
    chai = require("chai") as typeof chai
  } catch (err) {
    if ((err as { code?: string }).code === "MODULE_NOT_FOUND") return false
    throw err
  }
  chai.use(zmqHarnessChai)
  return true
}
