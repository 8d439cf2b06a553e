// The Thematica coding surface: one front end for the notebook widget
// (anywidget: the default export's render) and the page `thematica serve`
// shows (mount with an HTTP transport, see page.js). Plain ES module, no build.
//
// The engine owns the project: every change is an action sent through the
// transport, and the state it answers is drawn as is. Offsets sent to the
// engine are Unicode code points; the DOM counts UTF-16 units, so every
// conversion goes through countCodePoints / the data-start of a text segment.

const POLL_MS = 1500;

// Code points in a string (a surrogate pair is one).
export function countCodePoints(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

function clock(ms) {
  if (ms === null || ms === undefined) return "";
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const two = (n) => String(n).padStart(2, "0");
  return hh ? `${hh}:${two(mm)}:${two(ss)}` : `${mm}:${two(ss)}`;
}

function initials(name) {
  return (name || "").split(/\s+/).filter(Boolean).map((w) => Array.from(w)[0]).join("").slice(0, 3).toUpperCase();
}

// Mounts the surface in `root`. transport.request(message) -> Promise<state>.
export function mount(root, transport, options = {}) {
  const ui = {
    state: null, view: options.view || {}, selection: null, focus: null,
    recent: [], search: "", drafts: new Map(), docKey: null, segs: [], segStarts: [], cps: [],
    destroyed: false, started: performance.now(), painted: false,
  };
  root.classList.add("tm-surface");
  root.innerHTML = "";

  // --- skeleton ---------------------------------------------------------------
  const docSelect = h("select", { "data-role": "document", title: "Document" });
  const coderSelect = h("select", { "data-role": "coder", title: "Who is coding" });
  const newCoder = h("input", { "data-role": "new-coder-name", placeholder: "new coder", size: 10 });
  const blind = h("input", { type: "checkbox", "data-role": "blind" });
  const status = h("span", { class: "tm-status", "data-role": "status" });
  const bar = h("header", { class: "tm-bar" },
    h("strong", { class: "tm-title", "data-role": "title" }),
    h("button", { "data-action": "previous-document", title: "Previous document" }, "‹"),
    docSelect,
    h("button", { "data-action": "next-document", title: "Next document" }, "›"),
    h("label", {}, "Coder ", coderSelect),
    newCoder, h("button", { "data-action": "add-coder" }, "Add coder"),
    h("label", { title: "Hide other coders' codings" }, blind, " Blind"),
    h("button", { "data-action": "undo", title: "Undo (Ctrl+Z)" }, "Undo"),
    h("button", { "data-action": "save" }, "Save"),
    status);
  const message = h("div", { class: "tm-message", "data-role": "message", role: "status" });
  const search = h("input", { type: "search", "data-role": "code-search", placeholder: "Search codes" });
  const recent = h("div", { class: "tm-recent", "data-role": "recent" });
  const tree = h("ul", { class: "tm-tree", "data-role": "tree" });
  const newCodeName = h("input", { "data-role": "new-code-name", placeholder: "New code" });
  const newCodeParent = h("select", { "data-role": "new-code-parent", title: "Parent code" });
  const filterCode = h("select", { "data-role": "filter-code" });
  const filterCoder = h("select", { "data-role": "filter-coder" });
  const filterTheme = h("select", { "data-role": "filter-theme" });
  const codesPane = h("aside", { class: "tm-codes" },
    h("h3", {}, "Codebook"), search, recent, tree,
    h("div", { class: "tm-new-code" }, newCodeName, newCodeParent,
      h("button", { "data-action": "new-code", title: "Create the code (and apply it to the selection, if any)" }, "New code")),
    h("h3", {}, "Show"),
    h("div", { class: "tm-filter" },
      h("label", {}, "Code ", filterCode), h("label", {}, "Coder ", filterCoder),
      h("label", {}, "Theme ", filterTheme)));
  const text = h("div", { class: "tm-text" });
  const margin = h("div", { class: "tm-margin", "data-role": "margin" });
  const scroller = h("section", { class: "tm-doc-pane", "data-role": "scroller" },
    h("div", { class: "tm-doc-wrap" }, text, margin));
  const side = h("aside", { class: "tm-side", "data-role": "side" });
  root.append(bar, message, h("div", { class: "tm-main" }, codesPane, scroller, side));

  // --- talking to the engine --------------------------------------------------
  let inflight = 0;
  async function send(action, params = {}) {
    inflight++;
    try {
      const state = await transport.request({ action, ...params, view: ui.view, revision: ui.state?.revision });
      apply(state);
      return state;
    } catch (e) {
      showMessage(`could not reach Thematica: ${e.message || e}`, true);
      return null;
    } finally {
      inflight--;
    }
  }

  function apply(state) {
    if (!state || state.unchanged || ui.destroyed) return;
    if (!state.view) { showMessage(state.error || "unexpected answer", true); return; }
    const prev = ui.state;
    ui.state = state;
    ui.view = state.view;
    options.onView?.(state.view);
    const doc = state.document;
    const key = doc ? JSON.stringify([doc.id, doc.text.length, doc.excerpts, state.codes.map((c) => c.color)]) : "";
    if (key !== ui.docKey) {
      renderDocument(doc, prev?.document?.id === doc?.id);
      ui.docKey = key;
    }
    if (ui.focus && !doc?.excerpts.some((e) => e.id === ui.focus)) ui.focus = null;
    renderBar();
    renderTree();
    renderSide();
    markFocus();
    if (state.error) showMessage(state.error, true);
    else if (state.disk_changed) showDiskChanged();
    else showMessage(state.note || "", false);
    if (!ui.painted) {
      ui.painted = true;
      requestAnimationFrame(() => {
        const ms = performance.now() - (options.timeOrigin ?? ui.started);
        root.dataset.firstPaintMs = ms.toFixed(1);
      });
    }
  }

  function showMessage(textContent, isError) {
    message.replaceChildren(textContent);
    message.className = "tm-message" + (isError ? " tm-error" : "") + (textContent ? " tm-shown" : "");
  }

  function showDiskChanged() {
    message.replaceChildren(
      `${ui.state.file} was changed on disk by another program. `,
      h("button", { "data-action": "reload-from-disk" }, "Load the file from disk"), " ",
      h("button", { "data-action": "overwrite-disk" }, "Overwrite it with this version"));
    message.className = "tm-message tm-error tm-shown";
  }

  // --- header ---------------------------------------------------------------------
  function options_(select, items, selected, none) {
    const opts = none === undefined ? [] : [h("option", { value: "" }, none)];
    for (const it of items) opts.push(h("option", { value: it.id, selected: it.id === selected }, it.label ?? it.name));
    select.replaceChildren(...opts);
    select.value = selected || "";
  }

  function codePaths() {
    const byId = new Map(ui.state.codes.map((c) => [c.id, c]));
    const path = (c) => (c.parent && byId.has(c.parent) ? path(byId.get(c.parent)) + " / " : "") + c.name;
    return ui.state.codes.map((c) => ({ id: c.id, label: path(c) }));
  }

  function renderBar() {
    const s = ui.state, v = ui.view;
    bar.querySelector("[data-role=title]").textContent = s.title || s.file || "Thematica";
    options_(docSelect, s.documents, v.document);
    options_(coderSelect, s.coders, v.coder, "(no coder)");
    blind.checked = !!v.blind;
    blind.disabled = !v.coder;
    bar.querySelector("[data-action=undo]").disabled = !s.can_undo;
    bar.querySelector("[data-action=undo]").title = s.undo_label ? `Undo ${s.undo_label} (Ctrl+Z)` : "Undo (Ctrl+Z)";
    const save = bar.querySelector("[data-action=save]");
    save.hidden = !s.can_save;
    status.textContent = !s.can_save ? "changes go into the project object (p.save saves)"
      : s.disk_changed ? "changed on disk" : s.saved ? `saved to ${s.file}` : "unsaved";
    status.className = "tm-status" + (s.can_save && (!s.saved || s.disk_changed) ? " tm-unsaved" : "");
    root.dataset.revision = s.revision;
    root.dataset.saved = s.saved;
    const paths = codePaths();
    options_(newCodeParent, paths, newCodeParent.value, "(top level)");
    options_(filterCode, paths, v.codes[0], "(all codes)");
    options_(filterCoder, s.coders, v.coders[0], "(all coders)");
    options_(filterTheme, s.themes, v.theme, "(all themes)");
  }

  // --- codebook tree ------------------------------------------------------------
  function renderTree() {
    const s = ui.state;
    const needle = ui.search.trim().toLowerCase();
    const children = new Map();
    const byId = new Map(s.codes.map((c) => [c.id, c]));
    for (const c of s.codes) {
      const parent = c.parent && byId.has(c.parent) ? c.parent : "";
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(c);
    }
    const matches = (c) => !needle || c.name.toLowerCase().includes(needle)
      || (children.get(c.id) || []).some(matches);
    const item = (c) => {
      const kids = (children.get(c.id) || []).filter(matches);
      const shortcut = ui.recent.indexOf(c.id);
      return h("li", { "data-code-id": c.id, class: c.id === ui.view.code ? "tm-chosen" : null },
        h("div", { class: "tm-code-row" },
          h("span", { class: "tm-swatch", style: `background:${c.color}` }),
          h("button", { class: "tm-code-name", "data-role": "show-code", title: "Show its quotes and memos" }, c.name),
          h("span", { class: "tm-count", title: "codings" }, String(c.count)),
          c.codable ? h("button", {
            "data-action": "apply-code",
            title: "Apply to the selected text" + (shortcut >= 0 ? ` (key ${shortcut + 1})` : ""),
          }, "Apply") : null),
        kids.length ? h("ul", {}, ...kids.map(item)) : null);
    };
    tree.replaceChildren(...(children.get("") || []).filter(matches).map(item));
    recent.replaceChildren(...ui.recent.filter((id) => byId.has(id)).map((id, i) =>
      h("button", { class: "tm-chip", "data-recent-code-id": id, title: `Apply (key ${i + 1})`,
        style: `border-color:${byId.get(id).color}` }, `${i + 1} ${byId.get(id).name}`)));
  }

  // --- the document ---------------------------------------------------------------
  function renderDocument(doc, sameDocument) {
    const top = scroller.scrollTop;
    ui.selection = sameDocument ? ui.selection : null;
    if (!doc) {
      text.removeAttribute("data-document-id");
      text.replaceChildren(h("p", { class: "tm-empty" }, "This project has no documents."));
      margin.replaceChildren();
      ui.segs = []; ui.cps = [];
      return;
    }
    const cps = Array.from(doc.text);
    ui.cps = cps;
    const n = cps.length;
    // Blocks: speaker turns, and the text between them.
    const blocks = [];
    let pos = 0;
    for (const t of [...doc.turns].sort((a, b) => a.start - b.start)) {
      if (t.start < pos) continue;
      if (t.start > pos) blocks.push({ start: pos, end: t.start });
      blocks.push({ start: t.start, end: t.end, turn: t });
      pos = t.end;
    }
    if (pos < n || !blocks.length) blocks.push({ start: pos, end: n });
    // Segments: maximal runs with the same covering codings.
    const starts = new Map(), ends = new Map(), cuts = new Set([0, n]);
    for (const b of blocks) { cuts.add(b.start); cuts.add(b.end); }
    for (const e of doc.excerpts) {
      cuts.add(e.start); cuts.add(e.end);
      if (!starts.has(e.start)) starts.set(e.start, []);
      starts.get(e.start).push(e);
      if (!ends.has(e.end)) ends.set(e.end, []);
      ends.get(e.end).push(e);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const colour = new Map(ui.state.codes.map((c) => [c.id, c.color]));
    const active = new Map();
    const html = [];
    let bi = 0;
    const open = (b) => {
      if (b.turn) {
        const t = b.turn;
        const who = [t.speaker, t.participant && t.participant !== t.speaker ? `(${t.participant})` : ""].filter(Boolean).join(" ");
        const when = t.start_ms !== null && t.start_ms !== undefined ? clock(t.start_ms) : "";
        html.push(`<div class="tm-turn"><div class="tm-label" contenteditable="false"><span class="tm-speaker">${esc(who)}</span>` +
          `${when ? `<span class="tm-time">${when}</span>` : ""}</div><div class="tm-turn-text" dir="auto">`);
      } else {
        const blank = !cps.slice(b.start, b.end).join("").trim();
        html.push(`<div class="tm-gap${blank ? " tm-blank" : ""}" dir="auto">`);
      }
    };
    const close = (b) => html.push(b.turn ? "</div></div>" : "</div>");
    open(blocks[0]);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      for (const e of ends.get(a) || []) active.delete(e.id);
      for (const e of starts.get(a) || []) active.set(e.id, e);
      while (a >= blocks[bi].end && bi + 1 < blocks.length) { close(blocks[bi]); bi++; open(blocks[bi]); }
      const covering = [...active.values()];
      let attrs = "";
      if (covering.length) {
        const inner = covering[covering.length - 1];
        const c1 = colour.get(inner.codes[0]) || "#999";
        const c2 = covering.length > 1 ? colour.get(covering[covering.length - 2].codes[0]) || "#999" : "transparent";
        attrs = ` class="tm-seg tm-coded${covering.length > 1 ? " tm-overlap" : ""}" data-excerpts="${covering.map((e) => esc(e.id)).join(" ")}"` +
          ` style="--c1:${esc(c1)};--c2:${esc(c2)}"`;
      } else attrs = ` class="tm-seg"`;
      html.push(`<span data-start="${a}" data-end="${b}"${attrs}>${esc(cps.slice(a, b).join(""))}</span>`);
    }
    close(blocks[bi]);
    text.setAttribute("data-document-id", doc.id);
    text.innerHTML = html.join("");
    ui.segs = Array.from(text.querySelectorAll("span[data-start]"));
    ui.segStarts = ui.segs.map((s) => +s.dataset.start);
    layoutMargin();
    scroller.scrollTop = sameDocument ? top : 0;
    markSelection();
  }

  // The segment holding code point `offset` (the last one starting at or before it).
  function segmentAt(offset) {
    let lo = 0, hi = ui.segStarts.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ui.segStarts[mid] <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  function visibleRects(i, step, stop) {
    for (; step > 0 ? i <= stop : i >= stop; i += step) {
      const rects = ui.segs[i].getClientRects();
      if (rects.length) return rects;
    }
    return null;
  }

  function layoutMargin() {
    const doc = ui.state.document;
    if (!doc || !ui.segs.length) { margin.replaceChildren(); return; }
    const origin = text.getBoundingClientRect().top;
    const colour = new Map(ui.state.codes.map((c) => [c.id, c.color]));
    const names = new Map(ui.state.codes.map((c) => [c.id, c.name]));
    const coders = new Map(ui.state.coders.map((c) => [c.id, c.name]));
    // Lanes: an interval colouring of the stripes' pixel extents, so codings
    // that overlap (or merely share a line) sit side by side.
    const measured = doc.excerpts.map((e) => {
      const first = segmentAt(e.start), last = segmentAt(e.end - 1);
      const a = visibleRects(first, 1, last), b = visibleRects(last, -1, first);
      if (!a || !b) return null;
      const top = a[0].top - origin;
      return { e, top, bottom: Math.max(top + 4, b[b.length - 1].bottom - origin) };
    }).filter(Boolean).sort((x, y) => x.top - y.top || y.bottom - x.bottom);
    const laneEnds = [];
    for (const m of measured) {
      let lane = laneEnds.findIndex((end) => end <= m.top);
      if (lane < 0) { lane = laneEnds.length; laneEnds.push(0); }
      laneEnds[lane] = m.bottom + 1;
      m.lane = lane;
    }
    const lanes = Math.max(1, laneEnds.length);
    const width = Math.max(6, Math.min(18, Math.floor(120 / lanes)));
    margin.style.width = `${lanes * (width + 2) + 8}px`;
    const bars = measured.map(({ e, lane, top, bottom }) => {
      const label = e.codes.map((c) => names.get(c) || c).join(", ");
      const who = coders.get(e.coder) || "";
      return h("div", {
        class: "tm-stripe" + (e.id === ui.focus ? " tm-focus" : ""), "data-excerpt-id": e.id,
        title: `${label}${who ? ` — ${who}` : ""}`, role: "button", tabindex: "0",
        style: `top:${top}px;height:${bottom - top}px;left:${lane * (width + 2)}px;width:${width}px;` +
          `background:${colour.get(e.codes[0]) || "#999"}`,
      }, who && bottom - top >= 30 ? h("span", { class: "tm-coder-badge" }, initials(who)) : null,
      h("span", { class: "tm-handle tm-handle-start", "data-handle": "start", title: "Drag to widen or narrow" }),
      h("span", { class: "tm-handle tm-handle-end", "data-handle": "end", title: "Drag to widen or narrow" }));
    });
    margin.replaceChildren(...bars);
  }

  // --- selection (DOM positions <-> code points) ----------------------------------
  function pointToOffset(node, offset, isStart) {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
    if (el && el.dataset.start !== undefined && text.contains(el)) {
      const before = node.data.slice(0, offset);
      let n = countCodePoints(before);
      // Inside a surrogate pair (never from a real selection): round outward.
      if (isStart && /[\uD800-\uDBFF]$/.test(before)) n -= 1;
      return +el.dataset.start + n;
    }
    const point = document.createRange();
    point.setStart(node, offset);
    let lo = 0, hi = ui.segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (point.comparePoint(ui.segs[mid], 0) < 0) lo = mid + 1; else hi = mid;
    }
    return lo < ui.segs.length ? ui.segStarts[lo] : ui.cps.length;
  }

  function offsetToPoint(offset) {
    if (!ui.segs.length) return null;
    const seg = ui.segs[segmentAt(offset)];
    const node = seg.firstChild;
    if (!node) return { node: seg, offset: 0 };
    const within = ui.cps.slice(+seg.dataset.start, offset).join("").length;
    return { node, offset: Math.min(within, node.data.length) };
  }

  function rangeOf(start, end) {
    const a = offsetToPoint(start), b = offsetToPoint(end);
    if (!a || !b) return null;
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    return r;
  }

  function readSelection() {
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount || !ui.state?.document) return;
    const r = sel.getRangeAt(0);
    if (!text.contains(r.commonAncestorContainer) && !r.intersectsNode(text)) return;
    if (r.collapsed) return;
    let start = pointToOffset(r.startContainer, r.startOffset, true);
    let end = pointToOffset(r.endContainer, r.endOffset, false);
    while (start < end && /\s/u.test(ui.cps[start])) start++;
    while (end > start && /\s/u.test(ui.cps[end - 1])) end--;
    ui.selection = start < end ? { start, end } : null;
    renderSide();
    markSelection();
  }

  function markSelection() {
    if (!globalThis.CSS?.highlights) return;
    const r = ui.selection && rangeOf(ui.selection.start, ui.selection.end);
    if (r) CSS.highlights.set("tm-pending", new Highlight(r)); else CSS.highlights.delete("tm-pending");
  }

  function markFocus() {
    for (const s of margin.querySelectorAll(".tm-stripe")) s.classList.toggle("tm-focus", s.dataset.excerptId === ui.focus);
    if (!globalThis.CSS?.highlights) return;
    const e = ui.focus && ui.state.document?.excerpts.find((x) => x.id === ui.focus);
    const r = e && rangeOf(e.start, e.end);
    if (r) CSS.highlights.set("tm-focus", new Highlight(r)); else CSS.highlights.delete("tm-focus");
  }

  // --- side panel: selection, coding, memos, quotes ------------------------------
  // A memo being typed survives redraws (another tab's change, a poll).
  function memoEditor(memo, target, kind) {
    const key = memo ? memo.id : `new:${target}`;
    const area = h("textarea", { rows: 3, "data-role": "memo-text", placeholder: `Memo on this ${kind}`,
      oninput: () => ui.drafts.set(key, area.value) });
    area.value = ui.drafts.has(key) ? ui.drafts.get(key) : memo ? memo.text : "";
    return h("div", { class: "tm-memo" },
      memo?.author ? h("div", { class: "tm-memo-author" }, memo.author) : null, area,
      h("button", { "data-action": "memo", "data-memo-id": memo?.id, "data-target": target, "data-target-kind": kind },
        memo ? "Save memo" : "Add memo"));
  }

  function renderSide() {
    const s = ui.state;
    if (!s) return;
    const doc = s.document;
    const parts = [];
    if (ui.selection && doc) {
      const quote = ui.cps.slice(ui.selection.start, ui.selection.end).join("");
      parts.push(h("section", { "data-role": "selection" }, h("h3", {}, "Selection"),
        h("blockquote", { dir: "auto" }, quote.length > 300 ? quote.slice(0, 300) + "…" : quote),
        h("div", { class: "tm-hint" }, `code points ${ui.selection.start}–${ui.selection.end}: click Apply beside a code, or press 1–9`),
        ui.focus ? h("button", { "data-action": "resize-coding" }, "Make the chosen coding this selection") : null));
    }
    const e = ui.focus && doc?.excerpts.find((x) => x.id === ui.focus);
    if (e) {
      const names = new Map(s.codes.map((c) => [c.id, c]));
      const coder = s.coders.find((c) => c.id === e.coder);
      const quote = ui.cps.slice(e.start, e.end).join("");
      parts.push(h("section", { "data-role": "coding", "data-excerpt-id": e.id }, h("h3", {}, "Coding"),
        h("blockquote", { dir: "auto" }, quote.length > 300 ? quote.slice(0, 300) + "…" : quote),
        h("ul", { class: "tm-coding-codes" }, ...e.codes.map((c) => h("li", {},
          h("span", { class: "tm-swatch", style: `background:${names.get(c)?.color}` }), names.get(c)?.name || c, " ",
          e.codes.length > 1 ? h("button", { "data-action": "remove-coding", "data-code-id": c, title: "Remove this code from the coding" }, "×") : null))),
        h("div", { class: "tm-hint" }, `${coder ? `by ${coder.name}, ` : ""}code points ${e.start}–${e.end}`),
        h("button", { "data-action": "remove-coding" }, "Remove coding"),
        ...doc.memos.filter((m) => m.target === e.id).map((m) => memoEditor(m, e.id, "coding")),
        memoEditor(null, e.id, "coding")));
    }
    if (s.code) {
      const code = s.code;
      parts.push(h("section", { "data-role": "quotes" }, h("h3", {}, `Quotes: ${code.name}`),
        code.description ? h("p", {}, code.description) : null,
        ...code.memos.map((m) => memoEditor(m, code.id, "code")), memoEditor(null, code.id, "code"),
        h("ol", { class: "tm-quotes" }, ...code.quotes.map((q) => h("li", {},
          h("a", { href: "#", "data-quote-document": q.document, "data-quote-excerpt": q.excerpt }, q.document_name),
          " ", h("span", { dir: "auto" }, q.text)))),
        code.more ? h("p", { class: "tm-hint" }, `and ${code.more} more`) : null,
        h("button", { "data-action": "close-quotes" }, "Close")));
    }
    if (doc) {
      parts.push(h("section", { "data-role": "document-memos" }, h("h3", {}, "Document memo"),
        ...doc.memos.filter((m) => m.target === doc.id).map((m) => memoEditor(m, doc.id, "document")),
        memoEditor(null, doc.id, "document")));
    }
    side.replaceChildren(...parts);
  }

  // --- actions ------------------------------------------------------------------
  function remember(codeId) {
    ui.recent = [codeId, ...ui.recent.filter((c) => c !== codeId)].slice(0, 9);
  }

  async function applyCode(codeId) {
    if (!ui.selection) { showMessage("Select some text first.", true); return; }
    remember(codeId);
    const state = await send("apply-code", { document: ui.view.document, code: codeId, ...ui.selection });
    if (state && !state.error) { ui.selection = null; document.getSelection()?.removeAllRanges(); markSelection(); renderSide(); }
  }

  const handlers = {
    "apply-code": (b) => applyCode(b.closest("[data-code-id]").dataset.codeId),
    "remove-coding": (b) => send("remove-coding", { excerpt: ui.focus, code: b.dataset.codeId || undefined }),
    "resize-coding": () => ui.selection && send("resize-coding", { excerpt: ui.focus, ...ui.selection }),
    "new-code": async () => {
      const name = newCodeName.value.trim();
      if (!name) { showMessage("Type the new code's name first.", true); newCodeName.focus(); return; }
      const params = { name, parent: newCodeParent.value || null };
      if (ui.selection) params.apply = { document: ui.view.document, ...ui.selection };
      const state = await send("new-code", params);
      if (state && !state.error) {
        newCodeName.value = "";
        const made = state.codes.find((c) => c.name === name && (c.parent || null) === params.parent);
        if (made) remember(made.id);
        if (params.apply) { ui.selection = null; markSelection(); renderSide(); renderTree(); }
      }
    },
    "memo": async (b) => {
      const textValue = b.parentElement.querySelector("textarea").value;
      const key = b.dataset.memoId || `new:${b.dataset.target}`;
      ui.drafts.delete(key);
      const state = await send("memo", b.dataset.memoId ? { memo: b.dataset.memoId, text: textValue } : { target: b.dataset.target, text: textValue });
      if (!state || state.error) { ui.drafts.set(key, textValue); renderSide(); }
    },
    "undo": () => send("undo"),
    "save": () => send("save"),
    "add-coder": async () => {
      const name = newCoder.value.trim();
      if (!name) { showMessage("Type the coder's name first.", true); newCoder.focus(); return; }
      const state = await send("add-coder", { name });
      if (state && !state.error) newCoder.value = "";
    },
    "reload-from-disk": () => send("reload-from-disk"),
    "overwrite-disk": () => send("overwrite-disk"),
    "previous-document": () => step(-1),
    "next-document": () => step(1),
    "close-quotes": () => send("show-code", { code: null }),
  };

  function step(by) {
    const docs = ui.state.documents;
    const i = docs.findIndex((d) => d.id === ui.view.document);
    const next = docs[i + by];
    if (next) send("open-document", { document: next.id });
  }

  root.addEventListener("click", (ev) => {
    const t = ev.target;
    const action = t.closest("[data-action]");
    if (action && root.contains(action) && !action.disabled) { ev.preventDefault(); handlers[action.dataset.action]?.(action); return; }
    const chip = t.closest("[data-recent-code-id]");
    if (chip) { applyCode(chip.dataset.recentCodeId); return; }
    const show = t.closest("[data-role=show-code]");
    if (show) { send("show-code", { code: show.closest("[data-code-id]").dataset.codeId }); return; }
    const quote = t.closest("[data-quote-document]");
    if (quote) {
      ev.preventDefault();
      ui.focus = quote.dataset.quoteExcerpt;
      send("open-document", { document: quote.dataset.quoteDocument }).then(() => {
        markFocus(); renderSide();
        margin.querySelector(`[data-excerpt-id="${CSS.escape(ui.focus || "")}"]`)?.scrollIntoView({ block: "center" });
      });
      return;
    }
    const stripe = t.closest(".tm-stripe");
    if (stripe && !t.dataset.handle) { ui.focus = stripe.dataset.excerptId; markFocus(); renderSide(); return; }
    const seg = t.closest("[data-excerpts]");
    if (seg && document.getSelection()?.isCollapsed) {
      const ids = seg.dataset.excerpts.split(" ");
      ui.focus = ids[(ids.indexOf(ui.focus) + 1) % ids.length] || ids[0];
      markFocus(); renderSide();
    }
  });
  docSelect.addEventListener("change", () => send("open-document", { document: docSelect.value }));
  coderSelect.addEventListener("change", () => send("switch-coder", { coder: coderSelect.value || null }));
  blind.addEventListener("change", () => send("blind", { on: blind.checked }));
  const filter = () => send("filter", { codes: filterCode.value ? [filterCode.value] : [], coders: filterCoder.value ? [filterCoder.value] : [], theme: filterTheme.value || null });
  filterCode.addEventListener("change", filter);
  filterCoder.addEventListener("change", filter);
  filterTheme.addEventListener("change", filter);
  search.addEventListener("input", () => { ui.search = search.value; renderTree(); });
  search.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    const first = tree.querySelector("[data-action=apply-code]");
    if (first) applyCode(first.closest("[data-code-id]").dataset.codeId);
  });
  newCodeName.addEventListener("keydown", (ev) => { if (ev.key === "Enter") handlers["new-code"](); });
  const onSelection = () => readSelection();
  document.addEventListener("selectionchange", onSelection);
  text.addEventListener("mouseup", () => {
    const sel = document.getSelection();
    if (sel?.isCollapsed && ui.selection) { ui.selection = null; markSelection(); renderSide(); }
  });
  // Shortcuts only while the surface has the focus (clicking its text gives
  // it), and they go no further: a notebook's own shortcuts stay untouched.
  const onKey = (ev) => {
    if (ev.target.closest?.("input, textarea, select")) return;
    const handled = () => { ev.preventDefault(); ev.stopPropagation(); };
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "z") { handled(); send("undo"); return; }
    if (/^[1-9]$/.test(ev.key) && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      const id = ui.recent[+ev.key - 1];
      if (id) { handled(); applyCode(id); }
    }
    if ((ev.key === "Delete" || ev.key === "Backspace") && ui.focus && !ui.selection) { handled(); send("remove-coding", { excerpt: ui.focus }); }
  };
  root.setAttribute("tabindex", "-1");
  root.addEventListener("keydown", onKey);

  // Widen or narrow a coding by dragging an end of its stripe.
  margin.addEventListener("pointerdown", (ev) => {
    const handle = ev.target.closest("[data-handle]");
    if (!handle) return;
    const id = handle.closest("[data-excerpt-id]").dataset.excerptId;
    const e = ui.state.document.excerpts.find((x) => x.id === id);
    if (!e) return;
    ev.preventDefault();
    handle.setPointerCapture(ev.pointerId);
    let span = { start: e.start, end: e.end };
    const move = (m) => {
      const box = text.getBoundingClientRect();
      const x = Math.min(Math.max(m.clientX, box.left + 4), box.right - 4);
      const caret = document.caretRangeFromPoint?.(x, m.clientY);
      if (!caret || !text.contains(caret.startContainer)) return;
      const at = pointToOffset(caret.startContainer, caret.startOffset, handle.dataset.handle === "start");
      span = handle.dataset.handle === "start" ? { start: Math.min(at, e.end - 1), end: e.end } : { start: e.start, end: Math.max(at, e.start + 1) };
      if (globalThis.CSS?.highlights) { const r = rangeOf(span.start, span.end); if (r) CSS.highlights.set("tm-pending", new Highlight(r)); }
    };
    const up = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
      markSelection();
      if (span.start !== e.start || span.end !== e.end) send("resize-coding", { excerpt: id, ...span });
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
  });

  // The stripes follow the text when the width changes.
  const resize = new ResizeObserver(() => { if (ui.state) { layoutMargin(); markFocus(); } });
  resize.observe(text);

  let timer = null;
  if (transport.poll) {
    timer = setInterval(async () => {
      if (inflight || document.hidden || !ui.state) return;
      try {
        const state = await transport.request({ action: "poll", view: ui.view, revision: ui.state.revision, disk_changed: ui.state.disk_changed });
        if (!inflight) apply(state);
      } catch (e) { /* The next poll tries again. */ }
    }, POLL_MS);
  }
  send("refresh");

  return {
    apply,
    send,
    destroy() {
      ui.destroyed = true;
      clearInterval(timer);
      resize.disconnect();
      document.removeEventListener("selectionchange", onSelection);
      root.removeEventListener("keydown", onKey);
    },
  };
}

// anywidget: the notebook host. Messages go to CodingView in Python, which
// answers each with {request_id, state}, or pushes {state} on refresh().
export default {
  render({ model, el }) {
    const pending = new Map();
    let next = 0;
    const transport = {
      request(message) {
        return new Promise((resolve) => {
          const id = ++next;
          pending.set(id, resolve);
          model.send({ ...message, request_id: id });
        });
      },
    };
    let controller = null;
    const onMessage = (msg) => {
      if (msg?.request_id && pending.has(msg.request_id)) {
        pending.get(msg.request_id)(msg.state);
        pending.delete(msg.request_id);
      } else if (msg?.state) controller?.apply(msg.state);
    };
    model.on("msg:custom", onMessage);
    el.classList.add("tm-widget");
    controller = mount(el, transport, { view: model.get("view") || {} });
    return () => { model.off("msg:custom", onMessage); controller.destroy(); };
  },
};
