// The shared suite under Vitest: `vitest run --config vitest.shared.config.mjs --pool=threads`.
export default {
  test: {
    root: import.meta.dirname,
    include: ["vitest.shared.ts"],
    setupFiles: ["zmq-harness/vitest"],
  },
}
