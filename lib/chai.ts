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
import { zmqHarnessChai as plugin } from "./chai/plugin"

// `module.exports` is the plugin function itself, so that `import plugin from
// "zmq-harness/chai"` gives the function in an ES module too (Node hands an ES
// module `module.exports` as the default export, whatever `__esModule` says).
// `.default` and `.zmqHarnessChai` name the same function, for
// `require("zmq-harness/chai").zmqHarnessChai` and TypeScript's CommonJS output
// without esModuleInterop. Same function, so chai's `use` installs it once.
const zmqHarnessChai = Object.assign(plugin, { zmqHarnessChai: plugin, default: plugin })

export = zmqHarnessChai

// Node gives an ES module the named exports of a CommonJS file that its lexer
// finds in the source text; this line lets it find `zmqHarnessChai` for
// `import { zmqHarnessChai } from "zmq-harness/chai"` (the value is already there).
module.exports.zmqHarnessChai = plugin
