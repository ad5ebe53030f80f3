// zmq-harness/jest loaded by setupFilesAfterEnv: its matchers are in Jest's expect.
const { expect, test } = require("@jest/globals")
const { socket } = require("zmq-harness")

test("zmq-harness/jest adds its matchers to Jest's expect", async () => {
  const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  await expect(pull).toReceiveNothing({ timeout: 50 })
})
