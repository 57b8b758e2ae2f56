"""MimeContent: an item as an RFC 5322 message, and a message a client sends as MIME.

Exchange keeps the MIME a message arrived or was created with and rebuilds it from
the item's properties once they change; so does the emulator (``items.mime``,
cleared by the store when content columns change). Attachments are stored here as
names and sizes only, so a rebuilt message carries them as empty parts.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import email.utils
import json
import sqlite3
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from emulators.ews.soap import ResponseError


def _addresses(raw: str | None) -> list[str]:
    recs = json.loads(raw or "[]")
    if recs and isinstance(recs[0], str):  # a single mailbox record
        recs = [recs]
    return [email.utils.formataddr((r[0] or "", r[1])) for r in recs]


def build(row: sqlite3.Row) -> bytes:
    """The item's MIME: the one it was created with, else one made from its properties."""
    if row["mime"]:
        return bytes(row["mime"])
    msg = EmailMessage(policy=email.policy.SMTP)
    for header, col in (("From", "from_json"), ("Sender", "sender_json"), ("To", "to_json"), ("Cc", "cc_json")):
        values = _addresses(row[col])
        if values and not (header == "Sender" and values == _addresses(row["from_json"])):
            msg[header] = ", ".join(values)
    if row["is_draft"] and _addresses(row["bcc_json"]):
        msg["Bcc"] = ", ".join(_addresses(row["bcc_json"]))  # drafts keep Bcc; sent mail never shows it
    msg["Subject"] = row["subject"] or ""
    when = row["sent"] or row["received"] or row["created"]
    if when:
        msg["Date"] = email.utils.format_datetime(datetime.fromisoformat(when.replace("Z", "+00:00")))
    for header, col in (("Message-ID", "message_id"), ("In-Reply-To", "in_reply_to"), ("References", "refs"),
                        ("Thread-Topic", "conversation_topic")):
        if row[col]:
            msg[header] = row[col]
    if row["importance"] and row["importance"] != "Normal":
        msg["Importance"] = row["importance"].lower()
    if row["is_draft"]:
        msg["X-Unsent"] = "1"  # what Outlook writes on a draft saved as .eml
    body = row["body"] or ""
    msg.set_content(body, subtype="html" if row["body_type"] == "HTML" else "plain", charset="utf-8")
    for att in json.loads(row["attachments_json"] or "[]"):
        maintype, _, subtype = (att.get("content_type") or "application/octet-stream").partition("/")
        msg.add_attachment(b"", maintype=maintype, subtype=subtype or "octet-stream", filename=att.get("name"),
                           disposition="inline" if att.get("inline") else "attachment")
    return msg.as_bytes()


def element(row: sqlite3.Row) -> str:
    return f'<t:MimeContent CharacterSet="UTF-8">{base64.b64encode(build(row)).decode("ascii")}</t:MimeContent>'


def parse(content: str | None) -> dict[str, Any]:
    """Column values from a client's base64 MimeContent (CreateItem); the raw MIME is kept."""
    try:
        raw = base64.b64decode((content or "").strip(), validate=False)
    except (binascii.Error, ValueError):
        raise ResponseError("ErrorMimeContentInvalidBase64String", "The MIME content is not a valid base64 string.") \
            from None
    if not raw.strip():
        raise ResponseError("ErrorMimeContentInvalid", "The MIME content is invalid.")
    from emulators.ews.seed import message_values  # the .eml reader the seeds use

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    values = message_values(msg, draft=False)  # type: ignore[arg-type]
    for flag in ("is_draft", "is_read"):  # set by the disposition or PR_MESSAGE_FLAGS, not by MIME
        values.pop(flag, None)
    values["mime"] = raw
    values["size"] = len(raw)
    return values
