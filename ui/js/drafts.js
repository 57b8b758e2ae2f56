// Drafts: the mailbox's Drafts folder with hint counts; open, fix, edit.
import { get, post } from "./api.js";
import { confirmDiff } from "./diff.js";
import { badges, countsText, renderHints } from "./hints.js";
import { sanitizeHtml } from "./sanitize.js";
import { loadDraft } from "./compose.js";

const $ = (id) => document.getElementById(id);
let opened = null; // {draft, hints}

function status(message, kind = "") {
  const el = $("drafts-status");
  el.textContent = message;
  el.className = `status ${kind}`;
}

const enc = (id) => encodeURIComponent(id);

export async function refresh() {
  status("Loading drafts…");
  const tbody = $("drafts-table").querySelector("tbody");
  try {
    const { drafts } = await get("drafts");
    tbody.replaceChildren();
    for (const d of drafts) tbody.appendChild(row(d));
    status(drafts.length ? `${drafts.length} draft${drafts.length > 1 ? "s" : ""}.` : "No drafts in your mailbox.");
    $("drafts-table").dataset.loaded = "true";
  } catch (err) {
    status(`Could not load drafts: ${err.message}`, "error");
  }
}

function row(d) {
  const tr = document.createElement("tr");
  tr.dataset.id = d.id;
  const subj = document.createElement("td");
  const open = document.createElement("button");
  open.type = "button";
  open.className = "link";
  open.textContent = d.subject || "(no subject)";
  open.addEventListener("click", () => openDraft(d.id));
  const preview = document.createElement("div");
  preview.className = "preview muted";
  preview.textContent = d.preview;
  subj.append(open, preview);
  const to = document.createElement("td");
  // Long lists (a class's parents) are shortened; the full list is one hover/read away.
  // Names only (addresses on hover); long lists (a class's parents) are shortened.
  const names = d.to.map((t) => t.replace(/\s*<[^<>]+>$/, "") || t);
  to.textContent = names.length > 2 ? `${names.slice(0, 2).join("; ")} and ${names.length - 2} more` : names.join("; ");
  to.title = d.to.join("; ");
  const counts = document.createElement("td");
  counts.className = "counts";
  counts.appendChild(badges(d.counts));
  const actions = document.createElement("td");
  const safe = (d.fixes || []).filter((f) => f.applicability === "safe").map((f) => f.id);
  if (safe.length) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "primary fix-all";
    b.textContent = "Fix";
    b.setAttribute("aria-label", `Fix ${d.subject || "draft"}: ${safe.join(", ")}`);
    b.title = `Safe fixes: ${safe.join(", ")}`;
    b.addEventListener("click", () => fixServer(d.id, safe, true, b));
    actions.appendChild(b);
  }
  tr.append(subj, to, counts, actions);
  return tr;
}

async function openDraft(id) {
  status("Opening…");
  try {
    const result = await get(`drafts/${enc(id)}`);
    opened = result;
    showDetail(result);
    status("");
  } catch (err) {
    status(`Could not open the draft: ${err.message}`, "error");
  }
}

function showDetail({ draft, hints, counts }) {
  const pane = $("draft-detail");
  pane.hidden = false;
  for (const tr of $("drafts-table").querySelectorAll("tbody tr")) tr.classList.toggle("selected", tr.dataset.id === draft.id);
  $("detail-subject").textContent = draft.subject || "(no subject)";
  const dl = $("detail-headers");
  dl.replaceChildren();
  const fmt = (l) => l.map((r) => (r.name ? `${r.name} <${r.address}>` : r.address)).join("; ");
  for (const [k, v] of [["To", fmt(draft.to)], ["Cc", fmt(draft.cc)], ["Bcc", fmt(draft.bcc)], ["Hints", countsText(counts)]]) {
    if (!v) continue;
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    dl.append(dt, dd);
  }
  renderHints($("detail-hints"), hints, { onFix: (h, b) => fixServer(draft.id, [h.fix], h.applicability === "safe", b, h) });
  // Sanitised twice (server nh3 + here) and shown in a sandbox that allows no scripts.
  const body = draft.html != null ? sanitizeHtml(draft.html) : `<pre>${escapeHtml(draft.text || "")}</pre>`;
  $("detail-body").srcdoc =
    `<!doctype html><meta charset="utf-8"><base target="_blank"><style>body{font:14px Calibri,Arial,sans-serif;margin:12px;color:#1b1b1b}</style>${body}`;
  $("detail-subject").focus?.();
}

function escapeHtml(s) {
  const d = document.createElement("div");
  d.textContent = s;
  return d.innerHTML;
}

async function fixServer(id, fixes, safe, button, hint) {
  if (button) button.disabled = true;
  try {
    // The version the person looked at goes with the write: if the draft changed on
    // the server since (Outlook autosave), nothing is written and they see why.
    let seen = opened && opened.draft.id === id ? opened.draft.change_key : undefined;
    if (!safe) {
      const preview = await post(`drafts/${enc(id)}/fix`, { fixes, dry_run: true });
      seen = preview.draft && preview.draft.change_key ? preview.draft.change_key : seen;
      const ok = await confirmDiff(hint ? `${hint.code}: ${hint.message}` : "Apply these fixes?", preview.diff);
      if (!ok) {
        status("Nothing changed.");
        if (button) {
          button.disabled = false;
          button.focus(); // back to the button that opened the preview
        }
        return;
      }
    }
    const result = await post(`drafts/${enc(id)}/fix`, seen ? { fixes, change_key: seen } : { fixes });
    const what = (result.changes || []).map((c) => { const t = String(c.description || c); return t[0].toUpperCase() + t.slice(1); }).join("; ");
    await refresh();
    status(`Saved on the server. ${what}`, "ok");
    if (opened && opened.draft.id === id) {
      opened = { draft: result.draft, hints: result.hints, counts: result.counts };
      showDetail(opened); // focuses the draft's subject
    } else {
      // The row was redrawn: keyboard users continue from the same draft.
      $("drafts-table").querySelector(`tr[data-id="${CSS.escape(id)}"] button.link`)?.focus();
    }
  } catch (err) {
    status(`Could not fix the draft: ${err.message}`, "error");
    if (button) {
      button.disabled = false;
      button.focus();
    }
  }
}

export function init() {
  $("drafts-refresh").addEventListener("click", refresh);
  $("detail-edit").addEventListener("click", () => {
    if (!opened) return;
    loadDraft(opened.draft);
    location.hash = "#/compose";
  });
}

export function enter() {
  refresh();
}
