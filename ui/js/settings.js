// Settings: account status, signature editor with live preview, policy (read-only).
import { get, post, put } from "./api.js";
import { setSafeHtml } from "./sanitize.js";

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

async function preview() {
  const mine = ++seq;
  try {
    const sig = await post("signature/preview", { fields: fields() });
    if (mine !== seq) return;
    $("sig-error").textContent = sig.complete ? "" : "Add a phone, an email, or title and school (BP 1114 H).";
    showPreview(sig);
  } catch (err) {
    if (mine === seq) $("sig-error").textContent = err.message;
  }
}

export function init() {
  $("sig-form").addEventListener("input", () => {
    $("sig-status").textContent = "";
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  });
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
