// The preview dialog for unsafe fixes: what changes, line by line, before it happens.
import { openModal } from "./modal.js";
export function renderDiff(container, diff) {
  container.replaceChildren();
  for (const h of diff.headers || []) {
    const row = document.createElement("div");
    row.className = "diff-header";
    row.textContent = `${h.field}: “${h.before}” → “${h.after}”`;
    container.appendChild(row);
  }
  const lines = diff.lines || [];
  // Show changed lines with two lines of context; fold long unchanged runs.
  // The server already leaves out long unchanged runs as {op: "gap", count} entries.
  const changed = (l) => l.op === "insert" || l.op === "delete";
  const keep = new Set();
  lines.forEach((l, i) => {
    if (changed(l)) for (let j = i - 2; j <= i + 2; j++) keep.add(j);
  });
  let folded = false;
  lines.forEach((l, i) => {
    if (l.op === "gap" || !keep.has(i)) {
      if (!folded) {
        const gap = document.createElement("div");
        gap.className = "diff-gap";
        gap.textContent = "…";
        container.appendChild(gap);
        folded = true;
      }
      return;
    }
    folded = false;
    const row = document.createElement("div");
    row.className = `diff-line ${l.op}`;
    const sign = l.op === "insert" ? "+ " : l.op === "delete" ? "− " : "  ";
    const label = l.op === "insert" ? "added: " : l.op === "delete" ? "removed: " : "";
    const sr = document.createElement("span");
    sr.className = "sr-only";
    sr.textContent = label;
    row.append(sr, sign + (l.text || " "));
    container.appendChild(row);
  });
  if (!diff.changed) container.textContent = "This fix changes nothing in this draft.";
}

/** Show the dialog; resolves true when the user chooses Apply. */
export function confirmDiff(title, diff) {
  const dialog = document.getElementById("diff-dialog");
  document.getElementById("diff-what").textContent = title;
  renderDiff(document.getElementById("diff-body"), diff);
  document.getElementById("diff-apply").disabled = !diff.changed;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "apply"), { once: true });
    dialog.returnValue = "";
    openModal(dialog);
  });
}
