"""Graph ``message`` and ``mailFolder`` resources <-> rows of the SQLite mailbox.

Ids: the store's ids are standard base64 (with ``+`` and ``/``); Graph's REST ids are
the URL-safe spelling of the same bytes, so the mapping is a character swap.
ETags: ``W/"<changeKey>"``, the item's ChangeKey as Exchange Online shows it.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from typing import Any, Iterable

from emulators.graph.errors import bad_request

MESSAGE_PROPERTIES = (
    "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "receivedDateTime",
    "sentDateTime", "hasAttachments", "internetMessageId", "subject", "bodyPreview", "importance",
    "parentFolderId", "conversationId", "isDeliveryReceiptRequested", "isReadReceiptRequested", "isRead",
    "isDraft", "webLink", "inferenceClassification", "body", "sender", "from", "toRecipients", "ccRecipients",
    "bccRecipients", "replyTo", "flag",
)
_LOWER = {p.lower(): p for p in MESSAGE_PROPERTIES}
# Extended MAPI properties the emulator can show (singleValueExtendedProperties).
EXTENDED = {"integer 0xe08": ("size", "Integer 0xe08"), "string 0x1042": ("in_reply_to", "String 0x1042")}
_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


def graph_id(store_id: str) -> str:
    return store_id.replace("+", "-").replace("/", "_")


def store_id(gid: str) -> str:
    return gid.replace("-", "+").replace("_", "/")


def etag(change_key: str) -> str:
    return f'W/"{change_key}"'


def parse_select(value: str | None, allowed: dict[str, str] = _LOWER, kind: str = "message") -> list[str] | None:
    if not value:
        return None
    out = []
    for name in (p.strip() for p in value.split(",")):
        if not name:
            continue
        prop = allowed.get(name.lower())
        if prop is None:
            raise bad_request(f"Could not find a property named '{name}' on type 'microsoft.graph.{kind}'.",
                              "RequestBroker--ParseUri")
        out.append(prop)
    return out


def parse_expand(value: str | None) -> tuple[bool, list[tuple[str, str]]]:
    """($expand=attachments?, the extended properties asked for as (column, Graph id))."""
    if not value:
        return False, []
    attachments = bool(re.search(r"(^|,)\s*attachments\b", value, re.I))
    extended = []
    if re.search(r"singleValueExtendedProperties", value, re.I):
        for m in re.finditer(r"'((?:Integer|String) 0x[0-9a-f]+)'", value, re.I):
            kind, _, num = m.group(1).partition(" ")
            key = f"{kind.lower()} 0x{int(num, 16):x}"
            if key not in EXTENDED:
                raise bad_request(f"The extended property '{m.group(1)}' is not supported by this emulator.")
            extended.append(EXTENDED[key])
    elif not attachments:
        raise bad_request(f"Parsing OData Select and Expand failed: Could not find a property named "
                          f"'{value}' on type 'microsoft.graph.message'.", "BadRequest")
    return attachments, extended


def _address(rec: Any) -> dict[str, Any] | None:
    if not rec:
        return None
    name, addr = rec[0], rec[1]
    return {"emailAddress": {"name": name or addr, "address": addr}}


def _addresses(raw: str | None) -> list[dict[str, Any]]:
    return [a for a in (_address(r) for r in json.loads(raw or "[]")) if a]


def preview(body: str, body_type: str) -> str:
    text = _TAG_RE.sub(" ", body) if body_type == "HTML" else body
    return _SPACE_RE.sub(" ", html.unescape(text)).strip()[:255]


def render_message(row: sqlite3.Row, change_key: str, folder_gid: str, select: list[str] | None = None,
                   attachments: bool = False, extended: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """One message as Graph returns it (only ``select``ed properties, plus id and @odata.etag)."""
    full: dict[str, Any] = {
        "id": graph_id(row["id"]),
        "createdDateTime": row["created"],
        "lastModifiedDateTime": row["modified"],
        "changeKey": change_key,
        "categories": json.loads(row["categories_json"] or "[]"),
        "receivedDateTime": row["received"],
        "sentDateTime": row["sent"],
        "hasAttachments": bool(row["has_attachments"]),
        "internetMessageId": row["message_id"],
        "subject": row["subject"],
        "bodyPreview": preview(row["body"], row["body_type"]),
        "importance": (row["importance"] or "Normal").lower(),
        "parentFolderId": folder_gid,
        "conversationId": graph_id(row["conversation_index"] or row["id"][:24]),
        "isDeliveryReceiptRequested": bool(row["delivery_receipt"]),
        "isReadReceiptRequested": bool(row["read_receipt"]),
        "isRead": bool(row["is_read"]),
        "isDraft": bool(row["is_draft"]),
        "webLink": f"https://outlook.office365.com/owa/?ItemID={graph_id(row['id'])}&exvsurl=1&viewmodel=ReadMessageItem",
        "inferenceClassification": "focused",
        "body": {"contentType": "html" if row["body_type"] == "HTML" else "text", "content": row["body"]},
        "sender": _address(json.loads(row["sender_json"] or "null")),
        "from": _address(json.loads(row["from_json"] or "null")),
        "toRecipients": _addresses(row["to_json"]),
        "ccRecipients": _addresses(row["cc_json"]),
        "bccRecipients": _addresses(row["bcc_json"]),
        "replyTo": _addresses(row["reply_to_json"]),
        "flag": {"flagStatus": "notFlagged"},
    }
    out: dict[str, Any] = {"@odata.etag": etag(change_key)}
    if select is None:
        out.update(full)
    else:
        out["id"] = full["id"]
        out.update({p: full[p] for p in select})
    if attachments:
        out["attachments"] = [
            {"@odata.type": "#microsoft.graph.fileAttachment", "id": f"{graph_id(row['id'])}-{n}",
             "name": a.get("name", ""), "contentType": a.get("content_type", "application/octet-stream"),
             "size": int(a.get("size", 0)), "isInline": bool(a.get("inline", False))}
            for n, a in enumerate(json.loads(row["attachments_json"] or "[]"))]
    ext = [{"id": gid, "value": str(row[col])} for col, gid in extended if row[col] is not None]
    if extended:
        out["singleValueExtendedProperties"] = ext
    return out


def _recipients_in(value: Any, prop: str) -> list[list[str]]:
    if not isinstance(value, list):
        raise bad_request(f"Invalid value for property '{prop}': a collection of recipients is expected.",
                          "ErrorInvalidProperty")
    out = []
    for r in value:
        ea = (r or {}).get("emailAddress") if isinstance(r, dict) else None
        addr = (ea or {}).get("address")
        if not isinstance(addr, str) or "@" not in addr:
            raise bad_request(f"At least one recipient in '{prop}' is not valid.", "ErrorInvalidRecipients")
        out.append([ea.get("name") or "", addr, "Mailbox"])
    return out


_WRITABLE = {"subject", "body", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "importance", "isRead",
             "categories", "from", "sender", "isDeliveryReceiptRequested", "isReadReceiptRequested", "flag",
             "internetMessageId"}


def values_from_json(data: Any) -> dict[str, Any]:
    """Store column values from a Graph message body (create or PATCH)."""
    if not isinstance(data, dict):
        raise bad_request("Empty Payload. JSON content expected.", "ErrorInvalidRequest")
    vals: dict[str, Any] = {}
    for key, value in data.items():
        if key.startswith("@odata"):
            continue
        if key not in _WRITABLE:
            if key in MESSAGE_PROPERTIES:
                raise bad_request(f"The property '{key}' is read-only and cannot be set.", "ErrorInvalidProperty")
            raise bad_request(f"The property '{key}' does not exist on type 'microsoft.graph.message'. Make sure "
                              "to only use property names that are defined by the type.", "RequestBroker--ParseUri")
        if key == "subject":
            vals["subject"] = str(value or "")
        elif key == "body":
            if not isinstance(value, dict):
                raise bad_request("Invalid value for property 'body'.", "ErrorInvalidProperty")
            ctype = str(value.get("contentType", "text")).lower()
            vals["body"] = str(value.get("content") or "")
            vals["body_type"] = "HTML" if ctype == "html" else "Text"
        elif key in ("toRecipients", "ccRecipients", "bccRecipients", "replyTo"):
            col = {"toRecipients": "to_json", "ccRecipients": "cc_json", "bccRecipients": "bcc_json",
                   "replyTo": "reply_to_json"}[key]
            vals[col] = _recipients_in(value, key)
        elif key in ("from", "sender"):
            rec = _recipients_in([value], key)[0] if value else None
            vals["from_json" if key == "from" else "sender_json"] = rec
        elif key == "importance":
            if str(value).lower() not in ("low", "normal", "high"):
                raise bad_request(f"Invalid value '{value}' for property 'importance'.", "ErrorInvalidProperty")
            vals["importance"] = str(value).capitalize()
        elif key == "isRead":
            vals["is_read"] = bool(value)
        elif key == "categories":
            vals["categories_json"] = list(value or [])
        elif key == "isDeliveryReceiptRequested":
            vals["delivery_receipt"] = bool(value)
        elif key == "isReadReceiptRequested":
            vals["read_receipt"] = bool(value)
        elif key == "internetMessageId":
            vals["message_id"] = str(value)
    return vals


FOLDER_PROPERTIES = ("id", "displayName", "parentFolderId", "childFolderCount", "unreadItemCount",
                     "totalItemCount", "sizeInBytes", "isHidden")
FOLDER_LOWER = {p.lower(): p for p in FOLDER_PROPERTIES}


def render_folder(row: sqlite3.Row, counts: tuple[int, int, int], select: list[str] | None = None) -> dict[str, Any]:
    total, unread, children = counts
    full = {"id": graph_id(row["id"]), "displayName": row["display_name"],
            "parentFolderId": graph_id(row["parent_id"]) if row["parent_id"] else None,
            "childFolderCount": children, "unreadItemCount": unread, "totalItemCount": total,
            "sizeInBytes": 0, "isHidden": False}
    return full if select is None else {"id": full["id"], **{p: full[p] for p in select}}
