// Client-side sanitiser (defence in depth: the server already cleans draft
// HTML with nh3, and the page's CSP forbids inline scripts and handlers).
// DOMParser builds an inert document: nothing in it runs or loads.
const TAGS = new Set(("a abbr b blockquote br caption center code col colgroup dd del div dl dt em font " +
  "h1 h2 h3 h4 h5 h6 hr i img ins kbd li ol p pre q s small span strike strong sub sup table tbody td " +
  "tfoot th thead tr tt u ul").split(" "));
const DROP_WITH_CONTENT = new Set(["script", "style", "noscript", "iframe", "object", "embed", "template",
  "frame", "frameset", "applet", "svg", "math", "form", "input", "button", "textarea", "select", "link", "meta", "base"]);
const ATTRS = new Set(["style", "class", "dir", "lang", "title", "align", "valign", "bgcolor", "width", "height",
  "href", "name", "src", "alt", "border", "color", "face", "size", "colspan", "rowspan", "cellpadding",
  "cellspacing", "start", "type", "background", "data-mail-assistant"]);
const URL_ATTRS = new Set(["href", "src", "background"]);
const SAFE_URL = /^(?:https?:|mailto:|tel:|cid:|data:image\/(?:png|gif|jpeg|webp);|#|[^:]*$)/i;

function clean(node) {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === Node.COMMENT_NODE || child.nodeType === Node.PROCESSING_INSTRUCTION_NODE) {
      child.remove();
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = child.localName;
    if (DROP_WITH_CONTENT.has(tag)) {
      child.remove();
      continue;
    }
    clean(child);
    if (!TAGS.has(tag)) {
      child.replaceWith(...Array.from(child.childNodes)); // keep the words, drop the tag
      continue;
    }
    for (const attr of Array.from(child.attributes)) {
      const name = attr.name.toLowerCase();
      const ok = ATTRS.has(name) && !(URL_ATTRS.has(name) && !SAFE_URL.test(attr.value.trim()));
      const badStyle = name === "style" && /expression\s*\(|url\s*\(\s*['"]?\s*javascript:/i.test(attr.value);
      if (!ok || badStyle) child.removeAttribute(attr.name);
    }
    if (tag === "a") {
      child.setAttribute("rel", "noopener noreferrer");
      child.setAttribute("target", "_blank");
    }
  }
}

/** A DocumentFragment of safe nodes for ``html`` (a string from anywhere). */
export function sanitizeToFragment(html) {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html || ""}`, "text/html");
  clean(doc.body);
  const frag = document.createDocumentFragment();
  for (const n of Array.from(doc.body.childNodes)) frag.appendChild(document.importNode(n, true));
  return frag;
}

/** Sanitised HTML as a string (for a sandboxed iframe's srcdoc). */
export function sanitizeHtml(html) {
  const box = document.createElement("div");
  box.appendChild(sanitizeToFragment(html));
  return box.innerHTML;
}

export function setSafeHtml(element, html) {
  element.replaceChildren(sanitizeToFragment(html));
}

export function escapeText(s) {
  const d = document.createElement("div");
  d.textContent = s == null ? "" : String(s);
  return d.innerHTML;
}
