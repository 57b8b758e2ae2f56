// Weekly summary: the numbers of /api/summary (the same as `mail-assistant summary`),
// charts drawn as inline SVG from them, each with a text alternative beside it.
import { get } from "./api.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const AGES = { this_week: "under a week", "1_4_weeks": "1–4 weeks", older: "older than 4 weeks" };
let loaded = null; // the week shown ("" = default)
let seq = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text != null) node.textContent = text;
  return node;
}

function size(n) {
  if (n == null) return "not reported";
  let v = n;
  for (const unit of ["B", "KB", "MB", "GB"]) {
    if (v < 1024 || unit === "GB") return unit === "B" ? `${v} B` : `${v.toFixed(1)} ${unit}`;
    v /= 1024;
  }
  return `${n} B`;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }) : "";
}

/** "Title: a 3; b 5." – the chart's text alternative (as in the HTML report). */
export function altText(title, labels, values, unit = "") {
  const parts = labels.map((l, i) => `${l} ${values[i] == null ? "no data" : `${values[i]}${unit}`}`);
  return `${title}: ${parts.length ? parts.join("; ") : "nothing to show"}.`;
}

let chartSeq = 0;

function figure(title, labels, values, draw, unit = "") {
  const id = `sumchart-${++chartSeq}`;
  const alt = altText(title, labels, values, unit);
  const svg = draw(labels, values, unit);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", `${id}-t ${id}-d`);
  svg.prepend(svgEl("title", { id: `${id}-t` }, title), svgEl("desc", { id: `${id}-d` }, alt));
  // Focusable, so keyboard and screen-reader users reach each chart and hear its figures.
  return el("figure", { class: "chart", tabindex: "0", "aria-describedby": `${id}-c` }, svg,
    el("figcaption", { id: `${id}-c` }, alt));
}

function hbars(labels, values, unit) {
  const row = 22, labelW = 150, width = 460, pad = 6;
  const svg = svgEl("svg", { width, height: Math.max(1, labels.length) * row + pad * 2, viewBox: `0 0 ${width} ${Math.max(1, labels.length) * row + pad * 2}` });
  const top = Math.max(1, ...values.filter((v) => v));
  labels.forEach((label, i) => {
    const y = pad + i * row;
    const w = values[i] ? Math.round((width - labelW - 60) * (values[i] / top)) : 0;
    svg.append(
      svgEl("text", { x: labelW - 6, y: y + 15, "text-anchor": "end", class: "chart-label" }, label),
      svgEl("rect", { x: labelW, y: y + 3, width: Math.max(w, 1), height: row - 8, class: "bar" }),
      svgEl("text", { x: labelW + w + 4, y: y + 15, class: "chart-value" }, `${values[i]}${unit}`),
    );
  });
  return svg;
}

function columns(labels, values) {
  const width = 300, height = 120, base = height - 22, topPad = 16, slot = width / Math.max(1, labels.length);
  const svg = svgEl("svg", { width, height, viewBox: `0 0 ${width} ${height}` });
  const top = Math.max(1, ...values.filter((v) => v));
  labels.forEach((label, i) => {
    const v = values[i];
    const h = v ? Math.round((base - topPad) * (v / top)) : 0;
    const x = i * slot + slot * 0.2;
    svg.append(
      svgEl("rect", { x: x.toFixed(1), y: base - h, width: (slot * 0.6).toFixed(1), height: Math.max(h, 1), class: i === labels.length - 1 ? "bar" : "bar prev" }),
      svgEl("text", { x: (x + slot * 0.3).toFixed(1), y: base - h - 3, "text-anchor": "middle", class: "chart-value" }, v == null ? "–" : String(v)),
      svgEl("text", { x: (x + slot * 0.3).toFixed(1), y: height - 6, "text-anchor": "middle", class: "chart-label" }, label.split("-")[1] || label),
    );
  });
  return svg;
}

function table(caption, head, rows) {
  if (!rows.length) return el("p", { class: "muted" }, `${caption}: none.`);
  const thead = el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h))));
  const tbody = el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c)))));
  return el("table", { class: "summary-table" }, el("caption", {}, caption), thead, tbody);
}

function link(href, label) {
  return href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }, label) : document.createTextNode(label);
}

function stat(label, value, prev) {
  return el("div", { class: "stat" }, el("span", { class: "stat-value" }, String(value)),
    el("span", { class: "stat-label" }, label + (prev == null ? "" : ` (last week ${prev})`)));
}

function last(trend, metric) {
  const v = trend[metric] || [];
  return v.length >= 2 ? v[v.length - 2] : null;
}

