/**
 * B, which A constructs with the port it bound. The real B would start
 * another process that connects back to that port; in the tests of A it is
 * replaced (docs/child-stubs.md), so the real one fails loudly if it runs.
 */
export class B {
  constructor(port: number) {
    throw new Error(`the real B was constructed (port ${port}): the stub was not installed`)
  }

  start(): unknown {
    return undefined
  }
}
