/**
 * Text made safe for HTML content and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<a href="x">') // "&lt;a href=&quot;x&quot;&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c])
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
}

/**
 * JSON to put inside `<script type="application/json">`: every `<` is written `\u003c` (as are
 * U+2028/U+2029), so no `</script>` or `<!--` in the data can end or change the script.
 * `JSON.parse` of the element's text gives the value back.
 *
 * @example
 * ```ts
 * scriptJson({ text: "</script>" }) // '{"text":"\\u003c/script>"}'
 * ```
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
}
