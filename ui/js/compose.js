// Compose: fields + rich-text body, live hints (debounced), one-click fixes.
import { ApiError, get, post } from "./api.js";
import { chooseVersion, renderVersion } from "./conflict.js";
import { confirmDiff } from "./diff.js";
import { clearHighlights, countsText, findRange, highlightHints, renderHints, severityLabel } from "./hints.js";
import { sanitizeToFragment } from "./sanitize.js";

const DEBOUNCE_MS = 300;
// New hints are announced to screen readers once typing pauses this long (never each key).
const ANNOUNCE_MS = 1200;
let announced = new Set(); // hints (code|field) already present at the last check
let pending = []; // new hints waiting for the pause
let announceTimer = null;
let els = {};
let timer = null;
let seq = 0;
let inflight = null;
let lastHints = [];
let etiquette = { hints: [], counts: { error: 0, warning: 0, info: 0 } };
let grammarHints = [];
let grammarOn = false; // LanguageTool configured (Settings shows it)
// Fields of a draft opened from the server that the form does not show.
let carried = {};

const $ = (id) => document.getElementById(id);

export function parseRecipients(value) {
  // "Name <a@b>", a@b, separated by , or ; (commas inside quotes kept).
  const out = [];
  let buf = "";
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if ((ch === "," || ch === ";") && !quoted) {
      out.push(buf);
      buf = "";
    } else buf += ch;
  }
  out.push(buf);
  return out
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = s.match(/^(.*?)\s*<([^<>]+)>$/);
      if (m) return { name: m[1].replace(/^"|"$/g, "").trim(), address: m[2].trim() };
      return { address: s, name: "" };
    });
}

function formatRecipients(list) {
  return (list || []).map((r) => (r.name ? `${r.name.includes(",") ? `"${r.name}"` : r.name} <${r.address}>` : r.address)).join("; ");
}

export function currentDraft() {
  return {
    ...carried,
    subject: els.subject.value,
    to: parseRecipients(els.to.value),
    cc: parseRecipients(els.cc.value),
    bcc: parseRecipients(els.bcc.value),
    html: els.body.innerHTML,
    text: null,
  };
}

/** Put ``draft`` (API JSON) into the form. Its HTML is sanitised first. */
export function loadDraft(draft) {
  hideTheirs();
  carried = {};
  for (const k of ["id", "change_key", "compose_type", "in_reply_to_date", "in_reply_to_subject", "sender", "attachments"]) {
    if (draft[k] != null) carried[k] = draft[k];
  }
  els.subject.value = draft.subject || "";
  els.to.value = formatRecipients(draft.to);
  els.cc.value = formatRecipients(draft.cc);
  els.bcc.value = formatRecipients(draft.bcc);
  if (draft.html != null) els.body.replaceChildren(sanitizeToFragment(draft.html));
  else {
    els.body.replaceChildren();
    for (const line of (draft.text || "").split("\n")) {
      const div = document.createElement("div");
      if (line) div.textContent = line;
      else div.appendChild(document.createElement("br"));
      els.body.appendChild(div);
    }
  }
  schedule(0);
}

function status(message, kind = "") {
  els.status.textContent = message;
  els.status.className = `status ${kind}`;
}

export function schedule(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  timer = setTimeout(runCheck, delay);
}

/** Nothing written yet: no recipient, no subject, no text and no picture in the body. */
export function isEmptyDraft(draft, body = els.body) {
  const none = (list) => !list || list.length === 0;
  return none(draft.to) && none(draft.cc) && none(draft.bcc) && !draft.subject.trim()
    && !body.textContent.trim() && !body.querySelector("img, table, hr");
}

// A blank new message is not a draft with an error: the hints start with the first
// word or recipient (an empty page that says "1 error" only teaches people to ignore it).
function showEmpty() {
  etiquette = { hints: [], counts: { error: 0, warning: 0, info: 0 } };
  grammarHints = [];
  lastHints = [];
  els.summary.textContent = "Hints appear here as you write.";
  els.summary.classList.add("empty");
  els.summary.dataset.error = 0;
  els.summary.dataset.warning = 0;
  els.hints.replaceChildren();
  clearHighlights();
  announced = new Set();
  pending = [];
  clearTimeout(announceTimer);
  els.announce.textContent = "";
  els.subject.setAttribute("aria-invalid", "false");
  els.subject.classList.remove("flagged");
  els.subjectHints.textContent = "";
  for (const f of ["to", "cc", "bcc"]) els[f].classList.remove("flagged");
}

