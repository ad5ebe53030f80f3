// The helper A constructs; the real one is not wanted in A's process test.
class B {
  constructor() {
    throw new Error("the real B must not run in this test")
  }
}
module.exports = { B }
