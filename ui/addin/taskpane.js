// The Outlook task pane (pinnable): live hints for the message being written and
// one-click fixes, the user's signature (kept in Outlook's roaming settings so the
// event handlers on every computer have it), and the choice about Outlook's own
// signature. Hints come from the Mail Assistant service; when it cannot be
// reached the pane shows the on-device checks the on-send handler would use.
/* global Office, OfficeRuntime */
import { confirmDiff } from "../js/diff.js";
import { countsText, renderHints, severityLabel } from "../js/hints.js";

const A = window.MailAssistantAddin; // launchevent.bundle.js: Office helpers, API access, local checks
const $ = (id) => document.getElementById(id);
const POLL_MS = 1000; // Outlook has no "body changed" event: look while the pane is visible
const QUIET_POLLS = 1; // ... and check once the draft has stayed the same this many polls (debounce)
// New hints are announced to screen readers once typing pauses this long (as in the
// companion's Compose): the counts are never re-read on every poll.
const ANNOUNCE_MS = 1200;
const FIELDS = ["name", "title", "school", "phone", "email", "pronouns", "website"];
let announced = new Set(); // hints (code|field) present at the last check
let pending = []; // new hints waiting for the pause
let announceTimer = null;
let lastCounts = null; // the counts the pending announcement ends with
let sigTimer = null;
let sigSeq = 0;
let checkedKey = "";
let seenKey = "";
let quiet = 0;
let busy = false;
let again = false;

function storage() {
  if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) return OfficeRuntime.storage;
  return { getItem: async (k) => localStorage.getItem(k), setItem: async (k, v) => localStorage.setItem(k, v) };
}

function status(msg, kind = "") {
  $("pane-status").textContent = msg;
  $("pane-status").className = `status ${kind}`;
}

function counts(hints) {
  const c = { error: 0, warning: 0, info: 0 };
  for (const h of hints) c[h.severity] += 1;
  return c;
}

// Check the current draft (force: even when unchanged since the last check).
async function check(force = false) {
  if (busy) {
    again = again || force;
    return;
  }
  busy = true;
  try {
    const item = Office.context.mailbox.item;
    if (!item) return; // pinned pane, no message selected
    const draft = await A.draftFromItem(item);
    const key = JSON.stringify(draft);
    if (!force && key === checkedKey) return;
    checkedKey = seenKey = key;
    let hints;
    let local = false;
    try {
      hints = (await A.api("POST", "check", { draft })).hints;
    } catch (err) {
      // Same checks as the on-send handler without the service; fixes need the service.
      hints = A.localHints(draft).map((h) => ({ ...h, fix: null }));
      local = true;
    }
    const c = counts(hints);
    $("pane-summary").textContent = countsText(c);
    $("pane-mode").hidden = !local;
    renderHints($("pane-list"), hints, { onFix: (h, b) => fix(draft, h, b) });
    announce(hints, c);
  } catch (err) {
    $("pane-summary").textContent = `Could not check: ${err.message}`;
    $("hint-announce").textContent = `Could not check: ${err.message}`;
  } finally {
    busy = false;
    if (again) {
      again = false;
      check(true);
    }
  }
}

const hintKey = (h) => `${h.code}|${h.field}`;

/**
 * Tell screen-reader users about hints that were not there at the last check, in the
 * polite live region, once the writer pauses: focus stays where they are typing.
 */
function announce(hints, c) {
  const now = new Set(hints.map(hintKey));
  pending = pending.filter((h) => now.has(hintKey(h))).concat(hints.filter((h) => !announced.has(hintKey(h))));
  announced = now;
  if (pending.length) scheduleAnnouncement(c);
}

function scheduleAnnouncement(c) {
  clearTimeout(announceTimer);
  announceTimer = setTimeout(async () => {
    if (await stillTyping()) return scheduleAnnouncement(lastCounts);
    const fresh = pending.filter((h) => announced.has(hintKey(h)));
    pending = [];
    if (!fresh.length) return;
    const said = fresh.slice(0, 3).map((h) => `${severityLabel(h.severity)} ${h.code}: ${h.message}`);
    if (fresh.length > 3) said.push(`and ${fresh.length - 3} more`);
    $("hint-announce").textContent = `New hint${fresh.length > 1 ? "s" : ""}: ${said.join(" ")} Now ${countsText(c)}`;
  }, ANNOUNCE_MS);
  lastCounts = c;
}