async function runCheck() {
  const mine = ++seq;
  if (inflight) inflight.abort();
  const draft = currentDraft();
  if (isEmptyDraft(draft)) {
    inflight = null;
    els.pane.removeAttribute("aria-busy");
    return showEmpty();
  }
  inflight = new AbortController();
  els.pane.setAttribute("aria-busy", "true");
  try {
    const result = await post("check", { draft }, { signal: inflight.signal });
    if (mine !== seq) return; // a newer check is on its way
    showHints(result.hints, result.counts);
    // Grammar comes second and separately, so etiquette hints never wait for it.
    if (grammarOn) {
      const g = await post("grammar", { draft }, { signal: inflight.signal });
      if (mine !== seq) return;
      grammarHints = g.status === "ok" ? g.hints : [];
      showHints(etiquette.hints, etiquette.counts);
    }
  } catch (err) {
    if (err.name === "AbortError" || mine !== seq) return;
    els.summary.textContent = `Could not check the draft: ${err.message}`;
  } finally {
    if (mine === seq) els.pane.removeAttribute("aria-busy");
  }
}

function showHints(hints, counts) {
  etiquette = { hints, counts };
  const extra = grammarHints.filter((g) => !hints.includes(g));
  if (extra.length) {
    counts = { ...counts };
    for (const g of extra) counts[g.severity] = (counts[g.severity] || 0) + 1;
    hints = [...hints, ...extra];
  }
  lastHints = hints;
  els.summary.classList.remove("empty");
  els.summary.textContent = countsText(counts);
  els.summary.dataset.error = counts.error;
  els.summary.dataset.warning = counts.warning;
  renderHints(els.hints, hints, { onFix: fix, onSelect: select });
  highlightHints(els.body, hints);
  announce(hints, counts);
  // Header-field hints are announced beside their field.
  const subj = hints.filter((h) => h.field === "subject");
  els.subject.setAttribute("aria-invalid", subj.some((h) => h.severity !== "info") ? "true" : "false");
  els.subject.classList.toggle("flagged", subj.length > 0);
  els.subjectHints.textContent = subj.map((h) => `${h.code}: ${h.message}`).join(" ");
  for (const f of ["to", "cc", "bcc"]) els[f].classList.toggle("flagged", hints.some((h) => h.field === f));
}

const hintKey = (h) => `${h.code}|${h.field}`;

/**
 * Tell screen-reader users about hints that were not there at the last check, in the
 * polite live region, once the writer pauses: focus stays where they are typing.
 */
function announce(hints, counts) {
  const now = new Set(hints.map(hintKey));
  pending = pending.filter((h) => now.has(hintKey(h))).concat(hints.filter((h) => !announced.has(hintKey(h))));
  announced = now;
  if (!pending.length) return;
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    const fresh = pending.filter((h) => announced.has(hintKey(h)));
    pending = [];
    if (!fresh.length) return;
    const said = fresh.slice(0, 3).map((h) => `${severityLabel(h.severity)} ${h.code}: ${h.message}`);
    if (fresh.length > 3) said.push(`and ${fresh.length - 3} more`);
    els.announce.textContent = `New hint${fresh.length > 1 ? "s" : ""}: ${said.join(" ")} Now ${countsText(counts)}`;
  }, ANNOUNCE_MS);
}

function select(hint) {
  const r = findRange(els.body, hint.excerpts[0] || "");
  if (!r) return;
  const sel = getSelection();
  sel.removeAllRanges();
  sel.addRange(r);
  els.body.focus();
  r.startContainer.parentElement?.scrollIntoView({ block: "center", behavior: "smooth" });
}

function grammarFix(hint) {
  // LanguageTool's replacement, applied in the editor where the excerpt is.
  const r = findRange(els.body, hint.excerpts[0] || "");
  if (!r || !hint.suggestion) return status("That text has changed; nothing replaced.", "error");
  r.deleteContents();
  r.insertNode(document.createTextNode(hint.suggestion));
  els.body.normalize();
  grammarHints = grammarHints.filter((g) => g !== hint);
  status(`Replaced “${hint.excerpts[0]}” with “${hint.suggestion}”.`, "ok");
  schedule(0);
}

async function fix(hint, button) {
  if (hint.code.startsWith("GR:")) return grammarFix(hint);
  button.disabled = true;
  const before = currentDraft();
  try {
    const result = await post("fix", { draft: before, fixes: [hint.fix] });
    if (hint.applicability !== "safe") {
      const ok = await confirmDiff(`${hint.code}: ${hint.message}`, result.diff);
      if (!ok) {
        status("Nothing changed.");
        button.disabled = false;
        button.focus(); // back to the button that opened the preview
        return;
      }
    }
    loadDraft(result.draft);
    showHints(result.hints, result.counts);
    const what = (result.changes || []).map((c) => { const t = String(c.description || c); return t[0].toUpperCase() + t.slice(1); }).join("; ");
    status(what || "Fixed.", "ok");
    // The hint and its button are gone: keyboard users continue from the hint list.
    $("hints-title").focus();
  } catch (err) {
    status(`Could not fix: ${err.message}`, "error");
    button.disabled = false;
    button.focus();
  }
}

