/** Geometry of the diagram, in CSS pixels. */
export const TIME_COLUMN = 96
/** A lane is never narrower than this: past it, the diagram scrolls sideways. */
export const MIN_LANE_WIDTH = 170
export const ROW_HEIGHT = 26

/**
 * The report's inline style sheet: no fonts, images or anything fetched.
 *
 * The diagram fills the page's width: `#diagram` says how many lanes there are (`--lanes`), each
 * element which lane it is at (`--x`, a lane's centre counted in lanes: 0.5 for the first) and
 * how many lanes an arrow spans (`--span`); `lane-x` below turns that into a position. The heads
 * are a grid of as many equal columns, so they stand above their lifelines at any width.
 */
export const REPORT_STYLE = `
:root { color-scheme: light; --red: #c62828; --ink: #1f2933; --muted: #6b7785; --line: #c4ccd4;
  --time: ${TIME_COLUMN}px; --min-lane: ${MIN_LANE_WIDTH}px;
  --drop: #c62828; --warn: #b45309; --dup: #6a1b9a; --slow: #1565c0; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
header { padding: 12px 16px; border-bottom: 1px solid var(--line); }
h1 { font-size: 16px; margin: 0 0 4px; word-break: break-word; }
.state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; color: #fff; background: #2e7d32; }
.state.failed { background: var(--red); }
.meta { color: var(--muted); margin: 4px 0; }
.at { margin: 4px 0; }
a.src { font: 12px ui-monospace, monospace; }
#error { white-space: pre-wrap; background: #fff5f5; border-left: 3px solid var(--red); padding: 8px; max-height: 30vh; overflow: auto; margin: 8px 0 0; font: 12px/1.35 ui-monospace, monospace; }
#notices { margin: 8px 0 0; padding: 6px 10px; background: #fff8e1; border-left: 3px solid var(--warn); }
#notices h2 { font-size: 13px; margin: 0; color: var(--warn); }
#notices ul { margin: 4px 0 0; padding-left: 18px; white-space: pre-wrap; font: 12px/1.35 ui-monospace, monospace; }
.files a { margin-right: 12px; }
#legend { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; }
#legend li { display: flex; align-items: center; gap: 6px; }
#legend .sample { position: relative; display: inline-block; width: 36px; height: 12px; }
#legend .sample .shaft { left: 0; width: 30px; top: 6px; }
#diagram { position: relative; overflow: auto; max-height: 78vh; border-bottom: 1px solid var(--line); }
#canvas { position: relative; min-width: calc(var(--time) + var(--lanes) * var(--min-lane)); }
.heads { position: sticky; top: 0; z-index: 3; display: grid; grid-template-columns: var(--time) repeat(var(--lanes), minmax(0, 1fr)); background: #f7f9fb; border-bottom: 1px solid var(--line); }
.head { min-width: 0; padding: 6px 8px; text-align: center; border-right: 1px solid #eef1f4; overflow-wrap: break-word; }
.head .kind { display: block; font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.head .name { display: block; font-weight: 600; }
.head .host { display: block; font-size: 11px; color: var(--muted); }
.head .where { display: block; font: 11px/1.3 ui-monospace, monospace; color: var(--ink); overflow-wrap: anywhere; }
.row.banded { background: repeating-linear-gradient(135deg, #fff4e5 0 6px, #ffe9cc 6px 12px); }
#bands { padding: 8px 16px; } #bands li { margin: 2px 0; }
.head[data-kind="outside"] .name { font-style: italic; font-weight: 500; }
#rows { position: relative; }
/* A lane's centre: the time column, then --x lanes of the width the rows have. */
.lifeline, .box, .via, .tag, #wait-bar { left: calc(var(--time) + (100% - var(--time)) * var(--x) / var(--lanes)); }
.lifeline { position: absolute; top: 0; bottom: 0; width: 0; border-left: 1px dashed var(--line); }
.row { position: relative; height: ${ROW_HEIGHT}px; }
.row[hidden] { display: none; }
.row:hover { background: #f3f6f9; }
.row.selected { background: #e3f0ff; }
.row[data-failed] { background: #ffebee; }
.t { position: absolute; left: 6px; top: 5px; width: calc(var(--time) - 12px); color: var(--muted); font: 11px ui-monospace, monospace; text-align: right; }
.shaft { position: absolute; top: 16px; height: 0; border-top: 2px solid #37474f; cursor: pointer;
  left: calc(var(--time) + (100% - var(--time)) * var(--x) / var(--lanes));
  width: max(24px, calc((100% - var(--time)) * var(--span) / var(--lanes))); }
.shaft::after { content: ""; position: absolute; top: -6px; border: 5px solid transparent; }
.shaft.right::after { right: -2px; border-left: 8px solid #37474f; border-right: 0; }
.shaft.left::after { left: -2px; border-right: 8px solid #37474f; border-left: 0; }
.label { position: absolute; bottom: 2px; left: 4px; right: 10px; text-align: center; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font: 11px ui-monospace, monospace; }
.via { position: absolute; top: 12px; width: 10px; height: 10px; margin-left: -5px; border-radius: 50%; background: #fff; border: 2px solid #37474f; z-index: 1; }
.tag { position: absolute; top: 1px; transform: translateX(-50%); padding: 0 5px; border-radius: 3px; font-size: 10px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; color: #fff; background: var(--c, #37474f); z-index: 2; white-space: nowrap; }
[data-mark] { --c: #37474f; }
[data-mark="dropped"] { --c: var(--drop); }
[data-mark="unmatched"], [data-mark="unexpected"] { --c: var(--warn); }
[data-mark="duplicated"], [data-mark="reordered"], [data-mark="held"] { --c: var(--dup); }
[data-mark="delayed"] { --c: var(--slow); }
[data-mark] .shaft { border-top-color: var(--c); }
[data-mark] .shaft.right::after { border-left-color: var(--c); }
[data-mark] .shaft.left::after { border-right-color: var(--c); }
[data-mark] .label { color: var(--c); }
[data-mark="dropped"] .shaft { border-top-style: dashed; }
[data-mark="dropped"] .shaft::after { border: 0; content: "✕"; top: -10px; font: 700 13px/1 system-ui, sans-serif; color: var(--c); }
[data-mark="dropped"] .shaft.right::after { right: -6px; }
[data-mark="dropped"] .shaft.left::after { left: -6px; }
[data-mark="duplicated"] .shaft { border-top-style: double; border-top-width: 4px; }
[data-mark="delayed"] .shaft, [data-mark="held"] .shaft { border-top-style: dotted; }
[data-mark="unmatched"] .shaft, [data-mark="unexpected"] .shaft { border-top-width: 3px; }
.row.arrow[data-mark] { background: color-mix(in srgb, var(--c) 7%, transparent); }
.box { position: absolute; top: 3px; transform: translateX(-50%); max-width: calc((100% - var(--time)) * 2 / var(--lanes) - 16px); padding: 1px 8px; border: 1px solid #90a4ae; border-radius: 4px; background: #eceff1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 12px; z-index: 1; }
.box.first { left: calc(var(--time) + 4px); transform: none; max-width: calc(100% - var(--time) - 8px); }
.row[data-failed] .box, .row[data-wait-start] .box { border-color: var(--red); color: var(--red); background: #fff; font-weight: 600; }
.box a.src { margin-left: 6px; font-weight: 400; }
.row[data-event="reordered"] .box { border-color: #ef6c00; background: #fff3e0; }
.row[data-event="held"] .box { border-style: dashed; }
.row.repeat { cursor: pointer; }
.row.repeat .box { background: #fffde7; border-style: dashed; }
#wait-bar { position: absolute; width: 6px; margin-left: -3px; background: var(--red); opacity: .7; border-radius: 3px; z-index: 2; pointer-events: none; }
#details { position: fixed; right: 0; top: 0; bottom: 0; width: min(560px, 90vw); overflow: auto; background: #fff; border-left: 2px solid var(--line); box-shadow: -4px 0 12px rgba(0,0,0,.08); padding: 12px 16px; z-index: 5; }
#details h2 { font-size: 14px; margin: 0 0 8px; }
#details h3 { font-size: 12px; margin: 12px 0 4px; color: var(--muted); }
#details pre { white-space: pre-wrap; word-break: break-all; background: #f7f9fb; padding: 8px; margin: 0; font: 12px/1.35 ui-monospace, monospace; }
#close { float: right; }
#outputs { padding: 8px 16px 24px; }
#outputs pre { white-space: pre-wrap; word-break: break-all; background: #f7f9fb; padding: 8px; max-height: 40vh; overflow: auto; font: 12px/1.35 ui-monospace, monospace; }
.note { color: var(--muted); }
`
