import { expect } from "chai"
import { createHmac, randomBytes, randomUUID } from "node:crypto"
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import {
  freePort,
  socket,
  startProcess,
  type ProcessHandle,
  type ReplyRewrite,
  type TestSocket,
} from "../../lib"

/**
 * A small Jupyter client written with zmq-harness sockets, and the start of
 * a real IPython kernel (Debian's python3-ipykernel), for the record/replay
 * round trip. The wire protocol: a message is
 * [<IDS|MSG>, hmac-sha256 hex signature, header, parent_header, metadata, content],
 * the signature computed over the four JSON frames with the connection's key.
 */

/** The Python that has ipykernel (the `python3` on PATH may be a shim without it). */
export const PYTHON = "/usr/bin/python3"
const DELIMITER = "<IDS|MSG>"

/** Why the kernel cannot run here, or undefined when it can. */
export function kernelUnavailable(): string | undefined {
  try {
    execFileSync(PYTHON, ["-c", "import ipykernel, jupyter_client"], {
      stdio: "pipe",
      timeout: 20000,
    })
    return undefined
  } catch (err) {
    return `${PYTHON} cannot import ipykernel (${(err as Error).message.split("\n")[0]}): install Debian's python3-ipykernel (apt-get install python3-ipykernel) to record against the real kernel`
  }
}

/** The ports of a kernel's connection file. */
export interface KernelPorts {
  shell: number
  iopub: number
  control: number
}

/**
 * Writes a connection file in `dir` (ports from freePort(), a random key) and
 * starts the kernel with it. Resolves once its shell port accepts connections.
 */
export async function startKernel(
  dir: string,
  key: string,
): Promise<KernelPorts & { proc: ProcessHandle }> {
  const ports = {
    shell: await freePort(),
    iopub: await freePort(),
    stdin: await freePort(),
    control: await freePort(),
    hb: await freePort(),
  }
  const file = path.join(dir, "kernel.json")
  fs.writeFileSync(
    file,
    JSON.stringify({
      shell_port: ports.shell,
      iopub_port: ports.iopub,
      stdin_port: ports.stdin,
      control_port: ports.control,
      hb_port: ports.hb,
      ip: "127.0.0.1",
      key,
      transport: "tcp",
      signature_scheme: "hmac-sha256",
      kernel_name: "python3",
    }),
  )
  const proc = await startProcess(PYTHON, ["-m", "ipykernel_launcher", "-f", file], {
    ready: `tcp://127.0.0.1:${ports.iopub}`,
    readyTimeout: 30000,
    env: {
      IPYTHONDIR: path.join(dir, "ipython"),
      JUPYTER_RUNTIME_DIR: dir,
      JUPYTER_PLATFORM_DIRS: "1",
    },
  })
  return { ...ports, proc }
}

function sign(key: string, frames: readonly (string | Buffer)[]): string {
  const hmac = createHmac("sha256", key)
  for (const f of frames) hmac.update(f)
  return hmac.digest("hex")
}

/**
 * The rewrite hook of a replay: signs each replayed message again with the
 * live key (the recorded signature was made with the recording's key, and
 * the ids it covers were replaced by the live ones).
 */
export function resign(key: string): ReplyRewrite {
  return (frames) => {
    const at = frames.findIndex((f) => f.toString() === DELIMITER)
    if (at < 0) return frames
    return frames.map((f, i) =>
      i === at + 1 ? Buffer.from(sign(key, frames.slice(at + 2, at + 6))) : f,
    )
  }
}

/** A decoded Jupyter message. */
export interface JupyterMessage {
  topic?: string
  header: { msg_id: string; msg_type: string; session: string; date: string }
  parent_header: { msg_id?: string; msg_type?: string }
  metadata: Record<string, unknown>
  content: Record<string, unknown>
}

/** The client: its session, its key, and the three sockets. */
export class JupyterClient {
  readonly session = randomUUID()

  private constructor(
    readonly key: string,
    readonly shell: TestSocket,
    readonly iopub: TestSocket,
    readonly control: TestSocket,
  ) {}

