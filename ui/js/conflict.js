// A draft changed elsewhere (Outlook, another device) since it was opened: the
// server refused the write (409) and sent both versions. Show them side by side
// and let the person choose; nothing is overwritten without that choice.
import { escapeText, sanitizeHtml } from "./sanitize.js";
import { openModal } from "./modal.js";

const $ = (id) => document.getElementById(id);

function recipients(list) {
  return (list || []).map((r) => (r.name ? `${r.name} <${r.address}>` : r.address)).join("; ");
}

/** Render one version (API draft JSON) into a headers list and a sandboxed frame. */
export function renderVersion(headers, frame, draft) {
  headers.replaceChildren();
  for (const [k, v] of [["Subject", draft.subject || "(no subject)"], ["To", recipients(draft.to)],
    ["Cc", recipients(draft.cc)], ["Bcc", recipients(draft.bcc)]]) {
    if (!v) continue;
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    headers.append(dt, dd);
  }
  // Draft HTML is data: sanitised, and shown in a frame that runs no scripts.
  const body = draft.html != null ? sanitizeHtml(draft.html) : `<pre>${escapeText(draft.text || "")}</pre>`;
  frame.srcdoc =
    `<!doctype html><meta charset="utf-8"><base target="_blank"><style>body{font:14px Calibri,Arial,sans-serif;margin:10px;color:#1b1b1b}</style>${body}`;
}

/**
 * Ask which version to keep. Resolves "mine" (write mine over theirs), "theirs"
 * (load theirs into Compose), "both" (theirs beside mine) or "cancel".
 */
export function chooseVersion(conflict, { sending = false } = {}) {
  const dialog = $("conflict-dialog");
  $("conflict-what").textContent = sending
    ? "Nothing was sent: this draft was changed elsewhere (in Outlook or on another device) since you opened it."
    : "Nothing was saved: this draft was changed elsewhere (in Outlook or on another device) since you opened it.";
  $("conflict-mine").textContent = sending ? "Send mine" : "Keep mine";
  renderVersion($("conflict-yours-headers"), $("conflict-yours-body"), conflict.yours);
  renderVersion($("conflict-theirs-headers"), $("conflict-theirs-body"), conflict.theirs);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue || "cancel"), { once: true });
    dialog.returnValue = "";
    openModal(dialog);
  });
}