// Whether the draft changed since the poll last looked (the poll may not have seen the
// latest keys yet): then the announcement waits for the next pause.
async function stillTyping() {
  const item = Office.context.mailbox.item;
  try {
    const key = item ? JSON.stringify(await A.draftFromItem(item)) : seenKey;
    if (key === seenKey) return false;
    seenKey = key;
    quiet = 0;
    return true;
  } catch (err) {
    return false; // the item is closing: say what was found
  }
}

// A message of its own (a pinned pane moved on): its hints are all new to the reader.
function forgetAnnounced() {
  announced = new Set();
  pending = [];
  clearTimeout(announceTimer);
}

// The debounced poll: a changed draft is checked once it has stopped changing.
async function poll() {
  if (document.visibilityState !== "visible" || busy || !Office.context.mailbox.item) return;
  try {
    const key = JSON.stringify(await A.draftFromItem(Office.context.mailbox.item));
    if (key !== seenKey) {
      seenKey = key;
      quiet = 0;
      if (pending.length) scheduleAnnouncement(lastCounts); // still typing: wait for the pause
    } else if (key !== checkedKey && ++quiet >= QUIET_POLLS) {
      await check();
    }
  } catch (err) {
    /* the item is closing; the next poll or ItemChanged picks up */
  }
}

async function fix(draft, hint, button) {
  button.disabled = true;
  try {
    const body = { draft, fixes: [hint.fix] };
    const saved = A.savedSignature();
    if (saved) body.signature = saved; // the roaming signature, not whatever the service has
    const result = await A.api("POST", "fix", body);
    if (hint.applicability !== "safe" && !(await confirmDiff(`${hint.code}: ${hint.message}`, result.diff))) {
      button.disabled = false;
      return status("Nothing changed.");
    }
    const item = Office.context.mailbox.item;
    const nd = result.draft;
    const toOffice = (list) => list.map((r) => ({ emailAddress: r.address, displayName: r.name || r.address }));
    if (nd.html !== draft.html) await A.call(item.body, "setAsync", nd.html, { coercionType: Office.CoercionType.Html });
    if (nd.subject !== draft.subject) await A.call(item.subject, "setAsync", nd.subject);
    for (const f of ["to", "cc", "bcc"]) {
      if (JSON.stringify(nd[f]) !== JSON.stringify(draft[f])) await A.call(item[f], "setAsync", toOffice(nd[f]));
    }
    status((result.changes || []).map((c) => c.description).join("; ") || "Fixed.", "ok");
    await check(true);
  } catch (err) {
    status(`Could not fix: ${err.message}`, "error");
    button.disabled = false;
  }
}

// ---- the signature (roaming settings) ----

function formFields() {
  return Object.fromEntries(FIELDS.map((f) => [f, $(`sig-${f}`).value.trim()]));
}

function fillSignatureForm() {
  const saved = A.savedSignature() || {};
  for (const f of FIELDS) $(`sig-${f}`).value = saved[f] || "";
  $("sig-preview").innerHTML = A.signatureHtml(saved); // built from escaped fields only
  if (saved.name) checkSignature(saved);
}

/**
 * The accessibility warnings (AX101/AX102) the local companion finds in the signature
 * these fields make, listed under the preview. Only the companion has this endpoint:
 * the District-hosted service reads no settings, so there the list stays empty.
 */
async function checkSignature(fields) {
  if (!A.isLocal(A.serviceOrigin())) return;
  const mine = ++sigSeq;
  let warnings = [];
  if (fields.name) {
    try {
      warnings = (await A.api("POST", "signature/preview", { fields, html: A.signatureHtml(fields) })).warnings || [];
    } catch (err) {
      warnings = []; // an older companion or none: no list, the preview above still shows the signature
    }
  }
  if (mine !== sigSeq) return; // a newer edit is being checked
  const list = $("sig-warnings");
  list.replaceChildren();
  for (const w of warnings) {
    const li = document.createElement("li");
    li.dataset.code = w.code;
    const code = document.createElement("code");
    code.textContent = w.code;
    li.append("Accessibility ", code, `: ${w.message}`);
    list.appendChild(li);
  }
}

