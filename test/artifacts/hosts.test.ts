import { expect } from "chai"
import { renderReport } from "../../lib/artifacts/report-page"
import { tellStory, type LaneSource } from "../../lib/artifacts/story"
import type { ResourceRecord } from "../../lib/timeline/record"

const T0 = 1_700_000_000_000
const event = (ms: number, name: string) => ({
  time: T0 + ms,
  direction: "event" as const,
  event: name,
  note: name,
})
const lane = (record: ResourceRecord): LaneSource => ({ record, suite: false })

/** A test with a topology: a socket on no host, processes on two hosts, a partition. */
function story() {
  const sources = [
    lane({
      kind: "process",
      name: 'process "worker" (pid 2) in host "w1"',
      host: "w1",
      entries: [event(5, "spawn")],
    }),
    lane({
      kind: "socket",
      name: 'req socket "client"',
      type: "req",
      entries: [event(6, "connect")],
    }),
    lane({
      kind: "process",
      name: 'process "broker" (pid 1) in host "broker"',
      host: "broker",
      entries: [event(4, "spawn")],
    }),
    lane({
      kind: "process",
      name: 'process "worker" (pid 3) in host "w1"',
      host: "w1",
      entries: [event(30, "spawn")],
    }),
    lane({
      kind: "topology",
      name: "topology (broker, w1)",
      entries: [event(1, "up"), event(10, "partition"), event(20, "heal"), event(25, "partition")],
      bands: [
        {
          start: T0 + 10,
          end: T0 + 20,
          label: "partition broker | w1 (drop)",
          concerns: ["broker", "w1"],
        },
        { start: T0 + 25, label: "partition w1 → broker (reset)", concerns: ["w1", "broker"] },
      ],
    }),
  ]
  return tellStory(
    { title: "split", state: "passed", duration: 40, started: T0, ended: T0 + 40 },
    sources,
  )
}

describe("report: hosts and partitions", () => {
  it("puts the lanes of one host side by side, after those on no host", () => {
    expect(story().lanes.map((l) => [l.kind, l.host])).to.deep.equal([
      ["test", undefined],
      ["socket", undefined],
      ["topology", undefined],
      ["process", "w1"],
      ["process", "w1"],
      ["process", "broker"],
    ])
  })

  it("keeps the partitions as bands on the test's clock", () => {
    expect(story().bands).to.deep.equal([
      { start: 10, end: 20, label: "partition broker | w1 (drop)", concerns: ["broker", "w1"] },
      { start: 25, label: "partition w1 → broker (reset)", concerns: ["w1", "broker"] },
    ])
  })

  it("draws the host under each lane's name, and tints the rows a partition was in force for", () => {
    const html = renderReport(story())
    expect(html).to.include('data-host="w1"')
    expect(html).to.include('<span class="host">host broker</span>')
    const banded = [
      ...html.matchAll(/<div data-band="([^"]*)" class="row banded[^>]*data-event="(\w+)"/g),
    ].map((m) => [m[2], m[1]])
    expect(banded).to.deep.equal([
      ["partition", "partition broker | w1 (drop)"],
      ["heal", "partition broker | w1 (drop)"],
      ["partition", "partition w1 → broker (reset)"],
      ["spawn", "partition w1 → broker (reset)"],
      ["passed", "partition w1 → broker (reset)"], // still in force when the test ended
    ])
    expect(html).to.include("partition broker | w1 (drop): +10.0 ms → +20.0 ms")
    expect(html).to.include("partition w1 → broker (reset): +25.0 ms → the end")
  })

  it("changes nothing for a test without hosts", () => {
    const plain = tellStory(
      { title: "t", state: "passed", duration: 1, started: T0, ended: T0 + 1 },
      [
        lane({ kind: "socket", name: "b", entries: [] }),
        lane({ kind: "socket", name: "a", entries: [] }),
      ],
    )
    expect(plain.lanes.map((l) => l.name)).to.deep.equal(["test", "b", "a"])
    expect(plain.bands).to.equal(undefined)
    expect(renderReport(plain)).to.not.include(`class="row banded`)
  })
})
