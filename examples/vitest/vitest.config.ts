import { defineConfig } from "vitest/config"

export default defineConfig({
  test: { root: __dirname, setupFiles: ["zmq-harness/vitest"], include: ["*.test.ts"] },
})
