// bench/runners.ts: the adapter when SETUP=1.
module.exports = {
  rootDir: __dirname,
  testMatch: ["<rootDir>/jest.bench-test.js"],
  setupFilesAfterEnv: process.env.SETUP === "1" ? ["zmq-harness/jest"] : [],
  injectGlobals: false,
}
