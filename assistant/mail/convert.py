"""EWS items (exchangelib objects) <-> the core Draft model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from exchangelib import HTMLBody, Mailbox
from exchangelib.properties import Body

from assistant.core.model import Attachment, ComposeType, Draft, Recipient

# What list_drafts / get_draft ask the server for.
DRAFT_FIELDS = (
    "subject", "body", "author", "sender", "to_recipients", "cc_recipients", "bcc_recipients",
    "in_reply_to", "attachments", "datetime_created", "last_modified_time", "conversation_topic",
)

_REPLY = ("re:", "aw:", "sv:", "r:", "rv:")  # Outlook's localized reply prefixes
_FORWARD = ("fw:", "fwd:", "wg:", "rv:", "tr:", "i:")


def recipient(mb: Any) -> Recipient | None:
    if mb is None or not getattr(mb, "email_address", None):
        return None
    return Recipient(address=mb.email_address, name=mb.name or "")


def _recipients(mbs: Any) -> tuple[Recipient, ...]:
    return tuple(r for r in (recipient(m) for m in (mbs or ())) if r is not None)


def compose_type(subject: str, in_reply_to: str | None, visible_recipients: int = 1) -> ComposeType:
    """EWS does not record how a draft was started; the subject prefix and
    In-Reply-To are what Outlook leaves behind. A reply to more than one
    visible recipient can only have come from Reply All."""
    s = subject.strip().lower()
    if s.startswith(_FORWARD) and not s.startswith(("re:",)):
        return ComposeType.FORWARD
    if s.startswith(_REPLY) or in_reply_to:
        return ComposeType.REPLY_ALL if visible_recipients > 1 else ComposeType.REPLY
    return ComposeType.NEW


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value.isoformat()) if value is not None else None


def item_to_draft(item: Any) -> Draft:
    body = item.body
    html = str(body) if isinstance(body, HTMLBody) else None
    text = str(body) if body is not None and html is None else None
    if html is None and text is None:
        text = ""
    atts = tuple(
        Attachment(
            filename=a.name or "",
            content_type=getattr(a, "content_type", None) or "application/octet-stream",
            size=getattr(a, "size", None) or 0,
            inline=bool(getattr(a, "is_inline", False)),
            content_id=getattr(a, "content_id", None) or "",
        )
        for a in (item.attachments or ())
    )
    subject = item.subject or ""
    to, cc = _recipients(item.to_recipients), _recipients(item.cc_recipients)
    return Draft(
        subject=subject,
        sender=recipient(item.author) or recipient(item.sender),
        to=to,
        cc=cc,
        bcc=_recipients(item.bcc_recipients),
        html=html,
        text=text,
        compose_type=compose_type(subject, item.in_reply_to, len(to) + len(cc)),
        attachments=atts,
        date=_dt(item.last_modified_time or item.datetime_created),
        id=item.id,
        change_key=item.changekey,
    )


def body_of(draft: Draft) -> Body:
    return HTMLBody(draft.html) if draft.html is not None else Body(draft.text or "")


def mailboxes(recipients: tuple[Recipient, ...]) -> list[Mailbox]:
    return [Mailbox(email_address=r.address, name=r.name or None) for r in recipients]


def changed_fields(original: Draft, new: Draft) -> dict[str, Any]:
    """exchangelib field name -> new value, for what actually differs."""
    out: dict[str, Any] = {}
    if new.subject != original.subject:
        out["subject"] = new.subject
    if (new.html, new.text if new.html is None else None) != (
        original.html, original.text if original.html is None else None
    ):
        out["body"] = body_of(new)
    for name in ("to", "cc", "bcc"):
        old_r = [(r.address.lower(), r.name) for r in getattr(original, name)]
        new_r = [(r.address.lower(), r.name) for r in getattr(new, name)]
        if old_r != new_r:
            out[f"{name}_recipients"] = mailboxes(getattr(new, name)) or None
    return out