export function render(s) {
  const { sent, inbox, mailbox: box, trend } = s;
  const root = $("summary-body");
  chartSeq = 0;
  const stats = el("div", { class: "stats" },
    stat("sent", sent.messages, last(trend, "sent_messages")),
    stat("hints on sent mail", sent.hints, last(trend, "sent_hints")),
    stat("unread now", inbox.unread.count, last(trend, "unread")),
    stat("waiting for your reply", inbox.awaiting_reply.count, null),
    stat("mailbox", size(box.size_bytes), null));
  const actions = s.actions.length
    ? el("ol", { class: "summary-actions" }, ...s.actions.map((a) => el("li", { "data-kind": a.kind }, a.text)))
    : el("p", {}, "Nothing to clean up this week.");
  const codes = Object.keys(sent.by_rule);
  const weeks = trend.weeks;
  const sentCard = el("section", { class: "card", "aria-labelledby": "sum-sent-h" }, el("h2", { id: "sum-sent-h" }, "Sent mail"),
    codes.length ? figure("Hints on your sent mail by rule", codes, codes.map((c) => sent.by_rule[c]), hbars) : el("p", {}, "No hints on your sent mail."),
    figure("Messages sent per week", weeks, trend.sent_messages, columns),
    table("Worst examples", ["Message", "Sent", "Rules"], sent.examples.map((e) => [link(e.link, e.subject || "(no subject)"), when(e.date), e.codes.join(", ")])));
  const unread = inbox.unread;
  const inboxCard = el("section", { class: "card", "aria-labelledby": "sum-inbox-h" }, el("h2", { id: "sum-inbox-h" }, "Inbox"),
    el("dl", { class: "headers" },
      el("dt", {}, "Received"), el("dd", { "data-figure": "received" }, String(inbox.received)),
      el("dt", {}, "Unread now"), el("dd", { "data-figure": "unread" }, `${unread.count} (${Object.entries(unread.by_age).map(([k, v]) => `${AGES[k]}: ${v}`).join(", ")})`),
      el("dt", {}, "Only on Cc"), el("dd", { "data-figure": "cc_only" }, String(inbox.cc_only)),
      el("dt", {}, "Newsletters and bulk mail"), el("dd", { "data-figure": "bulk" }, String(inbox.bulk_messages)),
      el("dt", {}, "Chain letters, hoaxes, jokes"), el("dd", { "data-figure": "chain" }, String(inbox.received_chain)),
      el("dt", {}, "Personal mail received"), el("dd", { "data-figure": "personal" }, String(inbox.received_personal))),
    figure("Mail received per week", weeks, trend.received, columns),
    table("Waiting for your reply", ["Message", "Received"], inbox.awaiting_reply.items.map((i) => [link(i.link, i.subject || "(no subject)"), when(i.date)])),
    table("Newsletters and bulk senders", ["Sender", "Messages", "Unsubscribe"], inbox.bulk_senders.map((b) => [b.name ? `${b.name} <${b.sender}>` : b.sender, String(b.count), b.unsubscribe ? link(b.unsubscribe, "Unsubscribe") : "no link"])));
  const shown = box.folders.filter((f) => f.size_bytes).slice(0, 8);
  const boxCard = el("section", { class: "card", "aria-labelledby": "sum-box-h" }, el("h2", { id: "sum-box-h" }, "Mailbox"),
    el("p", { "data-figure": "size" }, `${size(box.size_bytes)}${box.quota_bytes ? ` of ${size(box.quota_bytes)}` : " (the server does not report a quota)"}`),
    shown.length ? figure("Folder sizes in KB", shown.map((f) => f.name), shown.map((f) => Math.round(f.size_bytes / 1024)), hbars, " KB") : null,
    table("Largest items", ["Message", "Size", "Attachments"], box.largest.map((i) => [link(i.link, i.subject || "(no subject)"), size(i.size), i.attachments.map((a) => `${a.name} (${size(a.size)})`).join("; ")])),
    el("p", { "data-figure": "old_drafts" }, `Drafts older than 14 days: ${box.old_drafts.count}`));
  root.replaceChildren(
    el("p", { class: "muted" }, `${s.account} · ${s.week} · private to you`), stats,
    el("section", { class: "card", "aria-labelledby": "sum-actions-h" }, el("h2", { id: "sum-actions-h" }, "Suggested actions"), actions),
    sentCard, inboxCard, boxCard);
}

async function load(week) {
  const mine = ++seq;
  $("summary-status").textContent = "Reading your mailbox…";
  $("summary-body").setAttribute("aria-busy", "true");
  try {
    const s = await get(week ? `summary?week=${encodeURIComponent(week)}` : "summary");
    if (mine !== seq) return;
    loaded = week;
    if (!$("summary-week").value) $("summary-week").value = s.week;
    render(s);
    $("summary-status").textContent = `Summary for ${s.week}.`;
  } catch (err) {
    if (mine === seq) $("summary-status").textContent = `Could not make the summary: ${err.message}`;
  } finally {
    if (mine === seq) $("summary-body").removeAttribute("aria-busy");
  }
}

export function init() {
  $("summary-form").addEventListener("submit", (e) => {
    e.preventDefault();
    load($("summary-week").value.trim());
  });
}

export function enter() {
  if (loaded === null) load("");
}
