// The package check's "entries" scenario: zmq-harness/vitest from the tarball, in Vitest.
export default {
  test: {
    setupFiles: ["zmq-harness/vitest"],
    include: ["runners/*.vitest.mjs"],
  },
}
