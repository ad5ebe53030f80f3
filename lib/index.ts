/**
 * zmq-harness: process and system testing for ZeroMQ applications.
 *
 * @example
 * ```ts
 * import { socket } from "zmq-harness"
 * const req = await socket("req", { connect: "tcp://127.0.0.1:5678" })
 * await req.send(["ping", 1])
 * await expect(req).to.receive([["pong", 1]])
 * ```
 * @packageDocumentation
 */
import "./chai/augment"

export {
  socket,
  type SocketOptions,
  type HarnessSocketOptions,
  type ZmqSocketOf,
} from "./socket/create"
export type { SocketFacts } from "./socket/errors"
export type { Resource, CloseBound } from "./core/scope"
export type { CallSite } from "./util/call-site"
export { TestSocket, type RecvOptions, type WaitOptions } from "./socket/test-socket"
export type { SocketType } from "./socket/types"
export type { FrameLike, JsonFrame, JsonFramePredicate } from "./frames/frames"
export type { Transcript, TranscriptEntry } from "./socket/transcript"
export { configure, settings, type Settings } from "./settings"
export { zmqHarnessChai } from "./chai/plugin"
export type { ChaiStatic, ChaiUtils, ChaiAssertion } from "./chai/receive"
export * from "./errors"
export { runProgram, type RunProgramOptions, type ProgramResult } from "./system/run-program"
export { freePort } from "./ports/free-port"
export { matchGolden, type GoldenOptions } from "./system/golden"
export { normalizers, type Normalizer } from "./system/normalizers"
export { ProgramError, GoldenError, type ProgramOutput } from "./system/errors"
export { startProcess, startModule } from "./process/start"
export { ProcessHandle } from "./process/handle"
export type { ExitOptions, ExpectedExit } from "./process/expect-exit"
export type { ProcessOptions, ReadyCondition, StopStrategy } from "./process/options"
export type { ModuleLoader } from "./process/loader"
export {
  ProcessExitedError,
  ProcessNotFoundError,
  NotReadyError,
  type ExitStatus,
} from "./process/errors"
export { processTest, type ProcessTestBody } from "./generator/process-test"
export type { MochaContextLike, TestContext } from "./generator/context"
export { send, recv } from "./generator/builtins"
export { defineEvent, type ProcessEvent, type EventHandler } from "./generator/events"
export {
  stubConstructor,
  type FakeSpy,
  type InProcessStubHandle,
  type StubConstructorOptions,
} from "./stubs/stub-constructor"
export type { StubCall, StubHandle, StubSpec } from "./stubs"
export { stubsNeedIpcError } from "./stubs"
// link
export { faultyLink } from "./faults/faulty-link"
export { FaultyLink, type DelayOptions, type BandwidthOptions } from "./faults/link"
export type { FaultyLinkOptions } from "./faults/options"
export type { MessageRule, Direction as LinkDirection } from "./faults/rules"
export type { LinkStats, DirectionStats as LinkDirectionStats } from "./faults/stats"
export type { LinkSchedule } from "./faults/schedule"
// explore
export { explore, type ExploreResult } from "./explore/explore"
export type { ExploreOptions } from "./explore/options"
export type { ExploreRun } from "./explore/run"
// artifacts
export type { ArtifactsSettings } from "./settings/artifacts"
// The CI functions live in `zmq-harness/ci` (lib/ci.ts); the root keeps them for the code
// written against 0.1.0, deprecated.
export type {
  /** @deprecated Import it from `zmq-harness/ci`. */
  TestMeta,
  /** @deprecated Import it from `zmq-harness/ci`. */
  LaneSummary,
} from "./artifacts/meta"
export {
  /** @deprecated Import it from `zmq-harness/ci`: `import { writeIndex } from "zmq-harness/ci"`. */
  writeIndex,
  /** @deprecated Import it from `zmq-harness/ci`: `import { readTestMetas } from "zmq-harness/ci"`. */
  readTestMetas,
  /** @deprecated Import it from `zmq-harness/ci`. */
  type IndexResult,
  /** @deprecated Import it from `zmq-harness/ci`. */
  type IndexOptions,
} from "./artifacts/index-page"
export type {
  ResourceRecord,
  RecordEntry,
  Recordable,
  RecordMark,
  RecordBand,
} from "./timeline/record"
// shard
export {
  /** @deprecated Import it from `zmq-harness/ci`: `import { shardOf } from "zmq-harness/ci"`. */
  shardOf,
} from "./shard/assign"
export type {
  /** @deprecated Import it from `zmq-harness/ci`. */
  ShardSpec,
} from "./shard/spec"
export {
  /** @deprecated Import it from `zmq-harness/ci`: `import { mergeArtifacts } from "zmq-harness/ci"`. */
  mergeArtifacts,
  /** @deprecated Import it from `zmq-harness/ci`. */
  type MergeOptions,
  /** @deprecated Import it from `zmq-harness/ci`. */
  type MergeResult,
  /** @deprecated Import it from `zmq-harness/ci`. */
  type MergeSkip,
} from "./shard/merge"
// peer
export { peer, type PeerOptions } from "./peer/create"
export { MockPeer, type UnmatchedExplainer } from "./peer/mock-peer"
export type { PublishFrames, PublishOptions, PeerSendOptions } from "./peer/sending"
export {
  Expectation,
  type Expected,
  type MessagePredicate,
  type ReplyFunction,
} from "./peer/expectation"
export type { ReplyFrame } from "./peer/reply-frames"
export type { PeerRequest } from "./peer/request"
// cassette
export { record, type CassetteEndpoint } from "./cassette/record"
export type { RecordOptions, ReplayOptions, ReplayBehaviour } from "./cassette/options"
export {
  CASSETTE_FORMAT,
  type Cassette,
  type CassetteChannel,
  type CassetteFrame,
  type CassetteMessage,
} from "./cassette/format"
export type { CassetteMode } from "./cassette/mode"
export { cassetteNormalizers, type CassetteNormalizer, type FrameView } from "./cassette/normalize"
export type { ReplyRewrite, RewriteContext } from "./cassette/rewrite"
export { RecordProxy } from "./cassette/proxy"
export { replay } from "./cassette/replay"
export { ReplayPeer } from "./cassette/replay-peer"
// topology
export { topology } from "./topology/topology"
export { Topology } from "./topology/network"
export { Host } from "./topology/host"
export { topologySupport, type TopologySupport } from "./topology/support"
export type { TopologyOptions } from "./topology/options"
export type { PartitionOptions, OneWayPartition, PartitionArgs } from "./topology/partition-spec"
export type { PartitionMode } from "./topology/rules"
export { Relay, type RelayOptions } from "./topology/relay"
