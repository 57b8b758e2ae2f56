// The Outlook task pane (pinnable): live hints for the message being written and
// one-click fixes, the user's signature (kept in Outlook's roaming settings so the
// event handlers on every computer have it), and the choice about Outlook's own
// signature. Hints come from the Mail Assistant service; when it cannot be
// reached the pane shows the on-device checks the on-send handler would use.
/* global Office, OfficeRuntime */
import { confirmDiff } from "../js/diff.js";
import { countsText, renderHints } from "../js/hints.js";

const A = window.MailAssistantAddin; // launchevent.bundle.js: Office helpers, API access, local checks
const $ = (id) => document.getElementById(id);
const POLL_MS = 1000; // Outlook has no "body changed" event: look while the pane is visible
const QUIET_POLLS = 1; // ... and check once the draft has stayed the same this many polls (debounce)
const FIELDS = ["name", "title", "school", "phone", "email", "pronouns", "website"];
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
    $("pane-summary").textContent = countsText(counts(hints));
    $("pane-mode").hidden = !local;
    renderHints($("pane-list"), hints, { onFix: (h, b) => fix(draft, h, b) });
  } catch (err) {
    $("pane-summary").textContent = `Could not check: ${err.message}`;
  } finally {
    busy = false;
    if (again) {
      again = false;
      check(true);
    }
  }
}

// The debounced poll: a changed draft is checked once it has stopped changing.
async function poll() {
  if (document.visibilityState !== "visible" || busy || !Office.context.mailbox.item) return;
  try {
    const key = JSON.stringify(await A.draftFromItem(Office.context.mailbox.item));
    if (key !== seenKey) {
      seenKey = key;
      quiet = 0;
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

function fillSignatureForm() {
  const saved = A.savedSignature() || {};
  for (const f of FIELDS) $(`sig-${f}`).value = saved[f] || "";
  $("sig-preview").innerHTML = A.signatureHtml(saved); // built from escaped fields only
}

async function saveSignature(e) {
  e.preventDefault();
  const fields = Object.fromEntries(FIELDS.map((f) => [f, $(`sig-${f}`).value.trim()]));
  if (!fields.name) return ($("sig-status").textContent = "Your name is required.");
  try {
    await A.saveSignature(fields);
    $("sig-preview").innerHTML = A.signatureHtml(fields);
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
