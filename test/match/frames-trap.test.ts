import { expect } from "chai"
import { framesTrap } from "../../lib/match/frames-trap"
import { peer, socket, UnexpectedMessageError } from "../../lib"
import { rejection } from "../helpers/rejection"

// issue 20, "the frames trap": `send(["get", "a"])` is one JSON frame, while receive([...]),
// peer.on([...]) and .reply([...]) take lists of frames. The failure says so, on the real wire.
describe("the frames trap: one JSON frame holding a list, against a list of frames", () => {
  it("receive(frames) of a message sent as one JSON frame says which call sends what", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const push = await socket("push", { connect: pull.endpoint })
    await push.send(["get", "a"])
    const err = await rejection(() => expect(pull).to.receive(["get", "a"]))
    expect(err.message).to.include("First difference: frame 0")
    expect(err.message).to.include(
      'It came as one JSON frame holding the list ["get","a"] (what `send(["get","a"])` sends), ' +
        'while 2 frame(s) were expected. Expect one JSON frame, [["get","a"]], or send the frames ' +
        'as they are: `sendFrames(["get","a"])`',
    )
  })

  it("receive([list]) of the list sent as frames says to expect the frames", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    backend.on(["ping"]).reply(["pong", 1]) // a reply is a list of frames: "pong", then 1
    const req = await socket("req", { connect: backend.endpoint })
    await req.sendFrames(["ping"])
    const err = await rejection(() => expect(req).to.receive([["pong", 1]]))
    expect(err.message).to.include(
      "It came as 2 frames that together are the list expected in one JSON frame. " +
        'The sender sends frames as they are (`sendFrames`, a mock peer\'s .reply([...])): expect the frames, ["pong",1], not [["pong",1]]',
    )
  })

  it("a mock peer's unmatched message names the trap after the closest expectation", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    backend.on(["get", "a"]).reply(["value", 1])
    const req = await socket("req", { connect: backend.endpoint })
    await req.send(["get", "a"]) // one JSON frame
    const err = await rejection(() => backend.done({ timeout: 5000 }))
    expect(err).to.be.instanceOf(UnexpectedMessageError)
    expect(err.message).to.include(
      'The closest expectation, ["get", "a"], differs at frame 0, frame 1; 2 frame(s) expected, 1 came ' +
        '(frame 0: expected "get", got ["get","a"]). It came as one JSON frame holding the list ["get","a"]',
    )
    await backend.close()
  })

  it("says nothing of the kind for other mismatches", () => {
    expect(framesTrap(["get", "a"], [["get", "b"]], -1)).to.equal(undefined)
    expect(framesTrap([["pong", 1]], ["pong", 2], -1)).to.equal(undefined)
    expect(framesTrap(["x"], ["y"], -1)).to.equal(undefined)
    expect(framesTrap([["a"]], [["b"]], -1)).to.equal(undefined)
  })
})
