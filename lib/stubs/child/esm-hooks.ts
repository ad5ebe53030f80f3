/**
 * The ES module loader hooks, as source text: `module.register()` runs them
 * in a loader thread that has no TypeScript, so they are registered as a
 * `data:` URL. For a stubbed URL, `load` serves a generated module that
 * re-exports the real module (loaded under a marked URL) and replaces the
 * stubbed names with the fakes of the main thread's runtime.
 */

/** `Symbol.for()` of this names the child's runtime on `globalThis`, for the generated modules. */
export const RUNTIME_KEY_NAME = "zmq-harness.stubs"

export const ESM_HOOKS_SOURCE = `
const MARK = "zmq-harness-real"
let targets = new Map()
export function initialize(data) {
  targets = new Map(data.targets.map((t) => [t.url, t.exports]))
}
export async function load(url, context, nextLoad) {
  const names = targets.get(url)
  const loaded = await nextLoad(url, context)
  // Node's type stripping loads .ts files as "module-typescript" or "commonjs-typescript".
  if (!names || !/^(module|commonjs)(-typescript)?$/.test(loaded.format)) return loaded
  const real = JSON.stringify(url + "?" + MARK)
  const lines = [
    "import * as real from " + real + ";",
    "export * from " + real + ";",
    "const fakes = globalThis[Symbol.for('${RUNTIME_KEY_NAME}')].esm(" + JSON.stringify(url) + ", real);",
  ]
  names.forEach((name, i) => {
    lines.push("const fake" + i + " = fakes[" + JSON.stringify(name) + "];")
    lines.push("export { fake" + i + " as " + JSON.stringify(name) + " };")
  })
  return { format: "module", source: lines.join("\\n"), shortCircuit: true }
}
`
