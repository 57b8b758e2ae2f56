// Router and start-up: one page, four views, hash navigation (#/drafts ...).
import { get, setToken, takeTokenFromUrl, forgetToken } from "./api.js";
import * as drafts from "./drafts.js";
import * as compose from "./compose.js";
import * as summary from "./summary.js";
import * as settings from "./settings.js";
import * as rules from "./rules.js";

const VIEWS = { drafts, compose, summary, settings, rules };
let current = null;

function show(name) {
  for (const section of document.querySelectorAll("main > .view")) section.hidden = section.id !== `view-${name}`;
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    if (a.dataset.view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function route() {
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1] || "drafts";
  const view = VIEWS[name] ? name : "drafts";
  const changed = current !== view;
  current = view;
  show(view);
  document.title = `${view[0].toUpperCase()}${view.slice(1)} – Mail Assistant`;
  VIEWS[view].enter();
  if (changed) {
    const h1 = document.querySelector(`#view-${view} h1`);
    if (h1 && document.activeElement !== document.body) h1.focus({ preventScroll: true });
  }
}

function needToken() {
  show("connect");
  document.getElementById("connect-token").focus();
}

async function start() {
  for (const v of Object.values(VIEWS)) v.init();
  document.getElementById("connect-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    setToken(document.getElementById("connect-token").value, document.getElementById("connect-remember").checked);
    try {
      await get("info");
      location.hash = "#/drafts";
      route();
    } catch (err) {
      forgetToken();
      document.getElementById("connect-error").textContent = err.message;
    }
  });
  document.addEventListener("api-unauthorized", () => {
    forgetToken();
    needToken();
  });
  if (!takeTokenFromUrl()) return needToken();
  window.addEventListener("hashchange", route);
  route();
  try {
    const info = await get("info");
    const el = document.getElementById("footer-info");
    el.dataset.base = `Mail Assistant ${info.version}${info.demo ? " · demo mailbox" : ""}`;
    showFooter(el);
  } catch {
    /* shown by the views */
  }
}

// The footer from two answers that may come in either order: /api/info and, in the
// desktop window, pywebview's about().
function showFooter(el) {
  const base = el.dataset.base || "Mail Assistant";
  el.textContent = el.dataset.desktopNote ? `${base} · ${el.dataset.desktopNote}` : base;
}

// In the desktop window, pywebview exposes Python functions as window.pywebview.api.
async function showDesktop() {
  try {
    const about = await window.pywebview.api.about();
    const el = document.getElementById("footer-info");
    el.dataset.desktop = about.platform;
    el.dataset.desktopNote = `desktop app (${about.platform}, pywebview ${about.pywebview})`;
    showFooter(el);
  } catch {
    /* not fatal: the page works the same in a browser */
  }
}
// The ready event may fire before this script runs (a busy machine): then the API is
// already there and the event will not come again.
if (window.pywebview && window.pywebview.api && typeof window.pywebview.api.about === "function") {
  showDesktop();
} else {
  window.addEventListener("pywebviewready", showDesktop, { once: true });
}

start();
