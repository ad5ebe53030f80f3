import { expect } from "chai"
import { renderReport } from "../../lib/artifacts/report-page"
import { tellStory, type LaneSource, type TestFacts } from "../../lib/artifacts/story"
import { scriptJson } from "../../lib/artifacts/html"
import type { RecordEntry, ResourceRecord } from "../../lib/timeline/record"
import { arrowLines, messageLines, parseReport } from "./parse-report"

const T0 = 1_800_000_000_000

function facts(over: Partial<TestFacts> = {}): TestFacts {
  return {
    title: "suite test",
    state: "failed",
    duration: 50,
    error: "boom",
    started: T0,
    ended: T0 + 50,
    ...over,
  }
}

function msg(
  t: number,
  direction: RecordEntry["direction"],
  ...frames: (string | Buffer)[]
): RecordEntry {
  return {
    time: T0 + t,
    direction,
    frames: frames.map((f) => (Buffer.isBuffer(f) ? f : Buffer.from(f))),
  }
}

function socketLane(name: string, type: string, entries: RecordEntry[], suite = false): LaneSource {
  const record: ResourceRecord = {
    kind: "socket",
    name,
    type,
    endpoints: ["tcp://127.0.0.1:5555"],
    entries,
  }
  return { record, suite }
}

function processLane(entries: RecordEntry[]): LaneSource {
  return {
    record: {
      kind: "process",
      name: "process node app.js",
      entries,
      output: { stdout: "hello\n", stderr: "oops\n" },
    },
    suite: false,
  }
}

function render(f: TestFacts, sources: LaneSource[]) {
  const story = tellStory(f, sources)
  return { story, report: parseReport(renderReport(story, { transcript: "transcript.jsonl" })) }
}

