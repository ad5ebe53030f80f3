import { matchGoldenAssertion } from "./golden"
import { receivedAssertion } from "./peer-received"
import {
  receiveAssertion,
  receiveNothingAssertion,
  type ChaiStatic,
  type ChaiUtils,
} from "./receive"

/**
 * The chai plugin of zmq-harness: adds `receive` and `receiveNothing` to
 * `expect(…)` and `should`. `zmq-harness/register` installs it for you;
 * without the plugin, install it with `chai.use`.
 *
 * @example
 * ```ts
 * import * as chai from "chai"
 * import { zmqHarnessChai } from "zmq-harness/chai"
 * chai.use(zmqHarnessChai)
 * await chai.expect(req).to.receive([["pong", 1]])
 * ```
 */
export function zmqHarnessChai(chai: ChaiStatic, utils: ChaiUtils): void {
  chai.Assertion.addMethod("receive", receiveAssertion(chai, utils))
  chai.Assertion.addMethod("receiveNothing", receiveNothingAssertion(chai, utils))
  chai.Assertion.addMethod("matchGolden", matchGoldenAssertion(chai, utils))
  // peer
  chai.Assertion.addMethod("received", receivedAssertion(chai, utils))
}
