// Client-side sanitiser: DOMPurify, configured from ui/sanitize-allowlist.json,
// the same file the server's nh3 sanitiser reads (assistant/server/sanitize.py),
// so the two cannot drift. Defence in depth: the server has already cleaned
// draft HTML, the page's CSP forbids inline scripts and handlers, and the
// containers that show draft HTML clip their content (app.css).
import createDOMPurify from "../vendor/dompurify/purify.es.mjs";

/** The allow-list, loaded once before any caller can sanitise (top-level await). */
export const ALLOWLIST = await loadAllowList();

async function loadAllowList() {
  const res = await fetch(new URL("../sanitize-allowlist.json", import.meta.url), { cache: "no-cache" });
  if (!res.ok) throw new Error(`sanitize-allowlist.json: HTTP ${res.status}`);
  return res.json();
}

const purify = createDOMPurify(window);
export const DOMPURIFY_VERSION = purify.version;

const urlAttrs = new Set(ALLOWLIST.url_attributes);
const allAttrs = new Set(Object.values(ALLOWLIST.attributes).flat());
// Which attributes each tag may carry ("*": any allowed tag).
const attrsFor = new Map(Object.entries(ALLOWLIST.attributes).map(([t, names]) => [t, new Set(names)]));
const cssProps = new Set(ALLOWLIST.css_properties.map((p) => p.toLowerCase()));
const cssFunctions = new Set(ALLOWLIST.css_functions.map((f) => f.toLowerCase()));

/** DOMPurify's options, all taken from the allow-list file. */
export const CONFIG = Object.freeze({
  ALLOWED_TAGS: ALLOWLIST.tags,
  ALLOWED_ATTR: [...allAttrs],
  // Only URL attributes are matched against the URL pattern; the others
  // (colours, sizes, faces) are plain values.
  ADD_URI_SAFE_ATTR: [...allAttrs].filter((a) => !urlAttrs.has(a)),
  ALLOWED_URI_REGEXP: new RegExp(ALLOWLIST.url_pattern, "i"),
  FORBID_CONTENTS: ALLOWLIST.drop_with_content,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  KEEP_CONTENT: true,
});

// An inert document: parsing a style attribute there loads and runs nothing.
const inert = document.implementation.createHTMLDocument("");

/** A style value with only the allowed longhands, as the browser itself parsed them. */
export function filterStyle(value) {
  const probe = inert.createElement("div");
  probe.setAttribute("style", value);
  const out = inert.createElement("div").style;
  for (const name of Array.from(probe.style)) {
    const v = probe.style.getPropertyValue(name);
    if (cssProps.has(name) && cssValueIsSafe(v)) out.setProperty(name, v, probe.style.getPropertyPriority(name));
  }
  return out.cssText;
}

// No url(), no function outside the list (var(), expression(), calc()...).
function cssValueIsSafe(v) {
  const outsideStrings = v.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  if (/url\s*\(/i.test(outsideStrings)) return false;
  for (const m of outsideStrings.matchAll(/([-\w]+)\s*\(/g)) {
    if (!cssFunctions.has(m[1].toLowerCase())) return false;
  }
  return true;
}

purify.addHook("uponSanitizeAttribute", (node, data) => {
  const tag = node.localName;
  const name = data.attrName;
  if (!(attrsFor.get("*")?.has(name) || attrsFor.get(tag)?.has(name))) {
    data.keepAttr = false; // allowed on some tag, but not on this one
    return;
  }
  if (name === "style") {
    data.attrValue = filterStyle(data.attrValue);
    if (!data.attrValue) data.keepAttr = false;
  } else if (name === "id") {
    // An id that names an element of the app itself would hijack the app's
    // own lookups (ids inside shown drafts are the draft's, and may stay).
    const hit = document.getElementById(data.attrValue);
    if (hit && !hit.closest(".editor, .sig-preview")) data.keepAttr = false;
  }
});

purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.localName === "a") node.setAttribute("rel", ALLOWLIST.link_rel);
});

/** A DocumentFragment of safe nodes for ``html`` (a string from anywhere). */
export function sanitizeToFragment(html) {
  return purify.sanitize(html || "", { ...CONFIG, RETURN_DOM_FRAGMENT: true });
}

/** Sanitised HTML as a string (for a sandboxed iframe's srcdoc). */
export function sanitizeHtml(html) {
  return purify.sanitize(html || "", CONFIG);
}

export function setSafeHtml(element, html) {
  element.replaceChildren(sanitizeToFragment(html));
}

export function escapeText(s) {
  const d = document.createElement("div");
  d.textContent = s == null ? "" : String(s);
  return d.innerHTML;
}

export { escapeText as escapeHtml };