describe("artifacts: report.html", () => {
  it("has a lane for the test and one for each resource, in order", () => {
    const { report } = render(facts(), [
      socketLane("req socket", "req", [msg(1, "sent", "ping")]),
      processLane([{ time: T0 + 2, direction: "event", event: "spawn", note: "node app.js" }]),
    ])
    expect(report.lanes.map((l) => [l.index, l.kind, l.name])).to.deep.equal([
      [0, "test", "test"],
      [1, "socket", "req socket"],
      [2, "process", "process node app.js"],
    ])
    expect(report.state).to.equal("failed")
    expect(report.scripts).to.equal(2)
    expect(report.remote).to.deep.equal([])
  })

  it("draws a send and its receive on another lane as one arrow between them (router envelope too)", () => {
    const { story, report } = render(facts(), [
      socketLane("dealer", "dealer", [msg(1, "sent", "", "job"), msg(9, "received", "", "done")]),
      socketLane("router", "router", [
        msg(2, "received", "id-1", "", "job"),
        msg(8, "sent", "id-1", "", "done"),
      ]),
    ])
    expect(report.arrows.map((a) => [a.from, a.to, a.label])).to.deep.equal([
      [1, 2, '"" | "job"'],
      [2, 1, '"id-1" | "" | "done"'],
    ])
    expect(arrowLines(report)).to.deep.equal(messageLines(story.lines as never))
  })

  it("sends what no lane of the test received to the one process under test, else to an outside lane", () => {
    const withProcess = render(facts(), [
      socketLane("req", "req", [msg(1, "sent", "ping"), msg(3, "received", "pong")]),
      processLane([]),
    ]).report
    expect(withProcess.arrows.map((a) => [a.from, a.to])).to.deep.equal([
      [1, 2],
      [2, 1],
    ])
    const alone = render(facts(), [socketLane("req", "req", [msg(1, "sent", "ping")])]).report
    expect(alone.lanes.map((l) => l.kind)).to.deep.equal(["test", "socket", "outside"])
    expect(alone.arrows.map((a) => [a.from, a.to])).to.deep.equal([[1, 2]])
  })

  /** A link from the socket's endpoint to the peer's, and the peer behind it. */
  function throughLink(linkEntries: RecordEntry[], peerEntries: RecordEntry[]) {
    const peer: LaneSource = {
      record: {
        kind: "peer",
        name: "peer rep",
        type: "rep",
        endpoints: ["tcp://127.0.0.1:2"],
        entries: peerEntries,
      },
      suite: false,
    }
    const link: LaneSource = {
      record: {
        kind: "link",
        name: "link",
        endpoints: ["tcp://127.0.0.1:5555 → tcp://127.0.0.1:2"],
        entries: linkEntries,
      },
      suite: false,
    }
    return { link, peer }
  }

  it("draws a message through a fault link as one arrow from its sender to its receiver, the link on the way", () => {
    const { link, peer } = throughLink(
      [
        msg(1.5, "upstream", "hi"),
        { time: T0 + 2.5, direction: "event", event: "cut", note: "cut" },
        msg(3.5, "downstream", "ho"),
      ],
      [msg(2, "received", "hi"), msg(3, "sent", "ho")],
    )
    const { story, report } = render(facts(), [
      socketLane("req", "req", [msg(1, "sent", "hi"), msg(4, "received", "ho")]),
      link,
      peer,
    ])
    // No lane for "outside": the link's two ends are lanes of the test.
    expect(report.lanes.map((l) => l.kind)).to.deep.equal(["test", "socket", "link", "peer"])
    expect(report.arrows.map((a) => [a.from, a.via, a.to, a.label, a.mark])).to.deep.equal([
      [1, [2], 3, '"hi"', undefined],
      [3, [2], 1, '"ho"', undefined],
    ])
    expect(report.events.find((e) => e.event === "cut")!.lane).to.equal(2)
    expect(arrowLines(report)).to.deep.equal(messageLines(story.lines as never))
  })

  it("ends a message a link dropped at the link, marked, and lists the mark in the legend", () => {
    const { link, peer } = throughLink(
      [{ ...msg(1.5, "upstream", "hi"), note: "dropped (drop every 1)", mark: "dropped" }],
      [],
    )
    const { story, report } = render(facts(), [
      socketLane("req", "req", [msg(1, "sent", "hi")]),
      link,
      peer,
    ])
    expect(report.arrows.map((a) => [a.from, a.via, a.to, a.mark])).to.deep.equal([
      [1, [], 2, "dropped"],
    ])
    expect(arrowLines(report)).to.deep.equal(messageLines(story.lines as never))
    const html = renderReport(story)
    expect(html).to.match(/<ul id="legend"[^>]*><li data-mark="dropped">/)
    expect(html).to.match(/<span class="tag"[^>]*>✕ dropped<\/span>/)
  })

  it("marks each copy of a duplicated message and a peer's unmatched request where they happened", () => {
    const { link, peer } = throughLink(
      [{ ...msg(1.5, "upstream", "hi"), mark: "duplicated" }],
      [
        { ...msg(2, "received", "hi"), note: "unmatched", mark: "unmatched" },
        msg(2.2, "received", "hi"),
      ],
    )
    const { report } = render(facts(), [
      socketLane("req", "req", [msg(1, "sent", "hi")]),
      link,
      peer,
    ])
    // The worst mark of an arrow's lines wins: the first copy was also unmatched.
    expect(report.arrows.map((a) => [a.from, a.to, a.mark])).to.deep.equal([
      [1, 3, "unmatched"],
      [1, 3, "duplicated"],
    ])
    expect(report.arrows.map((a) => a.lines.length)).to.deep.equal([3, 1])
  })

  it("draws one arrow per receiver when a publisher reaches two subscribers", () => {
    const { story, report } = render(facts(), [
      socketLane("pub", "pub", [msg(1, "sent", "news", "x")]),
      socketLane("sub a", "sub", [msg(2, "received", "news", "x")]),
      socketLane("sub b", "sub", [msg(2.5, "received", "news", "x")]),
    ])
    expect(report.arrows.map((a) => [a.from, a.to])).to.deep.equal([
      [1, 2],
      [1, 3],
    ])
    expect(arrowLines(report)).to.deep.equal(messageLines(story.lines as never))
  })

  it("keeps text frames as text and binary ones as base64, and labels arrows with a preview", () => {
    const { story, report } = render(facts(), [
      socketLane("pair", "pair", [msg(1, "sent", '{"a":[1,2]}', Buffer.from([0, 1, 255]))]),
    ])
    const line = story.lines.find((l) => l.frames)!
    expect(line.frames).to.deep.equal([
      { text: '{"a":[1,2]}', size: 11 },
      { base64: "AAH/", size: 3 },
    ])
    expect(report.arrows[0].label).to.equal('{"a":[1,2]} | <3 bytes: 00 01 ff>')
    expect(report.data.lines[1]).to.deep.include({ direction: "sent", lane: "pair" })
  })

  it("cuts a frame past 64 KiB and says how much was cut", () => {
    const { story } = render(facts(), [
      socketLane("push", "push", [msg(1, "sent", "x".repeat(70_000))]),
    ])
    const frame = story.lines[1].frames![0]
    expect(frame).to.deep.include({ size: 70_000, cut: 70_000 - 65_536 })
    expect((frame as { text: string }).text).to.have.length(65_536)
  })

  it("cannot be broken out of by what the frames hold: </script>, <!--, quotes", () => {
    const nasty = "</script><script>window.hacked=1</script><!-- \"'&"
    const { story, report } = render(facts({ title: nasty, error: nasty }), [
      socketLane(`pull ${nasty}`, "pull", [msg(1, "received", nasty)]),
    ])
    expect(report.scripts).to.equal(2)
    expect(report.data.lines[1].frames).to.deep.equal([
      { text: nasty, size: Buffer.byteLength(nasty) },
    ])
    expect(report.lanes[1].name).to.equal(`pull ${nasty}`)
    expect(report.arrows[0].label).to.contain("</script>")
    expect(story.lines[1].lane).to.equal(`pull ${nasty}`)
    expect(scriptJson("</script>")).to.equal('"\\u003c/script>"')
  })

  it("marks the failed wait in red on its lane, from its start to its deadline", () => {
    const { story, report } = render(
      facts({
        failedWait: {
          lane: "pull",
          operation: "receive",
          timeout: 30,
          started: T0 + 10,
          deadline: T0 + 40,
        },
      }),
      [socketLane("req", "req", [msg(1, "sent", "a")]), socketLane("pull", "pull", [])],
    )
    const failed = report.events.filter((e) => e.failed)
    expect(failed.map((e) => [e.lane, e.event])).to.deep.equal([[2, "wait-failed"]])
    expect(report.waitStart).to.deep.equal({ lane: 2 })
    expect(report.waitBar).to.deep.equal({ lane: 2 })
    const line = story.lines[failed[0].line]
    expect(line).to.deep.include({
      operation: "receive",
      timeout: 30,
      started: 10,
      deadline: 40,
      failed: true,
    })
    // The test's own "failed" row is not red when a wait says why.
    expect(report.events.find((e) => e.event === "failed")!.failed).to.equal(false)
  })

  it("shows a crash on its process's lane", () => {
    const { report } = render(facts(), [
      processLane([
        { time: T0 + 1, direction: "event", event: "spawn", note: "node app.js" },
        { time: T0 + 5, direction: "event", event: "exit", note: "exit code 3 (crash)" },
      ]),
    ])
    expect(report.events.filter((e) => e.failed).map((e) => [e.lane, e.event])).to.deep.equal([
      [1, "exit"],
    ])
  })

  it("collapses a run of 1,000 similar messages behind one row, every message still an arrow", () => {
    const entries = Array.from({ length: 1000 }, (_, i) =>
      msg(1 + i / 100, "sent", "tick", `{"n":${i}}`),
    )
    const received = Array.from({ length: 1000 }, (_, i) =>
      msg(1.05 + i / 100, "received", "tick", `{"n":${i}}`),
    )
    const { story, report } = render(facts(), [
      socketLane("pub", "pub", entries),
      socketLane("sub", "sub", received),
    ])
    expect(report.arrows).to.have.length(1000)
    expect(report.arrows.every((a) => a.from === 1 && a.to === 2)).to.equal(true)
    expect(report.repeats).to.deep.equal([{ group: 0, count: 997 }])
    expect(report.arrows.filter((a) => !a.hidden)).to.have.length(3)
    expect(arrowLines(report)).to.deep.equal(messageLines(story.lines as never))
  })

  it("collapses a loop of 500 requests and replies behind one row, whole rounds kept visible", () => {
    const req: RecordEntry[] = []
    const rep: RecordEntry[] = []
    for (let i = 0; i < 500; i++) {
      req.push(msg(1 + i, "sent", `["ping",${i}]`), msg(1.6 + i, "received", `["pong",${i}]`))
      rep.push(msg(1.2 + i, "received", `["ping",${i}]`), msg(1.4 + i, "sent", `["pong",${i}]`))
    }
    const { story, report } = render(facts({ ended: T0 + 600 }), [
      socketLane("req", "req", req),
      socketLane("rep", "rep", rep),
    ])
    expect(report.arrows).to.have.length(1000)
    expect(report.repeats).to.deep.equal([{ group: 0, count: 994 }])
    const visible = report.arrows.filter((a) => !a.hidden).map((a) => [a.from, a.to])
    expect(visible).to.deep.equal([
      [1, 2],
      [2, 1],
      [1, 2],
      [2, 1],
      [1, 2],
      [2, 1],
    ])
    expect(arrowLines(report)).to.deep.equal(messageLines(story.lines as never))
  })

  it("shows of a suite's socket only what happened while the test ran", () => {
    const { story } = render(facts(), [
      socketLane(
        "suite rep",
        "rep",
        [msg(-100, "received", "earlier"), msg(5, "received", "now")],
        true,
      ),
    ])
    expect(story.lines.filter((l) => l.frames).map((l) => l.frames![0])).to.deep.equal([
      { text: "now", size: 3 },
    ])
    expect(story.lanes[1].suite).to.equal(true)
  })

  it("marks the waits still pending when Mocha's timeout ended the test", () => {
    const { report } = render(facts({ hung: true }), [
      socketLane("rep", "rep", [
        {
          time: T0 + 2,
          direction: "event",
          event: "waiting",
          note: "receive pending (its own bound: 60000 ms)",
        },
      ]),
    ])
    expect(report.events.filter((e) => e.failed).map((e) => [e.lane, e.event])).to.deep.equal([
      [1, "waiting"],
    ])
  })
})
