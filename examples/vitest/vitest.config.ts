import { defineConfig } from "vitest/config"

export default defineConfig({
  test: { root: import.meta.dirname, setupFiles: ["zmq-harness/vitest"], include: ["*.test.ts"] },
})
