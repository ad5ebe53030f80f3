// Loaded with `mocha --file setup.js`: the plugin from a setup file.
require("zmq-harness/register")
