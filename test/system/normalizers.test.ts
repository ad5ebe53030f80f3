import * as os from "node:os"
import * as path from "node:path"
import { expect } from "chai"
import { normalizers } from "../../lib"

describe("normalizers", () => {
  it("ports: masks the port of tcp, udp, ws endpoints, IPv6 and wildcard hosts too", () => {
    expect(
      normalizers.ports(
        "bound tcp://127.0.0.1:41234, tcp://[::1]:5555; ws://localhost:80/x tcp://*:5 ipc:///tmp/a",
      ),
    ).to.equal(
      "bound tcp://127.0.0.1:<port>, tcp://[::1]:<port>; ws://localhost:<port>/x tcp://*:<port> ipc:///tmp/a",
    )
  })

  it("pids: masks pid numbers and keeps the separator", () => {
    expect(normalizers.pids("pid 1234, PID: 55, pid=7 (pid 8) rapid 9")).to.equal(
      "pid <pid>, PID: <pid>, pid=<pid> (pid <pid>) rapid 9",
    )
  })

  it("timestamps: masks ISO 8601 date-times, with or without T, zone and fraction", () => {
    expect(
      normalizers.timestamps(
        "a 2024-05-01T12:00:00.123Z b 2024-05-01 12:00:00 c 2024-05-01T12:00+02:00 d 2024-05-01",
      ),
    ).to.equal("a <timestamp> b <timestamp> c <timestamp> d 2024-05-01")
  })

  it("durations: masks numbers with a time unit, and leaves versions and words alone", () => {
    expect(
      normalizers.durations("took 12ms, 1.5 s, 3 seconds, 250us, 2 min; v1.2s abc12ms 10 sheep"),
    ).to.equal(
      "took <duration>, <duration>, <duration>, <duration>, <duration>; v1.2s abc12ms 10 sheep",
    )
  })

  it("tempPaths: masks the temp folder and the folder made in it", () => {
    const made = path.join(os.tmpdir(), "run-a1b2")
    expect(normalizers.tempPaths(`wrote ${made}/out.json to ${os.tmpdir()}`)).to.equal(
      "wrote <tmp>/out.json to <tmp>",
    )
  })

  it("replace: makes a named normaliser from a pattern", () => {
    const ids = normalizers.replace(/id=\w+/g, "id=<id>")
    expect(ids("id=abc id=def")).to.equal("id=<id> id=<id>")
    expect(ids.name).to.equal("replace(/id=\\w+/g)")
  })
})
