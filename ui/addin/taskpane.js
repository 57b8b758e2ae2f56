// The Outlook task pane: hints for the message being written, one-click fixes.
/* global Office, OfficeRuntime */
import { confirmDiff } from "../js/diff.js";
import { countsText, renderHints } from "../js/hints.js";

const A = window.MailAssistantAddin; // launchevent.js: Office call helpers + API access
const $ = (id) => document.getElementById(id);
const POLL_MS = 1500; // Outlook has no "body changed" event: look again while the pane is visible
let last = "";
let busy = false;

function storage() {
  if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) return OfficeRuntime.storage;
  return { getItem: async (k) => localStorage.getItem(k), setItem: async (k, v) => localStorage.setItem(k, v) };
}

function status(msg, kind = "") {
  $("pane-status").textContent = msg;
  $("pane-status").className = `status ${kind}`;
}

async function check(force = false) {
  if (busy) return;
  busy = true;
  try {
    const draft = await A.draftFromItem(Office.context.mailbox.item);
    const key = JSON.stringify(draft);
    if (!force && key === last) return;
    last = key;
    const result = await A.api("POST", "check", { draft });
    $("pane-summary").textContent = countsText(result.counts);
    renderHints($("pane-list"), result.hints, { onFix: (h, b) => fix(draft, h, b) });
  } catch (err) {
    $("pane-summary").textContent = `Could not check: ${err.message}`;
  } finally {
    busy = false;
  }
}

async function fix(draft, hint, button) {
  button.disabled = true;
  try {
    const result = await A.api("POST", "fix", { draft, fixes: [hint.fix] });
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

async function start() {
  const token = await storage().getItem(A.TOKEN_KEY);
  if (!token) {
    $("pair-form").hidden = false;
    $("pair-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      await storage().setItem(A.TOKEN_KEY, $("pair-token").value.trim());
      try {
        await A.api("GET", "info");
        $("pair-form").hidden = true;
        start();
      } catch (err) {
        await storage().setItem(A.TOKEN_KEY, "");
        $("pair-error").textContent = `${err.message}. Is \`mail-assistant serve\` running, and is the token right?`;
      }
    });
    return;
  }
  $("pane-hints").hidden = false;
  $("pane-recheck").addEventListener("click", () => check(true));
  await check(true);
  setInterval(() => document.visibilityState === "visible" && check(), POLL_MS);
}

Office.onReady(() => start());
