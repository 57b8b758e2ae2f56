// Rules: the catalogue's documentation, filterable.
import { get } from "./api.js";

const $ = (id) => document.getElementById(id);
const SECTIONS = ["What it does", "Why", "Example", "Policy", "Fix"];
let rules = null;

function render() {
  const q = $("rules-filter").value.trim().toLowerCase();
  const list = $("rules-list");
  list.replaceChildren();
  for (const r of rules || []) {
    const hay = `${r.code} ${r.title} ${r.name} ${Object.values(r.docs).join(" ")}`.toLowerCase();
    if (q && !hay.includes(q)) continue;
    const det = document.createElement("details");
    det.className = `rule ${r.severity}`;
    det.id = `rule-${r.code}`;
    const sum = document.createElement("summary");
    const code = document.createElement("code");
    code.textContent = r.code;
    const sev = document.createElement("span");
    sev.className = `sev ${r.severity}`;
    sev.textContent = r.severity;
    sum.append(code, " ", r.title, " ", sev);
    det.appendChild(sum);
    for (const s of SECTIONS) {
      if (!r.docs[s]) continue;
      const h = document.createElement("h3");
      h.textContent = s;
      const p = document.createElement(s === "Example" ? "pre" : "p");
      p.textContent = r.docs[s];
      det.append(h, p);
    }
    list.appendChild(det);
  }
  if (!list.children.length) list.textContent = "No rule matches.";
}

export function init() {
  $("rules-filter").addEventListener("input", render);
}

export async function enter() {
  if (rules) return render();
  try {
    rules = (await get("rules")).rules;
    render();
  } catch (err) {
    $("rules-list").textContent = `Could not load the rules: ${err.message}`;
  }
}
