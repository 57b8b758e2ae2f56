"""Graph ``message`` JSON <-> the core Draft model and MailItem."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from assistant.core.model import Attachment, ComposeType, Draft, Recipient
from assistant.core.text.subject import is_forward, is_reply
from assistant.mail.backend import MailItem

# What list_drafts / get_draft ask for.
DRAFT_SELECT = ("subject,body,from,sender,toRecipients,ccRecipients,bccRecipients,createdDateTime,"
                "lastModifiedDateTime,hasAttachments")
IN_REPLY_TO = "String 0x1042"  # PidTagInReplyToId: Graph v1.0 has no property for it
SIZE = "Integer 0x0E08"  # PidTagMessageSize: likewise
DRAFT_EXPAND = (f"attachments($select=name,contentType,size,isInline),"
                f"singleValueExtendedProperties($filter=id eq '{IN_REPLY_TO}')")
# MailItem field -> Graph property ($select); size and the counts are special.
ITEM_PROPERTIES = {
    "datetime_received": "receivedDateTime", "datetime_sent": "sentDateTime", "sender": "sender",
    "to_count": "toRecipients", "cc_count": "ccRecipients", "subject": "subject", "is_read": "isRead",
    "has_attachments": "hasAttachments", "importance": "importance", "is_draft": "isDraft",
}


def compose_type(subject: str, in_reply_to: str | None, visible_recipients: int) -> ComposeType:
    """How the draft was started, from what Outlook leaves behind: the subject prefix and
    In-Reply-To (the EWS side's rule, on the core's prefix set; importing the EWS converter
    would load exchangelib, ~50 MB and 0.2 s, into every Graph session). A reply to more
    than one visible recipient can only have come from Reply All."""
    if is_forward(subject) and not is_reply(subject):
        return ComposeType.FORWARD
    if is_reply(subject) or in_reply_to:
        return ComposeType.REPLY_ALL if visible_recipients > 1 else ComposeType.REPLY
    return ComposeType.NEW


def dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def recipient(value: Any) -> Recipient | None:
    ea = (value or {}).get("emailAddress") if isinstance(value, dict) else None
    if not ea or not ea.get("address"):
        return None
    name = ea.get("name") or ""
    return Recipient(address=ea["address"], name="" if name == ea["address"] else name)


def recipients(values: Any) -> tuple[Recipient, ...]:
    return tuple(r for r in (recipient(v) for v in (values or ())) if r is not None)


def extended(msg: dict[str, Any], prop_id: str) -> str | None:
    want = prop_id.lower().replace("0x0", "0x")
    for p in msg.get("singleValueExtendedProperties") or ():
        if str(p.get("id", "")).lower().replace("0x0", "0x") == want:
            return p.get("value")
    return None


def message_to_draft(msg: dict[str, Any]) -> Draft:
    body = msg.get("body") or {}
    content = body.get("content") or ""
    is_html = str(body.get("contentType", "")).lower() == "html"
    to, cc = recipients(msg.get("toRecipients")), recipients(msg.get("ccRecipients"))
    subject = msg.get("subject") or ""
    atts = tuple(
        Attachment(filename=a.get("name") or "", content_type=a.get("contentType") or "application/octet-stream",
                   size=int(a.get("size") or 0), inline=bool(a.get("isInline")), content_id=a.get("contentId") or "")
        for a in (msg.get("attachments") or ()))
    return Draft(
        subject=subject,
        sender=recipient(msg.get("from")) or recipient(msg.get("sender")),
        to=to, cc=cc, bcc=recipients(msg.get("bccRecipients")),
        html=content if is_html else None,
        text=None if is_html else content,
        compose_type=compose_type(subject, extended(msg, IN_REPLY_TO), len(to) + len(cc)),
        attachments=atts,
        date=dt(msg.get("lastModifiedDateTime") or msg.get("createdDateTime")),
        id=msg.get("id"),
        change_key=msg.get("@odata.etag"),
    )


def _addresses(rs: tuple[Recipient, ...]) -> list[dict[str, Any]]:
    return [{"emailAddress": {"address": r.address, **({"name": r.name} if r.name else {})}} for r in rs]


def body_of(draft: Draft) -> dict[str, str]:
    if draft.html is not None:
        return {"contentType": "HTML", "content": draft.html}
    return {"contentType": "Text", "content": draft.text or ""}


def message_json(draft: Draft) -> dict[str, Any]:
    """A new message (create or sendMail)."""
    out: dict[str, Any] = {"subject": draft.subject, "body": body_of(draft)}
    for name, prop in (("to", "toRecipients"), ("cc", "ccRecipients"), ("bcc", "bccRecipients")):
        if getattr(draft, name):
            out[prop] = _addresses(getattr(draft, name))
    return out


def patch_json(original: Draft, new: Draft) -> dict[str, Any]:
    """The PATCH body for what differs between the draft as read and the new one."""
    out: dict[str, Any] = {}
    if new.subject != original.subject:
        out["subject"] = new.subject
    if (new.html, new.text if new.html is None else None) != (
        original.html, original.text if original.html is None else None
    ):
        out["body"] = body_of(new)
    for name, prop in (("to", "toRecipients"), ("cc", "ccRecipients"), ("bcc", "bccRecipients")):
        old_r = [(r.address.lower(), r.name) for r in getattr(original, name)]
        new_r = [(r.address.lower(), r.name) for r in getattr(new, name)]
        if old_r != new_r:
            out[prop] = _addresses(getattr(new, name))
    return out


def message_to_item(msg: dict[str, Any], wanted: set[str]) -> MailItem:
    values: dict[str, Any] = {}
    for f in wanted:
        if f in ("datetime_received", "datetime_sent"):
            values[f] = dt(msg.get(ITEM_PROPERTIES[f]))
        elif f == "sender":
            values[f] = recipient(msg.get("sender")) or recipient(msg.get("from"))
        elif f in ("to_count", "cc_count"):
            values[f] = len(msg.get(ITEM_PROPERTIES[f]) or ())
        elif f == "size":
            size = extended(msg, SIZE)
            values[f] = int(size) if size is not None else None
        elif f == "importance":
            imp = msg.get("importance")
            values[f] = imp.capitalize() if isinstance(imp, str) else None  # EWS spelling: Normal, High, Low
        else:
            values[f] = msg.get(ITEM_PROPERTIES[f])
    return MailItem(id=msg["id"], **values)
