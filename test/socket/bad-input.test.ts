import { expect } from "chai"
import {
  AddressInUseError,
  EndpointError,
  faultyLink,
  JsonDecodeError,
  peer,
  record,
  socket,
  SocketStateError,
  UsageError,
} from "../../lib"
import { rejection } from "../helpers/rejection"

import { freePort } from "../helpers/ports"

describe("socket bad input", () => {
  it("rejects an unknown socket type, listing the valid ones", async () => {
    const err = await rejection(() => socket("reqq" as never))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.code).to.equal("ERR_ZMQH_SOCKET_TYPE")
    expect(err.message).to.equal(
      "zmq-harness: expected a socket type, one of pair, pub, sub, xpub, xsub, req, rep, dealer, router, push, pull, " +
        'got string "reqq". Perhaps you meant "req"?',
    )
    expect(err.stack!.split("\n")[1]).to.include("bad-input.test.ts")
  })

  it("suggests the socket type meant by a long name, another spelling, a pattern or a typo", async () => {
    const cases: [string, string][] = [
      ["request", ' Perhaps you meant "req"?'],
      ["reply", ' Perhaps you meant "rep"?'],
      ["publisher", ' Perhaps you meant "pub"?'],
      ["Subscriber", ' Perhaps you meant "sub"?'],
      ["subscribr", ' Perhaps you meant "sub"?'],
      ["XPublisher", ' Perhaps you meant "xpub"?'],
      ["x-sub", ' Perhaps you meant "xsub"?'],
      ["ZMQ_DEALER", ' Perhaps you meant "dealer"?'],
      ["dealr", ' Perhaps you meant "dealer"?'],
      ["ruoter", ' Perhaps you meant "router"?'],
      ["pusher", ' Perhaps you meant "push"?'],
      ["REQ", ' Perhaps you meant "req"?'],
      [
        "pub-sub",
        ' Perhaps you meant "pub" or "sub"? "pub-sub" names a pattern: each side has its own socket type.',
      ],
      [
        "req/rep",
        ' Perhaps you meant "req" or "rep"? "req/rep" names a pattern: each side has its own socket type.',
      ],
      [
        "pipeline",
        ' Perhaps you meant "push" or "pull"? "pipeline" names a pattern: each side has its own socket type.',
      ],
      ["stream", ""],
      ["", ""],
    ]
    for (const [type, hint] of cases) {
      const err = await rejection(() => socket(type as never))
      expect(err.code, type).to.equal("ERR_ZMQH_SOCKET_TYPE")
      expect(err.message, type).to.equal(
        "zmq-harness: expected a socket type, one of pair, pub, sub, xpub, xsub, req, rep, dealer, router, push, pull, " +
          `got string ${JSON.stringify(type)}.${hint}`,
      )
    }
  })

  it("rejects a malformed endpoint, showing accepted forms", async () => {
    const err = await rejection(() => socket("rep", { bind: "tcp//127.0.0.1:5555" }))
    expect(err.code).to.equal("ERR_ZMQH_ENDPOINT")
    expect(err.message).to.equal(
      'zmq-harness: expected `bind` to be an endpoint such as "tcp://127.0.0.1:5678", "tcp://127.0.0.1:*" ' +
        '(a random port), "ipc:///tmp/name.sock" or "inproc://name", got "tcp//127.0.0.1:5555". ' +
        "Check the transport prefix and the port.",
    )
  })

  it('suggests the endpoint meant by a port alone or a missing transport (`listen: "*"`)', async () => {
    const cases: [string, string][] = [
      ["*", 'A port alone is not an endpoint: perhaps you meant "tcp://127.0.0.1:*"?'],
      [":*", 'A port alone is not an endpoint: perhaps you meant "tcp://127.0.0.1:*"?'],
      ["tcp://*", 'A port alone is not an endpoint: perhaps you meant "tcp://127.0.0.1:*"?'],
      ["5555", 'A port alone is not an endpoint: perhaps you meant "tcp://127.0.0.1:5555"?'],
      [
        "127.0.0.1:5555",
        'An endpoint starts with its transport: perhaps you meant "tcp://127.0.0.1:5555"?',
      ],
    ]
    for (const [endpoint, hint] of cases) {
      const err = await rejection(() => socket("rep", { bind: endpoint }))
      expect(err, endpoint).to.be.instanceOf(EndpointError)
      expect(err.message, endpoint).to.equal(
        'zmq-harness: expected `bind` to be an endpoint such as "tcp://127.0.0.1:5678", "tcp://127.0.0.1:*" ' +
          `(a random port), "ipc:///tmp/name.sock" or "inproc://name", got "${endpoint}". ${hint}`,
      )
      const link = await rejection(() =>
        faultyLink({ target: "tcp://127.0.0.1:5555", listen: endpoint }),
      )
      expect(link, endpoint).to.be.instanceOf(EndpointError)
      expect(link.message, endpoint).to.include(hint)
      // A recording proxy's error names its own option (it said `bind`, which record() has not).
      const proxy = await rejection(() =>
        record("unused", { type: "req", target: "tcp://127.0.0.1:5555", listen: endpoint }),
      )
      expect(proxy, endpoint).to.be.instanceOf(EndpointError)
      expect(proxy.message, endpoint).to.match(
        /^zmq-harness: expected `record\(\{ listen \}\)` to be an endpoint/,
      )
      expect(proxy.message, endpoint).to.include(hint)
    }
  })

  it("rejects a connect to an endpoint only a bind can take, saying where the right one comes from", async () => {
    // Port 0 and ipc://* were accepted, and the socket tried them for ever (a test saw a
    // timeout); a :* port or a * host got zeromq's bare EINVAL.
    const cases: [string, string][] = [
      ["tcp://127.0.0.1:0", "port 0, where nothing listens"],
      ["ipc://*", "an ipc path that only a bind can take (the system picks it)"],
      ["tcp://127.0.0.1:*", "a port that only a bind can take (the system picks it)"],
      ["tcp://*:5555", "a host that only a bind can take (every interface)"],
    ]
    for (const [endpoint, reason] of cases) {
      const err = await rejection(() => peer("rep", { connect: endpoint }))
      expect(err, endpoint).to.be.instanceOf(EndpointError)
      expect(err.message, endpoint).to.equal(
        `zmq-harness: expected \`connect\` to be an endpoint to connect to, got "${endpoint}", ${reason}. ` +
          'Connect to the endpoint the other side bound: its `.endpoint` (a zeromq socket\'s `lastEndpoint`), e.g. "tcp://127.0.0.1:5555".',
      )
      const direct = await rejection(() => socket("req", { connect: [endpoint] }))
      expect(direct.message, endpoint).to.equal(err.message)
      expect(direct.stack!.split("\n")[1], endpoint).to.include("bad-input.test.ts")
    }
  })

  it("rejects a tcp port out of range", async () => {
    const err = await rejection(() => socket("req", { connect: "tcp://127.0.0.1:70000" }))
    expect(err.message).to.equal(
      'zmq-harness: expected a tcp port from 0 to 65535 in `connect`, got 70000 in "tcp://127.0.0.1:70000". Use ":*" for a random port.',
    )
  })

  it("rejects binding a taken port, naming the port and who may hold it", async () => {
    // A free port: the test takes it, then binds it again.
    const TAKEN_PORT = await freePort()
    await socket("rep", { bind: `tcp://127.0.0.1:${TAKEN_PORT}` })
    const err = await rejection(() => socket("rep", { bind: `tcp://127.0.0.1:${TAKEN_PORT}` }))
    expect(err).to.be.instanceOf(AddressInUseError)
    expect(err.code).to.equal("ERR_ZMQH_ADDRESS_IN_USE")
    expect((err as AddressInUseError).endpoint).to.equal(`tcp://127.0.0.1:${TAKEN_PORT}`)
    expect(err.message).to.equal(
      `zmq-harness: expected to bind rep socket to tcp://127.0.0.1:${TAKEN_PORT}, got "address already in use" (EADDRINUSE) ` +
        `for port ${TAKEN_PORT}. A previous test or another process may still hold it: find it with \`ss -ltnp\`, ` +
        "or bind to a random port with `tcp://127.0.0.1:*` and read `sock.endpoint`.",
    )
  })

  it("rejects a frame that is not JSON, showing it and suggesting json: false", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const push = await socket("push", { connect: pull.endpoint })
    await push.sendFrames(["not json"])
    const err = await rejection(() => pull.recv())
    expect(err).to.be.instanceOf(JsonDecodeError)
    expect(err.code).to.equal("ERR_ZMQH_JSON")
    expect((err as JsonDecodeError).frame).to.deep.equal(Buffer.from("not json"))
    expect(err.message).to.equal(
      `zmq-harness: expected frame 0 of the message on ${pull.name} to be JSON, got "not json". ` +
        "Receive it with `{ json: false }` to get the raw frames, or choose the JSON frame with `json: <index>`.",
    )
  })

  it("rejects a send on a closed socket", async () => {
    const req = await socket("req", { connect: "tcp://127.0.0.1:47199" })
    await req.close()
    const err = await rejection(() => req.send(["late"]))
    expect(err).to.be.instanceOf(SocketStateError)
    expect(err.code).to.equal("ERR_ZMQH_SOCKET_CLOSED")
    expect(err.message).to.equal(
      "zmq-harness: expected an open socket to send on, got req socket (connect tcp://127.0.0.1:47199), which is closed. " +
        "Sockets made in a test are closed when it ends; make the socket in the test (or a beforeEach hook) that uses it, " +
        "or in a before hook to keep it for the whole suite.",
    )
  })

  it("rejects a receive on a closed socket", async () => {
    const pull = await socket("pull")
    await pull.close()
    const err = await rejection(() => pull.recv())
    expect(err.code).to.equal("ERR_ZMQH_SOCKET_CLOSED")
  })

  it("rejects a receive on a send-only socket, saying what to use", async () => {
    const pub = await socket("pub")
    const err = await rejection(() => pub.recv())
    expect(err.message).to.equal(
      "zmq-harness: expected a socket that can receive, got pub socket (no endpoint): a pub socket cannot receive; " +
        "use xpub to see subscriptions, or a sub socket to receive what is published.",
    )
  })

  it("explains a req socket sending twice", async () => {
    const req = await socket("req", { connect: "tcp://127.0.0.1:47199" })
    await req.send(1)
    const err = await rejection(() => req.send(2))
    expect(err.code).to.equal("ERR_ZMQH_SOCKET_STATE")
    expect(err.message).to.include(
      "a req socket must alternate: send a request, then receive its reply",
    )
  })

  it("rejects a body that JSON cannot encode", async () => {
    const push = await socket("push")
    const err = await rejection(() => push.send(undefined))
    expect(err.message).to.equal(
      "zmq-harness: expected a body that JSON can encode, got undefined. Send frames as they are with sendFrames().",
    )
  })

  it("rejects sendFrames([]) at the call: a message has at least one frame (zeromq sent nothing)", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 300 })
    const push = await socket("push", { connect: pull.endpoint })
    const err = await rejection(() => push.sendFrames([]))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    expect(err.message).to.equal(
      "zmq-harness: expected at least one frame in sendFrames(frames), got an empty list: a ZeroMQ message " +
        'has at least one frame, and zeromq would send nothing at all. Pass the frames to send ("" is one empty frame), ' +
        "or send() a JSON body.",
    )
    expect(err.stack!.split("\n")[1]).to.include("bad-input.test.ts")
    expect(push.transcript).to.deep.equal([])
    // send([]) is a JSON body: one frame holding "[]".
    await push.send([])
    expect(await pull.recv({ json: false })).to.deep.equal([Buffer.from("[]")])
    await push.sendFrames([""])
    expect(await pull.recv({ json: false })).to.deep.equal([Buffer.alloc(0)])
  })

  it("rejects a header frame that is not a string, Buffer or typed array", async () => {
    const push = await socket("push")
    const err = await rejection(() => push.send([42 as never], "body"))
    expect(err.message).to.equal(
      "zmq-harness: expected every frame of the header to be a string, a Buffer or a typed array, got number 42. " +
        "Put values that should be JSON in the body (the middle argument of send).",
    )
  })
})
