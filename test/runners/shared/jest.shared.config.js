// The shared suite under Jest: `jest --config jest.shared.config.js`. TypeScript through ts-jest,
// transpiled only (isolatedModules in tsconfig.json;
// the project's own type check covers the files).
module.exports = {
  rootDir: __dirname,
  testMatch: ["<rootDir>/jest.shared.ts"],
  setupFilesAfterEnv: ["zmq-harness/jest"],
  injectGlobals: false,
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }],
  },
}
