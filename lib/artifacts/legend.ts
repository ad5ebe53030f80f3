import type { RecordMark } from "../timeline/record"
import { MARKS } from "./diagram"
import { escapeHtml } from "./html"

/**
 * What each mark of a message means, for the report's legend.
 *
 * @example
 * ```ts
 * MARK_MEANINGS.dropped // "dropped by a fault link: it never arrived (…)"
 * ```
 */
export const MARK_MEANINGS: Readonly<Record<RecordMark, string>> = {
  dropped: "dropped by a fault link: it never arrived (the arrow ends at the link, ✕)",
  unmatched:
    "matched no expectation of the mock peer, or no recorded request of the replay (its failure says the nearest)",
  unexpected: "came when nothing expected it",
  duplicated: "duplicated by a fault link: it arrived twice",
  reordered: "held back by a fault link, so that the next message overtook it",
  held: "held by a link, released in the order being explored",
  delayed: "delayed by a fault link (delay or bandwidth)",
}

/**
 * The legend of the marks the diagram uses: one entry per mark present, with a sample of its
 * style (`#legend li[data-mark]`). Empty when no message was marked.
 *
 * @example
 * ```ts
 * legendHtml(new Set(["dropped"])) // '<ul id="legend">…dropped by a fault link…</ul>'
 * ```
 */
export function legendHtml(present: ReadonlySet<RecordMark>): string {
  const items = MARKS.filter((m) => present.has(m)).map(
    (m) =>
      `<li data-mark="${m}"><span class="sample"><span class="shaft right"></span></span>` +
      `<b>${m}</b> ${escapeHtml(MARK_MEANINGS[m])}</li>`,
  )
  return items.length ? `<ul id="legend" aria-label="marks">${items.join("")}</ul>` : ""
}
