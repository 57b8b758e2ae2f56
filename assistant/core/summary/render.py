"""The summary as plain text and as an HTML report that mail clients render.

The HTML uses inline styles and tables only (Outlook's Word engine ignores
<style> blocks and most CSS layout), inline SVG charts with their figures as
text beside them, and no external resource.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from assistant.core.summary.charts import alt_text, column_chart, hbar_chart

_AGE = {"this_week": "under a week", "1_4_weeks": "1-4 weeks", "older": "older than 4 weeks"}
TREND_ROWS = (("sent_messages", "Sent"), ("received", "Received"), ("cc_only", "Only on Cc"),
              ("sent_hints", "Hints on sent mail"), ("unread", "Unread"))


def human_size(n: int | None) -> str:
    if n is None:
        return "not reported"
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def _date(value: str | None) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).strftime("%a %d %b %H:%M")


def _vs(trend: dict[str, Any], metric: str) -> str:
    values = trend.get(metric) or []
    prev = values[-2] if len(values) >= 2 else None
    return "" if prev is None else f" (last week {prev})"


def to_text(s: dict[str, Any]) -> str:
    sent, inbox, box, trend = s["sent"], s["inbox"], s["mailbox"], s["trend"]
    lines = [f"Weekly mail summary {s['week']}" + (f" for {s['account']}" if s.get("account") else ""), ""]
    lines.append("Sent mail")
    lines.append(f"  messages sent: {sent['messages']}{_vs(trend, 'sent_messages')}")
    lines.append(f"  with hints: {sent['with_hints']}, hints: {sent['hints']}{_vs(trend, 'sent_hints')}")
    for code, n in sent["by_rule"].items():
        lines.append(f"    {code}: {n}")
    for ex in sent["examples"]:
        lines.append(f"  example: {ex['subject'] or '(no subject)'} ({_date(ex.get('date'))}; "
                     f"{', '.join(ex['codes'])}) {ex['link']}")
    lines += ["", "Inbox"]
    unread = inbox["unread"]
    ages = ", ".join(f"{_AGE[k]} {v}" for k, v in unread["by_age"].items())
    lines.append(f"  received this week: {inbox['received']}{_vs(trend, 'received')}")
    lines.append(f"  unread now: {unread['count']}{_vs(trend, 'unread')} ({ages})")
    lines.append(f"  waiting for your reply: {inbox['awaiting_reply']['count']}")
    for item in inbox["awaiting_reply"]["items"]:
        lines.append(f"    {item['subject'] or '(no subject)'} ({_date(item.get('date'))}) {item['link']}")
    lines.append(f"  only on Cc: {inbox['cc_only']}{_vs(trend, 'cc_only')}")
    lines.append(f"  newsletters and bulk mail: {inbox['bulk_messages']} from {len(inbox['bulk_senders'])} sender(s)")
    for b in inbox["bulk_senders"]:
        lines.append(f"    {b['count']:>3}  {b['sender']}  {b['unsubscribe'] or '(no unsubscribe link)'}")
    lines.append(f"  chain letters, hoaxes and jokes received: {inbox['received_chain']}")
    lines.append(f"  personal mail received: {inbox['received_personal']}")
    lines += ["", "Mailbox"]
    quota = f" of {human_size(box['quota_bytes'])}" if box["quota_bytes"] else " (quota not reported)"
    lines.append(f"  size: {human_size(box['size_bytes'])}{quota}")
    for f in box["folders"]:
        lines.append(f"    {human_size(f['size_bytes']):>9}  {f['items']:>6} items  {f['name']}")
    for item in box["largest"]:
        atts = "; ".join(f"{a['name']} {human_size(a['size'])}" for a in item["attachments"])
        lines.append(f"  large: {human_size(item['size'])} {item['subject'] or '(no subject)'}"
                     + (f" [{atts}]" if atts else ""))
    lines.append(f"  drafts older than 14 days: {box['old_drafts']['count']}")
    if box["retention_days"] is not None:
        lines.append(f"  older than {box['retention_days']} days: {box['older_than_retention']}")
    lines += ["", "Trend (" + ", ".join(trend["weeks"]) + ")"]
    for metric, label in TREND_ROWS:
        lines.append(f"  {label}: " + ", ".join("-" if v is None else str(v) for v in trend[metric]))
    lines += ["", "Suggested actions"]
    if not s["actions"]:
        lines.append("  Nothing to clean up this week.")
    for i, a in enumerate(s["actions"], 1):
        lines.append(f"  {i}. {a['text']}")
    return "\n".join(lines) + "\n"


# -- HTML ------------------------------------------------------------------------------------
_FONT = "font-family:Segoe UI,Arial,sans-serif;color:#1a1a1a"
_H2 = f'style="{_FONT};font-size:17px;margin:22px 0 6px 0;border-bottom:1px solid #c8d3e1;padding-bottom:3px"'
_TD = 'style="padding:3px 8px;border-bottom:1px solid #e3e8ef;font-size:13px;vertical-align:top"'
_TDN = 'style="padding:3px 8px;border-bottom:1px solid #e3e8ef;font-size:13px;text-align:right"'
_TH = 'style="padding:3px 8px;text-align:left;font-size:12px;color:#555;border-bottom:1px solid #c8d3e1"'


def _link(href: str, label: str) -> str:
    if not href:
        return escape(label)
    return f'<a href="{escape(href)}" style="color:#1d4f91">{escape(label)}</a>'


def _table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    if not rows:
        return f'<p style="{_FONT};font-size:13px;margin:4px 0">None.</p>'
    th = "".join(f"<th {_TH}>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td {_TDN if i in numeric else _TD}>{c}</td>" for i, c in enumerate(r))
                   + "</tr>" for r in rows)
    return (f'<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;'
            f'{_FONT};margin:4px 0 8px 0"><tr>{th}</tr>{body}</table>')


def _figure(svg: str, alt: str) -> str:
    return (f'<div style="margin:6px 0">{svg}<p style="{_FONT};font-size:12px;color:#555;margin:2px 0 8px 0">'
            f"{escape(alt)}</p></div>")


def _stat(label: str, value: Any, note: str = "") -> str:
    return (f'<td style="padding:8px 14px 8px 0;vertical-align:top"><div style="{_FONT};font-size:24px;'
            f'font-weight:bold">{escape(str(value))}</div><div style="{_FONT};font-size:12px;color:#555">'
            f"{escape(label)}{escape(note)}</div></td>")


def to_html(s: dict[str, Any]) -> str:
    sent, inbox, box, trend = s["sent"], s["inbox"], s["mailbox"], s["trend"]
    weeks = [w.split("-")[1] for w in trend["weeks"]]
    parts = [f'<h1 style="{_FONT};font-size:22px;margin:0 0 4px 0">Weekly mail summary {escape(s["week"])}</h1>',
             f'<p style="{_FONT};font-size:13px;color:#555;margin:0 0 10px 0">'
             f"{escape(s.get('account') or '')} &middot; BP 1114 inbox hygiene &middot; private to you</p>"]
    parts.append('<table role="presentation" cellpadding="0" cellspacing="0"><tr>'
                 + _stat("sent", sent["messages"], _vs(trend, "sent_messages"))
                 + _stat("hints on sent mail", sent["hints"], _vs(trend, "sent_hints"))
                 + _stat("unread now", inbox["unread"]["count"], _vs(trend, "unread"))
                 + _stat("waiting for reply", inbox["awaiting_reply"]["count"])
                 + _stat("mailbox", human_size(box["size_bytes"])) + "</tr></table>")
    parts.append(f"<h2 {_H2}>Suggested actions</h2>")
    if s["actions"]:
        parts.append(f'<ol style="{_FONT};font-size:14px;margin:4px 0 4px 20px;padding:0">'
                     + "".join(f'<li style="margin:3px 0">{escape(a["text"])}</li>' for a in s["actions"]) + "</ol>")
    else:
        parts.append(f'<p style="{_FONT};font-size:14px">Nothing to clean up this week.</p>')
    # Sent mail
    parts.append(f"<h2 {_H2}>Sent mail</h2>")
    codes, counts = list(sent["by_rule"]), list(sent["by_rule"].values())
    if codes:
        title = "Hints on your sent mail by rule"
        parts.append(_figure(hbar_chart("sent-rules", title, codes, counts), alt_text(title, codes, counts)))
    parts.append(_table(["Worst examples", "Sent", "Rules"], [
        [_link(e["link"], e["subject"] or "(no subject)"), escape(_date(e.get("date"))), escape(", ".join(e["codes"]))]
        for e in sent["examples"]]))
    title = "Messages sent per week"
    parts.append(_figure(column_chart("sent-trend", title, weeks, trend["sent_messages"]),
                         alt_text(title, trend["weeks"], trend["sent_messages"])))
    # Inbox
    parts.append(f"<h2 {_H2}>Inbox</h2>")
    unread = inbox["unread"]
    parts.append(_table(["", "This week"], [
        ["Received", str(inbox["received"]) + escape(_vs(trend, "received"))],
        ["Unread now", f"{unread['count']} ({', '.join(f'{_AGE[k]}: {v}' for k, v in unread['by_age'].items())})"],
        ["Only on Cc", str(inbox["cc_only"]) + escape(_vs(trend, "cc_only"))],
        ["Newsletters and bulk mail", str(inbox["bulk_messages"])],
        ["Chain letters, hoaxes, jokes", str(inbox["received_chain"])],
        ["Personal mail received", str(inbox["received_personal"])],
    ]))
    title = "Mail received per week"
    parts.append(_figure(column_chart("received-trend", title, weeks, trend["received"]),
                         alt_text(title, trend["weeks"], trend["received"])))
    parts.append(f'<h3 style="{_FONT};font-size:14px;margin:10px 0 2px 0">Waiting for your reply</h3>')
    parts.append(_table(["Message", "Received"], [
        [_link(i["link"], i["subject"] or "(no subject)"), escape(_date(i.get("date")))]
        for i in inbox["awaiting_reply"]["items"]]))
    parts.append(f'<h3 style="{_FONT};font-size:14px;margin:10px 0 2px 0">Newsletters and bulk senders</h3>')
    parts.append(_table(["Sender", "Messages", "Unsubscribe"], [
        [escape(b["name"] or b["sender"]) + (f' <span style="color:#555">{escape(b["sender"])}</span>'
                                              if b["name"] else ""),
         str(b["count"]), _link(b["unsubscribe"] or "", "unsubscribe") if b["unsubscribe"] else "no link"]
        for b in inbox["bulk_senders"]], numeric={1}))
    # Mailbox
    parts.append(f"<h2 {_H2}>Mailbox</h2>")
    quota = f" of {human_size(box['quota_bytes'])}" if box["quota_bytes"] else " (the server does not report a quota)"
    parts.append(f'<p style="{_FONT};font-size:14px;margin:4px 0">{escape(human_size(box["size_bytes"]) + quota)}</p>')
    shown = [f for f in box["folders"] if f["size_bytes"]][:8]
    if shown:
        title = "Folder sizes in KB"
        names, kb = [f["name"] for f in shown], [round(f["size_bytes"] / 1024) for f in shown]
        parts.append(_figure(hbar_chart("folders", title, names, kb, " KB"), alt_text(title, names, kb, " KB")))
    parts.append(_table(["Largest items", "Size", "Attachments"], [
        [_link(i["link"], i["subject"] or "(no subject)"), human_size(i["size"]),
         escape("; ".join(f"{a['name']} ({human_size(a['size'])})" for a in i["attachments"]))]
        for i in box["largest"]], numeric={1}))
    parts.append(f'<p style="{_FONT};font-size:13px">Drafts older than 14 days: {box["old_drafts"]["count"]}</p>')
    parts.append(f"<h2 {_H2}>Four-week trend</h2>")
    parts.append(_table(["", *trend["weeks"]], [
        [escape(label), *("&ndash;" if v is None else str(v) for v in trend[m])] for m, label in TREND_ROWS],
        numeric=set(range(1, 6))))
    body = "".join(parts)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Weekly mail summary {escape(s['week'])}</title></head>"
            '<body style="margin:0;padding:0;background:#f4f6f9">'
            '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f6f9">'
            '<tr><td align="center" style="padding:16px">'
            '<table role="presentation" width="680" cellpadding="0" cellspacing="0" '
            'style="background:#ffffff;border:1px solid #d5dde8"><tr><td style="padding:20px 24px">'
            f"{body}</td></tr></table></td></tr></table></body></html>")