async function save() {
  // Shown at once, so a second save is never mistaken for the first one's "Saved".
  status("Saving…");
  try {
    const result = await post("drafts", { draft: currentDraft() });
    if (result.draft) {
      // The version just written: the next save must carry it.
      carried.id = result.draft.id;
      carried.change_key = result.draft.change_key;
    }
    status("Saved to Drafts.", "ok");
  } catch (err) {
    if (err instanceof ApiError && err.conflict) return resolveConflict(err.conflict, save, false);
    status(`Not saved: ${err.message}`, "error");
  }
}

/** The server refused a stale write and sent both versions: the person chooses. */
async function resolveConflict(conflict, retry, sending) {
  const theirs = conflict.theirs;
  const choice = await chooseVersion(conflict, { sending });
  if (choice === "mine") {
    // Deliberately over their version: write again carrying its change_key.
    carried.id = theirs.id;
    carried.change_key = theirs.change_key;
    hideTheirs();
    return retry();
  }
  if (choice === "theirs") {
    loadDraft(theirs);
    return status("Loaded the version saved elsewhere; your changes were not kept.", "ok");
  }
  if (choice === "both") {
    // Theirs has been seen: the next save replaces it with what the editor holds.
    carried.id = theirs.id;
    carried.change_key = theirs.change_key;
    showTheirs(theirs);
    return status("Both versions are open: yours in the editor, the other below. Save when yours is ready.", "ok");
  }
  status(sending ? "Not sent: the draft was changed elsewhere." : "Not saved: the draft was changed elsewhere.", "error");
}

let theirsShown = null;

function showTheirs(draft) {
  theirsShown = draft;
  renderVersion($("theirs-headers"), $("theirs-body"), draft);
  $("compose-theirs").hidden = false;
  $("compose-theirs").scrollIntoView({ block: "nearest" });
}

function hideTheirs() {
  theirsShown = null;
  const pane = $("compose-theirs");
  if (pane) pane.hidden = true;
}

async function send() {
  if (isEmptyDraft(currentDraft())) return status("Nothing to send: the message is empty.", "error");
  const warnings = lastHints.filter((h) => h.severity === "warning");
  if (lastHints.some((h) => h.severity === "error")) {
    status("Fix the errors before sending (BP 1114).", "error");
    els.hints.querySelector(".hint.error button, .hint.error")?.focus?.();
    return;
  }
  if (warnings.length && !confirm(`Send with ${warnings.length} warning(s)?\n\n${warnings.map((h) => `${h.code}: ${h.message}`).join("\n")}`)) return;
  status("Sending…");
  try {
    await post("send", { draft: currentDraft() });
    status("Sent.", "ok");
    newDraft();
  } catch (err) {
    if (err instanceof ApiError && err.conflict) return resolveConflict(err.conflict, send, true);
    status(`Not sent: ${err.message}`, "error");
  }
}

function newDraft() {
  hideTheirs();
  carried = {};
  for (const f of ["to", "cc", "bcc", "subject"]) els[f].value = "";
  els.body.replaceChildren();
  clearHighlights();
  schedule(0);
}

export function init() {
  els = {
    from: $("c-from"), to: $("c-to"), cc: $("c-cc"), bcc: $("c-bcc"), subject: $("c-subject"),
    body: $("c-body"), hints: $("compose-hints"), summary: $("hint-summary"), status: $("compose-status"),
    subjectHints: $("subject-hints"), pane: document.querySelector(".hint-pane"), announce: $("hint-announce"),
  };
  for (const f of ["to", "cc", "bcc", "subject"]) els[f].addEventListener("input", () => schedule());
  els.body.addEventListener("input", () => schedule());
  // Pasted HTML is cleaned like any other foreign HTML.
  els.body.addEventListener("paste", (e) => {
    const html = e.clipboardData.getData("text/html");
    if (!html) return;
    e.preventDefault();
    const frag = sanitizeToFragment(html);
    const sel = getSelection();
    if (!sel.rangeCount) return;
    const r = sel.getRangeAt(0);
    r.deleteContents();
    r.insertNode(frag);
    schedule();
  });
  for (const b of document.querySelectorAll(".toolbar button[data-cmd]")) {
    b.addEventListener("click", () => {
      els.body.focus();
      document.execCommand(b.dataset.cmd);
      schedule();
    });
  }
  $("compose-save").addEventListener("click", save);
  $("compose-send").addEventListener("click", send);
  $("compose-new").addEventListener("click", newDraft);
  $("theirs-take").addEventListener("click", () => {
    if (!theirsShown) return;
    loadDraft(theirsShown);
    status("Loaded the version saved elsewhere; your changes were not kept.", "ok");
  });
  $("theirs-close").addEventListener("click", hideTheirs);
  document.getElementById("compose-form").addEventListener("submit", (e) => e.preventDefault());
}

let entered = false;
export async function enter() {
  if (entered) return;
  entered = true;
  schedule(0);
  try {
    const cfg = await get("config");
    els.from.value = cfg.account.label || "(no account configured)";
    grammarOn = Boolean(cfg.grammar);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    els.from.value = "(account unavailable)";
  }
}
