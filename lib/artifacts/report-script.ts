/**
 * The report's inline script: plain ES2017, no library. The diagram is in the HTML already
 * (it reads without script); the script adds what needs one: a click on an arrow shows all its
 * frames (text, JSON pretty-printed, hex for binary) from the inline JSON data, a click on a
 * collapsed run shows its messages, and the failed wait's red bar is drawn from its start to
 * its deadline. When done it sets `data-ready="true"` on `#report`.
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  "use strict";
  var report = document.getElementById("report");
  var data = JSON.parse(document.getElementById("data").textContent);
  var details = document.getElementById("details");
  var rows = document.getElementById("rows");

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    return node;
  }
  function bytesOf(base64) {
    var bin = atob(base64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function hex(bytes) {
    var lines = [];
    for (var at = 0; at < bytes.length; at += 16) {
      var h = [], a = "";
      for (var i = at; i < Math.min(at + 16, bytes.length); i++) {
        h.push((bytes[i] < 16 ? "0" : "") + bytes[i].toString(16));
        a += bytes[i] >= 32 && bytes[i] < 127 ? String.fromCharCode(bytes[i]) : ".";
      }
      lines.push(("0000" + at.toString(16)).slice(-5) + "  " + (h.join(" ") + new Array(49).join(" ")).slice(0, 48) + " " + a);
    }
    return lines.join("\n");
  }
  function view(frame) {
    if (frame.text === undefined) return { kind: "binary", text: hex(bytesOf(frame.base64)) };
    var t = frame.text, c = t.charAt(0);
    if (c === "{" || c === "[" || c === '"') {
      try { return { kind: "JSON", text: JSON.stringify(JSON.parse(t), null, 2) }; } catch (e) { /* text */ }
    }
    return { kind: "text", text: t };
  }
  function laneName(i) { return data.lanes[i] ? data.lanes[i].name : "?"; }
  function showLines(title, indexes) {
    details.textContent = "";
    var close = el("button", "close", { id: "close", type: "button" });
    close.onclick = hide;
    details.appendChild(close);
    details.appendChild(el("h2", title));
    indexes.forEach(function (n) {
      var line = data.lines[n];
      if (!line) return;
      details.appendChild(el("h3", "+" + line.t + " ms  " + line.lane + "  " + line.direction + (line.event ? " " + line.event : "") + (line.mark ? "  [" + line.mark + "]" : ""), { "data-line": n }));
      if (line.note) details.appendChild(el("p", line.note, { "class": "note" }));
      if (line.operation) details.appendChild(el("p", line.operation + ": started +" + line.started + " ms, deadline +" + line.deadline + " ms (bound " + line.timeout + " ms)", { "class": "note" }));
      if (!line.frames) {
        if (line.framesLeftOut) details.appendChild(el("p", "Frames left out of the report (size limit): see transcript.jsonl.", { "class": "note" }));
        return;
      }
      line.frames.forEach(function (frame, i) {
        var v = view(frame);
        details.appendChild(el("h3", "frame " + i + " - " + frame.size + " bytes, " + v.kind + (frame.cut ? " (" + frame.cut + " bytes cut)" : "")));
        details.appendChild(el("pre", v.text, { "data-frame": i, "data-frame-kind": v.kind }));
      });
    });
    details.hidden = false;
  }
  function hide() {
    details.hidden = true;
    var sel = rows.querySelector(".selected");
    if (sel) sel.classList.remove("selected");
  }
  function select(row) {
    var sel = rows.querySelector(".selected");
    if (sel) sel.classList.remove("selected");
    row.classList.add("selected");
  }
  function placeWaitBar() {
    var bar = document.getElementById("wait-bar");
    var start = rows.querySelector("[data-wait-start]");
    var end = rows.querySelector('[data-event="wait-failed"]');
    if (!bar || !start || !end) return;
    bar.style.top = start.offsetTop + start.offsetHeight / 2 + "px";
    bar.style.height = Math.max(4, end.offsetTop - start.offsetTop) + "px";
    bar.hidden = false;
  }
  rows.addEventListener("click", function (e) {
    var row = e.target.closest(".row");
    if (!row) return;
    if (row.hasAttribute("data-repeat")) {
      var group = row.getAttribute("data-repeat");
      var open = row.getAttribute("data-collapsed") !== null;
      rows.querySelectorAll('[data-group="' + group + '"]').forEach(function (r) { r.hidden = !open; });
      if (open) row.removeAttribute("data-collapsed"); else row.setAttribute("data-collapsed", "");
      row.querySelector(".box").textContent = (open ? "hide " : "show ") + row.getAttribute("data-count") + " similar messages";
      fitBoxes();
      placeWaitBar();
      return;
    }
    var lines = (row.getAttribute("data-lines") || row.getAttribute("data-line") || "").split(" ").filter(Boolean).map(Number);
    if (lines.length === 0) return;
    select(row);
    var via = (row.getAttribute("data-via") || "").split(" ").filter(Boolean).map(function (i) { return laneName(+i); });
    var title = row.hasAttribute("data-arrow")
      ? laneName(+row.getAttribute("data-from")) + " \u2192 " + laneName(+row.getAttribute("data-to")) + (via.length ? " (through " + via.join(", ") + ")" : "")
      : laneName(+row.getAttribute("data-lane")) + ": " + row.getAttribute("data-event");
    showLines(title, lines);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  // A box centred on a lane near an edge would leave the diagram: moved back inside it.
  function fitBoxes() {
    var width = rows.clientWidth;
    rows.querySelectorAll(".row:not([hidden]) .box").forEach(function (box) {
      box.style.marginLeft = "";
      var row = box.parentNode.getBoundingClientRect(), r = box.getBoundingClientRect();
      var over = r.right - row.left - width + 4, under = row.left + 4 - r.left;
      if (over > 0) box.style.marginLeft = -over + "px";
      else if (under > 0) box.style.marginLeft = under + "px";
    });
  }
  window.addEventListener("resize", fitBoxes);
  fitBoxes();
  placeWaitBar();
  report.setAttribute("data-ready", "true");
})();
`
