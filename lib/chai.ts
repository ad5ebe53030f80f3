/**
 * `zmq-harness/chai`: the chai plugin alone, for projects that install chai
 * plugins themselves. `zmq-harness/register` installs it for you.
 *
 * @example
 * ```ts
 * import * as chai from "chai"
 * import zmqHarnessChai from "zmq-harness/chai"
 * chai.use(zmqHarnessChai)
 * ```
 * @packageDocumentation
 */
import "./chai/augment"
import { zmqHarnessChai } from "./chai/plugin"

export { zmqHarnessChai }
export default zmqHarnessChai
