/** Geometry of the diagram, in CSS pixels (the renderer and the style agree on it). */
export const TIME_COLUMN = 96
export const LANE_WIDTH = 200
export const ROW_HEIGHT = 26

/** The report's inline style sheet: no fonts, images or anything fetched. */
export const REPORT_STYLE = `
:root { color-scheme: light; --red: #c62828; --ink: #1f2933; --muted: #6b7785; --line: #c4ccd4; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
header { padding: 12px 16px; border-bottom: 1px solid var(--line); }
h1 { font-size: 16px; margin: 0 0 4px; word-break: break-word; }
.state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; color: #fff; background: #2e7d32; }
.state.failed { background: var(--red); }
.meta { color: var(--muted); margin: 4px 0; }
#error { white-space: pre-wrap; background: #fff5f5; border-left: 3px solid var(--red); padding: 8px; max-height: 30vh; overflow: auto; margin: 8px 0 0; font: 12px/1.35 ui-monospace, monospace; }
.files a { margin-right: 12px; }
#diagram { position: relative; overflow: auto; max-height: 78vh; border-bottom: 1px solid var(--line); }
.heads { position: sticky; top: 0; z-index: 3; display: flex; padding-left: ${TIME_COLUMN}px; background: #f7f9fb; border-bottom: 1px solid var(--line); width: max-content; }
.head { flex: none; width: ${LANE_WIDTH}px; padding: 6px 8px; text-align: center; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; border-right: 1px solid #eef1f4; }
.head .kind { display: block; font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.head .name { font-weight: 600; }
.head .host { display: block; font-size: 11px; color: var(--muted); }
.row.banded { background: repeating-linear-gradient(135deg, #fff4e5 0 6px, #ffe9cc 6px 12px); }
#bands { padding: 8px 16px; } #bands li { margin: 2px 0; }
.head[data-kind="outside"] .name { font-style: italic; font-weight: 400; }
#rows { position: relative; }
.lifeline { position: absolute; top: 0; bottom: 0; width: 0; border-left: 1px dashed var(--line); }
.row { position: relative; height: ${ROW_HEIGHT}px; }
.row[hidden] { display: none; }
.row:hover { background: #f3f6f9; }
.row.selected { background: #e3f0ff; }
.row[data-failed] { background: #ffebee; }
.t { position: absolute; left: 6px; top: 5px; width: ${TIME_COLUMN - 12}px; color: var(--muted); font: 11px ui-monospace, monospace; text-align: right; }
.shaft { position: absolute; top: 16px; height: 0; border-top: 2px solid #37474f; cursor: pointer; }
.shaft::after { content: ""; position: absolute; top: -6px; border: 5px solid transparent; }
.shaft.right::after { right: -2px; border-left: 8px solid #37474f; border-right: 0; }
.shaft.left::after { left: -2px; border-right: 8px solid #37474f; border-left: 0; }
.label { position: absolute; bottom: 2px; left: 4px; right: 10px; text-align: center; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font: 11px ui-monospace, monospace; }
.box { position: absolute; top: 3px; transform: translateX(-50%); max-width: ${LANE_WIDTH * 2 - 16}px; padding: 1px 8px; border: 1px solid #90a4ae; border-radius: 4px; background: #eceff1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 12px; z-index: 1; }
.box.first { transform: none; }
.row[data-failed] .box, .row[data-wait-start] .box { border-color: var(--red); color: var(--red); background: #fff; font-weight: 600; }
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
