// The add-in's help page (the manifest's SupportUrl): the static text in help.html
// and the rule list from /api/rules, which both the local companion and the
// District-hosted service answer. A separate file because the pages' CSP allows
// no inline script.
const $ = (id) => document.getElementById(id);
const SEVERITY = { error: "Error", warning: "Warning", info: "Advice" };
const TOKEN_KEY = "mail-assistant-token"; // the local companion's, when the task pane stored it here

async function loadRules() {
  const headers = {};
  try {
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
  } catch (err) {
    /* storage blocked: the hosted service needs no token anyway */
  }
  const res = await fetch("/api/rules", { headers });
  if (!res.ok) throw new Error(`the Mail Assistant answered ${res.status}`);
  return (await res.json()).rules;
}

function render(rules) {
  const list = $("rules-list");
  list.replaceChildren();
  for (const r of rules) {
    const li = document.createElement("li");
    li.id = `rule-${r.code}`;
    const code = document.createElement("code");
    code.textContent = r.code;
    const title = document.createElement("strong");
    title.textContent = r.title || r.name;
    li.append(code, " ", title, ` (${SEVERITY[r.severity] || r.severity})`);
    const what = r.docs && r.docs["What it does"];
    if (what) {
      const p = document.createElement("p");
      p.textContent = what;
      li.appendChild(p);
    }
    list.appendChild(li);
  }
}

async function start() {
  try {
    const rules = await loadRules();
    render(rules);
    $("rules-status").textContent = `${rules.length} rules.`;
  } catch (err) {
    $("rules-status").textContent = `The rule list could not be loaded (${err.message}). The Mail Assistant app's `
      + "Rules view and the command mail-assistant rules show them too.";
  }
}

start();
