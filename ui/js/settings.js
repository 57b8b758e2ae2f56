// Settings: account status, signature editor with live preview, policy (read-only).
import { get, post, put } from "./api.js";
import { sanitizeToFragment, setSafeHtml } from "./sanitize.js";

const $ = (id) => document.getElementById(id);
let timer = null;
let seq = 0;
// The settings version the fields were loaded from (or last saved as). Every save sends
// it back, so a save made elsewhere meanwhile (another window, `signature set`) is
// refused (409) instead of being silently overwritten.
let loadedVersion = null;

function fields() {
  const data = {};
  for (const input of $("sig-form").querySelectorAll("input[name]")) data[input.name] = input.value;
  return data;
}

function fillList(dl, pairs) {
  dl.replaceChildren();
  for (const [k, v] of pairs) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v == null || v === "" ? "—" : String(v);
    dl.append(dt, dd);
  }
}

function showPreview(sig) {
  setSafeHtml($("sig-preview"), sig.html || "");
  if (!sig.html) $("sig-preview").textContent = "Fill in at least your name to see the signature.";
}

// The user's own signature pasted from Outlook (sanitised on paste), or null.
function ownHtml() {
  const own = $("sig-own");
  return own.textContent.trim() || own.querySelector("img") ? own.innerHTML : null;
}

/** The AX101/AX102 findings the server made for the signature, as a list under the preview. */
function showWarnings(warnings) {
  const list = $("sig-warnings");
  list.replaceChildren();
  for (const w of warnings || []) {
    const li = document.createElement("li");
    li.dataset.code = w.code;
    const code = document.createElement("code");
    code.textContent = w.code;
    li.append("Accessibility ", code, `: ${w.message}`);
    list.appendChild(li);
  }
}

async function preview() {
  const mine = ++seq;
  try {
    const body = { fields: fields() };
    const own = ownHtml();
    if (own !== null) body.html = own;
    const sig = await post("signature/preview", body);
    if (mine !== seq) return;
    $("sig-error").textContent = sig.complete ? "" : "Add a phone, an email, or title and school (BP 1114 H).";
    showPreview(sig);
    showWarnings(sig.warnings);
  } catch (err) {
    if (mine === seq) $("sig-error").textContent = err.message;
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(preview, 250);
}

export function init() {
  $("sig-form").addEventListener("input", () => {
    $("sig-status").textContent = "";
    schedule();
  });
  // A signature pasted from Outlook is foreign HTML: cleaned like any other, then checked.
  $("sig-own").addEventListener("paste", (e) => {
    const html = e.clipboardData.getData("text/html");
    if (!html) return;
    e.preventDefault();
    $("sig-own").replaceChildren(sanitizeToFragment(html));
    schedule();
  });
  $("sig-own").addEventListener("input", schedule);
  $("sig-form").addEventListener("submit", (e) => {
    e.preventDefault();
    save(loadedVersion);
  });
  $("sig-reload").addEventListener("click", async () => {
    hideConflict();
    await load({ keepFocused: false });
    $("sig-status").textContent = "Reloaded the saved settings.";
  });
  $("sig-keep").addEventListener("click", () => {
    const theirs = $("sig-conflict").dataset.version;
    hideConflict();
    save(theirs);
  });
}

function hideConflict() {
  $("sig-conflict").hidden = true;
  delete $("sig-conflict").dataset.version;
}

/** Save the form as a change of the settings version ``version``. */
async function save(version) {
  $("sig-status").textContent = "";
  try {
    const body = { fields: fields() };
    if (version != null) body.version = version;
    const sig = await put("signature", body);
    if (sig.version != null) loadedVersion = sig.version;
    hideConflict();
    showPreview(sig);
    $("sig-error").textContent = "";
    $("sig-status").textContent = "Signature saved.";
  } catch (err) {
    if (err.status === 409 && (await showConflict())) return;
    $("sig-error").textContent = err.message;
  }
}

/**
 * After a refused save: if the saved settings are no longer the version this page
 * loaded, say so, show what is saved now and offer to reload it (or to save these
 * fields over it, knowingly). False when the 409 had another cause.
 */
async function showConflict() {
  let cfg;
  try {
    cfg = await get("config");
  } catch {
    return false;
  }
  const now = cfg.signature.version;
  if (now == null || now === loadedVersion) return false;
  $("sig-error").textContent = "";
  $("sig-conflict-theirs").textContent = cfg.signature.text || "(no signature is saved)";
  $("sig-conflict").dataset.version = now;
  $("sig-conflict").hidden = false;
  $("sig-reload").focus();
  return true;
}

export function enter() {
  return load({ keepFocused: true });
}

async function load({ keepFocused }) {
  try {
    const cfg = await get("config");
    const a = cfg.account;
    fillList($("account-info"), [
      ["Account", a.label || "Not configured (run: mail-assistant account setup)"],
      ["Server", a.server],
      ["Status", a.connected ? "Connected" : a.configured ? "Not connected yet" : "Not configured"],
    ]);
    fillList($("policy-info"), [
      ["District", cfg.policy.district],
      ["District mail domains", cfg.policy.domains.join(", ")],
      ["Policy source", cfg.policy.source],
    ]);
    for (const input of $("sig-form").querySelectorAll("input[name]")) {
      if (!keepFocused || document.activeElement !== input) input.value = cfg.signature.fields[input.name] || "";
    }
    loadedVersion = cfg.signature.version ?? null;
    showPreview(cfg.signature);
    $("sig-error").textContent = cfg.signature.error || "";
  } catch (err) {
    fillList($("account-info"), [["Error", err.message]]);
  }
}
