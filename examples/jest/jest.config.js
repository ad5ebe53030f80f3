// Plain JavaScript tests need no transformer; for TypeScript add `preset: "ts-jest"`.
module.exports = {
  rootDir: __dirname,
  testMatch: ["<rootDir>/*.test.js"],
  setupFilesAfterEnv: ["zmq-harness/jest"],
}
