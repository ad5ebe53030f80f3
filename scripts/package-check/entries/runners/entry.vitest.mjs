// zmq-harness/vitest loaded by setupFiles: the chai plugin is in Vitest's expect, and the
// socket is closed with the test (the next run of this file binds again).
import { expect, test } from "vitest"
import { socket } from "zmq-harness"

test("zmq-harness/vitest installs the chai plugin in Vitest's expect", async () => {
  const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  await expect(pull).to.receiveNothing({ timeout: 50 })
})
