import { expect } from "chai"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { runProgram, topologySupport } from "../../lib"

const script = path.join(__dirname, "fixtures/rootless.js")
/** An unprivileged user that exists everywhere. */
const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"]

/** Skips unless this run can start a child as another user (root, with setpriv). */
function requireSetpriv(context: Mocha.Context): void {
  const why =
    process.getuid?.() !== 0
      ? "not root: cannot start a child as another user"
      : !fs.existsSync("/usr/bin/setpriv")
        ? "no setpriv (util-linux)"
        : !fs.existsSync(path.join(__dirname, "../../dist/index.js"))
          ? "dist/ is not built (npm run build)"
          : !readableByNobody(script)
            ? `the checkout cannot be read by an unprivileged user (a parent folder of ${script} is private, e.g. made by mktemp -d)`
            : undefined
  if (!why) return
  console.log(`      skipped: ${why}`)
  context.skip()
}

/** Whether the unprivileged user can read `file` (every folder above it must let it through). */
function readableByNobody(file: string): boolean {
  return spawnSync("setpriv", [...NOBODY, "test", "-r", file]).status === 0
}

/** Whether an unprivileged user may make a user namespace here. */
function userNamespacesAllowed(): string | undefined {
  const result = spawnSync("setpriv", [...NOBODY, "unshare", "--user", "--map-root-user", "true"], {
    encoding: "utf8",
  })
  return result.status === 0
    ? undefined
    : `no user namespaces for unprivileged users: ${result.stderr.trim()}`
}

describe("topologySupport() and rootless hosts @system", function () {
  this.timeout(20000)

  it("answers { ok: true } or { ok: false, reason } in the same shape, every time", () => {
    const support = topologySupport()
    expect(topologySupport()).to.equal(support) // asked once, remembered
    if (support.ok) expect(support).to.deep.equal({ ok: true })
    else expect(support.reason).to.be.a("string").and.not.equal("")
  })

  it("says why without the capabilities, and topology() throws TopologyUnsupportedError with that reason", async function () {
    requireSetpriv(this)
    const { stdout } = await runProgram("setpriv", [...NOBODY, process.execPath, script])
    expect(stdout).to.equal(
      'support {"ok":false,"reason":"making network namespaces needs CAP_NET_ADMIN and CAP_SYS_ADMIN: run as root, ' +
        "or rootless inside a user namespace (unshare --user --map-root-user --net --mount), or give a container " +
        '--cap-add NET_ADMIN --cap-add SYS_ADMIN"}\nerror ERR_ZMQH_TOPOLOGY_UNSUPPORTED true\n',
    )
  })

  it("works rootless: an unprivileged user in a user namespace with its own /run", async function () {
    requireSetpriv(this)
    const refused = userNamespacesAllowed()
    if (refused) {
      console.log(`      skipped: ${refused}`)
      this.skip()
    }
    const shell = `mount -t tmpfs tmpfs /run && exec "${process.execPath}" "${script}"`
    const args = [
      ...NOBODY,
      "unshare",
      "--user",
      "--map-root-user",
      "--net",
      "--mount",
      "--",
      "sh",
      "-c",
      shell,
    ]
    const { code, stdout, stderr } = await runProgram("setpriv", args)
    expect({ code, stderr }).to.deep.equal({ code: 0, stderr: "" })
    expect(stdout).to.equal(
      'support {"ok":true}\nbefore connected\npartitioned ECONNREFUSED\nclosed\n',
    )
  })

  it("in a user namespace whose /run belongs to the real root, says to mount a tmpfs on it", async function () {
    requireSetpriv(this)
    const refused = userNamespacesAllowed()
    if (refused) {
      console.log(`      skipped: ${refused}`)
      this.skip()
    }
    const args = [
      ...NOBODY,
      "unshare",
      "--user",
      "--map-root-user",
      "--net",
      "--mount",
      "--",
      process.execPath,
      script,
    ]
    const { stdout } = await runProgram("setpriv", args)
    expect(stdout).to.equal(
      'support {"ok":false,"reason":"/run/netns cannot be written (a user namespace whose /run belongs to the real root): ' +
        'mount a tmpfs on /run in that namespace first (mount -t tmpfs tmpfs /run)"}\n' +
        "error ERR_ZMQH_TOPOLOGY_UNSUPPORTED true\n",
    )
  })
})
