// Settings: account status, signature editor with live preview, policy (read-only).
import { get, post, put } from "./api.js";
import { sanitizeToFragment, setSafeHtml } from "./sanitize.js";

const $ = (id) => document.getElementById(id);
let timer = null;
let seq = 0;

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
  $("sig-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const sig = await put("signature", { fields: fields() });
      showPreview(sig);
      $("sig-error").textContent = "";
      $("sig-status").textContent = "Signature saved.";
    } catch (err) {
      $("sig-error").textContent = err.message;
    }
  });
}

export async function enter() {
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
    for (const [k, v] of Object.entries(cfg.signature.fields)) {
      const input = $("sig-form").querySelector(`input[name="${k}"]`);
      if (input && document.activeElement !== input) input.value = v || "";
    }
    showPreview(cfg.signature);
    $("sig-error").textContent = cfg.signature.error || "";
  } catch (err) {
    fillList($("account-info"), [["Error", err.message]]);
  }
}
