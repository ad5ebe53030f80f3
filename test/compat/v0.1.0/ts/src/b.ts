// B, which A constructs with the port it bound (docs/child-stubs.md, v0.1.0).
// The real one would start another process; in the tests it must never run.
export class B {
  constructor(port: number) {
    throw new Error(`the real B was constructed (port ${port}): the stub was not installed`)
  }
  start(): unknown {
    return undefined
  }
}
