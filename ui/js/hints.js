// Hint lists and in-text highlighting, shared by Drafts and Compose.
const SEVERITY_LABEL = { error: "Error", warning: "Warning", info: "Advice" };

export const severityLabel = (severity) => SEVERITY_LABEL[severity] || severity;

// How a count reads: "1 error", "2 warnings", "1 advice note" (advice does not take an s).
const COUNT_NOUN = { error: ["error", "errors"], warning: ["warning", "warnings"], info: ["advice note", "advice notes"] };

export function countLabel(n, severity) {
  const [one, many] = COUNT_NOUN[severity] || [severity, severity];
  return `${n} ${n === 1 ? one : many}`;
}

export function countsText(counts) {
  const parts = ["error", "warning", "info"].filter((s) => counts[s]).map((s) => countLabel(counts[s], s));
  return parts.length ? parts.join(", ") : "No hints: this draft follows BP 1114.";
}

/**
 * Labelled counts for a list row: "1 error  1 warning  0 advice notes". The number
 * keeps its own element (``.badge[data-severity]``) for styling; the words are
 * visible text, so a screen reader reads exactly what is shown.
 */
export function badges(counts) {
  const wrap = document.createElement("span");
  wrap.className = "badges";
  for (const sev of ["error", "warning", "info"]) {
    const n = counts[sev] || 0;
    const item = document.createElement("span");
    item.className = `count ${sev}${n ? "" : " zero"}`;
    const b = document.createElement("span");
    b.className = `badge ${sev}${n ? "" : " zero"}`;
    b.dataset.severity = sev;
    b.textContent = String(n);
    item.append(b, ` ${countLabel(n, sev).replace(/^\d+ /, "")}`);
    wrap.appendChild(item);
  }
  return wrap;
}

/**
 * Render ``hints`` into the <ul> ``list``. ``onFix(hint)`` runs when a Fix
 * button is pressed; ``onSelect(hint)`` when the hint itself is chosen.
 */
export function renderHints(list, hints, { onFix, onSelect } = {}) {
  list.replaceChildren();
  for (const h of hints) {
    const li = document.createElement("li");
    li.className = `hint ${h.severity}`;
    li.dataset.code = h.code;
    const head = document.createElement("div");
    head.className = "hint-head";
    const sev = document.createElement("span");
    sev.className = `sev ${h.severity}`;
    sev.textContent = SEVERITY_LABEL[h.severity] || h.severity;
    const code = document.createElement("code");
    code.textContent = h.code;
    const name = document.createElement("span");
    name.className = "hint-name";
    // The rule's human title once hints carry it; its id in words until then.
    name.textContent = h.title || h.name.replace(/-/g, " ");
    head.append(sev, " ", code, " ", name);
    if (h.field && h.field !== "body") {
      const f = document.createElement("span");
      f.className = "field-tag";
      f.textContent = h.field;
      head.append(" ", f);
    }
    const msg = document.createElement("p");
    msg.className = "hint-message";
    msg.textContent = h.message;
    li.append(head, msg);
    if (h.excerpts && h.excerpts.length && h.excerpts[0].trim()) {
      const q = document.createElement("button");
      q.type = "button";
      q.className = "excerpt";
      const ex = h.excerpts[0].trim();
      q.textContent = `“${ex.length > 80 ? ex.slice(0, 79) + "…" : ex}”`;
      q.setAttribute("aria-label", `Show in the message: ${ex.slice(0, 80)}`);
      if (onSelect) q.addEventListener("click", () => onSelect(h));
      li.append(q);
    }
    if (h.suggestion) {
      const s = document.createElement("p");
      s.className = "suggestion";
      s.textContent = `Suggestion: ${h.suggestion}`;
      li.append(s);
    }
    const cite = document.createElement("p");
    cite.className = "citation";
    cite.textContent = h.citation;
    li.append(cite);
    if (h.fix && onFix) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.className = h.applicability === "safe" ? "fix primary" : "fix";
      btn.dataset.fix = h.fix;
      btn.textContent = h.applicability === "safe" ? "Fix" : "Preview fix";
      btn.setAttribute("aria-label", `${btn.textContent}: ${h.code} ${h.title || h.name.replace(/-/g, " ")}`);
      btn.addEventListener("click", () => onFix(h, btn));
      li.append(btn);
    }
    list.appendChild(li);
  }
}

// --- highlighting by text search (CSS Custom Highlight API; the DOM is untouched) ---

function textIndex(root) {
  // Whitespace-collapsed text of ``root`` and, per character, its node/offset.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let text = "";
  const map = [];
  let lastSpace = true;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue;
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      if (/\s/.test(ch)) {
        if (lastSpace) continue;
        text += " ";
        lastSpace = true;
      } else {
        text += ch;
        lastSpace = false;
      }
      map.push([node, i]);
    }
  }
  return { text, map };
}

export function findRange(root, excerpt, index) {
  const needle = excerpt.replace(/\s+/g, " ").trim();
  if (!needle) return null;
  const { text, map } = index || textIndex(root);
  const at = text.indexOf(needle);
  if (at < 0) return null;
  const [sn, so] = map[at];
  const [en, eo] = map[at + needle.length - 1];
  const range = document.createRange();
  range.setStart(sn, so);
  range.setEnd(en, eo + 1);
  return range;
}

export function highlightHints(root, hints) {
  if (!("highlights" in CSS)) return 0;
  const index = textIndex(root);
  const groups = { error: [], warning: [], info: [] };
  let n = 0;
  for (const h of hints) {
    if (h.field !== "body") continue;
    for (const ex of h.excerpts || []) {
      const r = findRange(root, ex, index);
      if (r) {
        (groups[h.severity] || groups.info).push(r);
        n++;
      }
    }
  }
  for (const [sev, ranges] of Object.entries(groups)) {
    CSS.highlights.set(`hint-${sev}`, new Highlight(...ranges));
  }
  return n;
}

export function clearHighlights() {
  if ("highlights" in CSS) for (const sev of ["error", "warning", "info"]) CSS.highlights.delete(`hint-${sev}`);
}
