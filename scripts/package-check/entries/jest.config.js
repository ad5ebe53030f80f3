// The package check's "entries" scenario: zmq-harness/jest from the tarball, in Jest.
module.exports = {
  testMatch: ["<rootDir>/runners/*.jest.js"],
  setupFilesAfterEnv: ["zmq-harness/jest"],
  injectGlobals: false,
}