function editSignature() {
  const fields = formFields();
  $("sig-status").textContent = "";
  $("sig-preview").innerHTML = A.signatureHtml(fields);
  clearTimeout(sigTimer);
  sigTimer = setTimeout(() => checkSignature(fields), 250);
}

async function saveSignature(e) {
  e.preventDefault();
  const fields = formFields();
  if (!fields.name) return ($("sig-status").textContent = "Your name is required.");
  try {
    await A.saveSignature(fields);
    $("sig-preview").innerHTML = A.signatureHtml(fields);
    checkSignature(fields);
    $("sig-status").textContent = "Saved: new messages get this signature on every computer.";
  } catch (err) {
    $("sig-status").textContent = `Could not save: ${err.message}`;
  }
}

// Outlook adds its own signature: offer, never force, the District one instead.
async function offerClientSignatureChoice() {
  const item = Office.context.mailbox.item;
  const enabled = await A.clientSignatureEnabled(item);
  $("client-sig").hidden = !enabled || typeof item.disableClientSignatureAsync !== "function";
}

async function useDistrictSignature() {
  const item = Office.context.mailbox.item;
  const html = A.signatureHtml(A.savedSignature() || {});
  if (!html) return ($("client-sig-status").textContent = "Save your signature below first.");
  try {
    await A.call(item, "disableClientSignatureAsync");
    await A.call(item.body, "setSignatureAsync", html, { coercionType: Office.CoercionType.Html });
    $("client-sig").hidden = true;
    status("The District signature replaces Outlook's for this message.", "ok");
    await check(true);
  } catch (err) {
    $("client-sig-status").textContent = `Could not change the signature: ${err.message}`;
  }
}

// ---- start ----

function rememberOrigin() {
  // The JavaScript-only runtime has no page to take an origin from: tell it where the service is.
  const rs = Office.context.roamingSettings;
  if (!rs || A.isLocal(location.origin) || rs.get(A.ORIGIN_KEY) === location.origin) return;
  rs.set(A.ORIGIN_KEY, location.origin);
  rs.saveAsync(() => {});
}

function listen() {
  const onChange = () => check(true);
  // A pinned pane stays open when another message is selected.
  if (Office.context.mailbox.addHandlerAsync && Office.EventType.ItemChanged) {
    Office.context.mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => {
      checkedKey = seenKey = "";
      forgetAnnounced();
      offerClientSignatureChoice();
      onChange();
    });
  }
  const item = Office.context.mailbox.item;
  if (item && item.addHandlerAsync && Office.EventType.RecipientsChanged) {
    item.addHandlerAsync(Office.EventType.RecipientsChanged, onChange);
  }
  setInterval(poll, POLL_MS);
}

async function showHints() {
  $("pane-hints").hidden = false;
  $("pane-signature").hidden = false;
  $("pane-recheck").addEventListener("click", () => check(true));
  $("sig-form").addEventListener("submit", saveSignature);
  $("sig-form").addEventListener("input", editSignature);
  $("client-sig-use").addEventListener("click", useDistrictSignature);
  fillSignatureForm();
  await offerClientSignatureChoice();
  await check(true);
  listen();
}

async function start() {
  rememberOrigin();
  // The District-hosted service needs no token; only the local companion asks for one.
  if (!A.isLocal(A.serviceOrigin()) || (await storage().getItem(A.TOKEN_KEY))) return showHints();
  $("pair-form").hidden = false;
  $("pair-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    await storage().setItem(A.TOKEN_KEY, $("pair-token").value.trim());
    try {
      await A.api("GET", "info");
      $("pair-form").hidden = true;
      showHints();
    } catch (err) {
      await storage().setItem(A.TOKEN_KEY, "");
      $("pair-error").textContent = `${err.message}. Is \`mail-assistant serve\` running, and is the token right?`;
    }
  });
}

Office.onReady(() => start());
