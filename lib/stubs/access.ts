import { UsageError } from "../errors"
import type { StubHandle, StubRegistry } from "./index"

/**
 * `proc.stub(module, export)`: the registry's handle, or a usage error that
 * shows the `stubs` option to pass when the process was started without it.
 */
export function stubOf(
  registry: StubRegistry | undefined,
  processName: string,
  module: string,
  exportName: string,
): StubHandle {
  if (!registry) {
    throw new UsageError(
      `expected ${processName} to have stubs, got none. Pass \`stubs: [{ module: ${JSON.stringify(module)}, export: ${JSON.stringify(exportName)} }]\` to startModule.`,
    )
  }
  return registry.stub(module, exportName)
}
