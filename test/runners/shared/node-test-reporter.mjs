// A node:test reporter for the parent run of the shared suite: one JSON line per test that
// ended (its name, whether it passed, its error's message and stack, when), what the test files
// wrote, then "end".
function errorOf(error) {
  const shown = error?.cause instanceof Error ? error.cause : error
  return shown && { message: String(shown.message), stack: String(shown.stack ?? "") }
}

export default async function* reporter(source) {
  for await (const event of source) {
    if (event.type === "test:pass" || event.type === "test:fail") {
      const { name, nesting, details } = event.data
      yield JSON.stringify({
        event: event.type === "test:pass" ? "pass" : "fail",
        name,
        nesting,
        type: details?.type ?? "test",
        error: event.type === "test:fail" ? errorOf(details?.error) : undefined,
        at: Date.now(),
      }) + "\n"
    } else if (event.type === "test:stderr" || event.type === "test:stdout") {
      yield JSON.stringify({ event: event.type.slice(5), message: event.data.message }) + "\n"
    }
  }
  yield JSON.stringify({ event: "end", at: Date.now() }) + "\n"
}
