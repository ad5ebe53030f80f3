import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import {
  cassetteNormalizers,
  record,
  type CassetteEndpoint,
  type ExitStatus,
  type RecordOptions,
} from "../../lib"
import {
  converse,
  JupyterClient,
  kernelUnavailable,
  newKey,
  resign,
  startKernel,
  type KernelPorts,
} from "./jupyter"

/**
 * The record/replay round trip on a real third-party program: a session with
 * Debian's IPython kernel, recorded through proxies on its shell, iopub and
 * control sockets, then replayed to the same client (the same assertions,
 * converse() in ./jupyter.ts) with no kernel running.
 */
describe("record and replay of an IPython kernel session @system", function () {
  this.timeout(90000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-kernel-"))
  const recorded = path.join(dir, "session.json")
  let kernelExit: ExitStatus | undefined
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  /** Says why a test cannot run, then skips it: never silently. */
  function skip(ctx: Mocha.Context, why: string): never {
    console.log(`      skipped: ${why}`)
    ctx.skip()
  }

  /** The three channels of a session, recorded or replayed as `options.mode` says. */
  async function open(
    key: string,
    options: Partial<RecordOptions>,
    kernel: () => Promise<KernelPorts>,
  ): Promise<{ client: JupyterClient; modes: string[] }> {
    const shared = { normalize: [cassetteNormalizers.jupyter], rewrite: resign(key), ...options }
    const at = (pick: (p: KernelPorts) => number) => async () =>
      `tcp://127.0.0.1:${pick(await kernel())}`
    const shell = await record("ipykernel-session", {
      ...shared,
      channel: "shell",
      type: "dealer",
      target: at((p) => p.shell),
    })
    const iopub: CassetteEndpoint = await record("ipykernel-session", {
      ...shared,
      channel: "iopub",
      type: "sub",
      target: at((p) => p.iopub),
    })
    const control = await record("ipykernel-session", {
      ...shared,
      channel: "control",
      type: "dealer",
      target: at((p) => p.control),
    })
    const client = await JupyterClient.connect(key, {
      shell: shell.endpoint,
      iopub: iopub.endpoint,
      control: control.endpoint,
    })
    // Through the proxy to the kernel's PUB, or to the replay: then what is published reaches the client.
    await iopub.subscribed()
    return { client, modes: [shell.mode, iopub.mode, control.mode] }
  }

  const noKernel = () => Promise.reject(new Error("the kernel was started in a replay"))

  it("records a session with the real kernel: kernel_info, 1+1 with its iopub messages, control", async function () {
    const why = kernelUnavailable()
    if (why) skip(this, why)
    const key = newKey()
    let started: Promise<KernelPorts> | undefined
    const kernel = () =>
      (started ??= startKernel(dir, key).then((k) => {
        void k.proc.exited.then((status) => (kernelExit = status))
        return k
      }))
    const { client, modes } = await open(key, { path: recorded, mode: "update" }, kernel)
    expect(modes).to.deep.equal(["record", "record", "record"])
    await converse(client)
  })

  it("replays it with the kernel not running: the client's assertions pass the same way", async function () {
    if (!fs.existsSync(recorded)) skip(this, "the recording test above did not record a session")
    expect(kernelExit, "the kernel of the recording has exited").to.not.equal(undefined)
    // Another key than the recording's: every replayed message is signed again with it.
    const { client, modes } = await open(newKey(), { path: recorded, mode: "lockdown" }, noKernel)
    expect(modes).to.deep.equal(["replay", "replay", "replay"])
    await converse(client)
  })

  it("replays the committed cassette test/cassettes/ipykernel-session.json (no kernel needed)", async function () {
    // With ZMQ_HARNESS_CASSETTES=update (or no cassette) this records it again, with the real kernel.
    const key = newKey()
    let started: Promise<KernelPorts> | undefined
    const kernel = () => {
      const why = kernelUnavailable()
      if (why) skip(this, `the cassette is to be recorded, and ${why}`)
      return (started ??= startKernel(dir, key))
    }
    const { client } = await open(key, {}, kernel)
    await converse(client)
  })
})
