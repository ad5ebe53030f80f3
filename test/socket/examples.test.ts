// Runs the socket examples (examples/sockets) with the project's tests, so the docs that show
// them stay true.
import "../../examples/sockets/pong.test"
