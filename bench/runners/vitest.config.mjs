// bench/runners.ts: the adapter when SETUP=1, in the pool POOL (forks by default).
export default {
  test: {
    root: import.meta.dirname,
    include: ["vitest.bench-test.mjs"],
    setupFiles: process.env.SETUP === "1" ? ["zmq-harness/vitest"] : [],
    pool: process.env.POOL ?? "forks",
  },
}