  static async connect(key: string, endpoints: { shell: string; iopub: string; control: string }) {
    const timeout = 15000 // a kernel under load can take seconds to answer
    return new JupyterClient(
      key,
      await socket("dealer", { connect: endpoints.shell, timeout, name: "shell" }),
      await socket("sub", { connect: endpoints.iopub, timeout, name: "iopub" }),
      await socket("dealer", { connect: endpoints.control, timeout, name: "control" }),
    )
  }

  /** Sends a request; resolves its msg_id. */
  async request(sock: TestSocket, msgType: string, content: object): Promise<string> {
    const header = {
      msg_id: randomUUID(),
      session: this.session,
      username: "zmq-harness",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: "5.3",
    }
    const parts = [JSON.stringify(header), "{}", "{}", JSON.stringify(content)]
    await sock.sendFrames([DELIMITER, sign(this.key, parts), ...parts])
    return header.msg_id
  }

  /** Receives one message and checks its signature. */
  async receive(sock: TestSocket): Promise<JupyterMessage> {
    const frames = (await sock.recv({ json: false })) as Buffer[]
    const at = frames.findIndex((f) => f.toString() === DELIMITER)
    expect(at, "the <IDS|MSG> delimiter").to.be.greaterThan(-1)
    const parts = frames.slice(at + 2, at + 6)
    expect(frames[at + 1].toString(), "the HMAC signature").to.equal(sign(this.key, parts))
    const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p.toString()))
    return {
      topic: at > 0 ? frames[0].toString() : undefined,
      header,
      parent_header,
      metadata,
      content,
    }
  }

  /** The iopub messages caused by request `msgId`, up to its `status: idle`. */
  async iopubUntilIdle(msgId: string): Promise<JupyterMessage[]> {
    const seen: JupyterMessage[] = []
    for (;;) {
      const msg = await this.receive(this.iopub)
      if (msg.parent_header.msg_id !== msgId) continue
      seen.push(msg)
      if (msg.header.msg_type === "status" && msg.content.execution_state === "idle") return seen
    }
  }
}

/**
 * The conversation and its assertions, the same whether the kernel is real
 * or replayed: kernel_info on shell and on control, and `1+1` with its
 * iopub messages.
 */
export async function converse(client: JupyterClient): Promise<void> {
  const info = await client.request(client.shell, "kernel_info_request", {})
  const infoReply = await client.receive(client.shell)
  expect(infoReply.header.msg_type).to.equal("kernel_info_reply")
  expect(infoReply.parent_header.msg_id).to.equal(info)
  expect(infoReply.content).to.include({ status: "ok", implementation: "ipython" })
  expect((await client.iopubUntilIdle(info)).map((m) => m.content.execution_state)).to.deep.equal([
    "busy",
    "idle",
  ])

  const run = await client.request(client.shell, "execute_request", {
    code: "1+1",
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: true,
  })
  const runReply = await client.receive(client.shell)
  expect(runReply.header.msg_type).to.equal("execute_reply")
  expect(runReply.parent_header.msg_id).to.equal(run)
  expect(runReply.content).to.include({ status: "ok", execution_count: 1 })
  const published = await client.iopubUntilIdle(run)
  expect(published.map((m) => m.header.msg_type)).to.deep.equal([
    "status",
    "execute_input",
    "execute_result",
    "status",
  ])
  expect(published[1].content).to.include({ code: "1+1" })
  expect(published[2].content.data).to.deep.equal({ "text/plain": "2" })

  const control = await client.request(client.control, "kernel_info_request", {})
  const controlReply = await client.receive(client.control)
  expect(controlReply.header.msg_type).to.equal("kernel_info_reply")
  expect(controlReply.parent_header.msg_id).to.equal(control)
  expect(
    (await client.iopubUntilIdle(control)).map((m) => m.content.execution_state),
  ).to.deep.equal(["busy", "idle"])
}

/** A fresh random key for HMAC signing. */
export function newKey(): string {
  return randomBytes(16).toString("hex")
}
