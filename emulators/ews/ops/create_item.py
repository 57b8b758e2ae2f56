"""CreateItem: save a draft (SaveOnly), or send (SendOnly / SendAndSaveCopy)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from lxml import etree

from emulators.ews.items import estimate_size, parse_message
from emulators.ews.ops.common import Context, saved_folder
from emulators.ews.soap import M, T, ResponseError, attr, error, response, success
from emulators.ews.store import now_utc

OPERATION = "CreateItem"
DISPOSITIONS = ("SaveOnly", "SendOnly", "SendAndSaveCopy")


def owner_mailbox(ctx: Context) -> list[str]:
    return [ctx.store.owner_name, ctx.store.owner, "Mailbox"]


def deliver_copies(ctx: Context, values: dict[str, Any]) -> None:
    """Mail the owner sends to themselves arrives in their Inbox (the rest leaves the emulator)."""
    rcpts = [r for key in ("to_json", "cc_json", "bcc_json") for r in values.get(key) or []]
    if any(r[1].lower() == ctx.store.owner for r in rcpts):
        copy = {k: v for k, v in values.items() if k != "bcc_json"}
        copy.update(is_draft=False, is_read=False, received=now_utc())
        ctx.store.add_item(ctx.store.folder_id("inbox"), copy)


def check_sendable(values: dict[str, Any]) -> None:
    if not any(values.get(k) for k in ("to_json", "cc_json", "bcc_json")):
        raise ResponseError("ErrorInvalidRecipients", "At least one recipient isn't valid.")


def send_draft(ctx: Context, body: etree._Element, row: sqlite3.Row, save_copy: bool) -> None:
    """Send the stored draft ``row`` (SendItem, UpdateItem with a send disposition): into Sent
    Items (or the request's SavedItemFolderId) with ``save_copy``, otherwise deleted."""
    rcpts = {k: json.loads(row[k] or "[]") for k in ("to_json", "cc_json", "bcc_json")}
    check_sendable(rcpts)
    if save_copy:
        ctx.store.move_item(row["id"], saved_folder(ctx, body, "sentitems")["id"],
                            {"is_draft": False, "sent": now_utc()})
    else:
        ctx.store.delete_item(row["id"])
    deliver_copies(ctx, {**rcpts, "subject": row["subject"], "body": row["body"],
                         "body_type": row["body_type"], "from_json": json.loads(row["from_json"] or "null")})


def handle(ctx: Context, body: etree._Element) -> str:
    disposition = body.get("MessageDisposition", "SaveOnly")
    if disposition not in DISPOSITIONS:
        raise ResponseError("ErrorInvalidRequest", f"Invalid MessageDisposition {disposition!r}.")
    items = body.find(f"{M}Items")
    if items is None:
        raise ResponseError("ErrorInvalidRequest", "CreateItem needs Items.")
    messages = []
    for elem in items:
        if not isinstance(elem.tag, str):
            continue
        try:
            if elem.tag != f"{T}Message":
                raise ResponseError("ErrorInvalidRequest", "Only Message items are supported by this server.")
            values = parse_message(elem)
            values.setdefault("from_json", owner_mailbox(ctx))
            values.setdefault("sender_json", values["from_json"])
            values.setdefault("conversation_topic", values.get("subject", ""))
            if "mime" not in values:
                values["size"] = estimate_size(values)
            if disposition == "SaveOnly":
                folder = saved_folder(ctx, body, "drafts")
                # A saved message is an unsent, read draft unless the client set PR_MESSAGE_FLAGS
                # (IMAP gateways file mail into any folder that way).
                values.setdefault("is_draft", True)
                values.setdefault("is_read", True)
                item_id, ck = ctx.store.add_item(folder["id"], values)
                messages.append(
                    success(OPERATION, f"<m:Items><t:Message><t:ItemId Id={attr(item_id)} ChangeKey={attr(ck)}/>"
                                       "</t:Message></m:Items>")
                )
                continue
            check_sendable(values)
            values.update(is_draft=False, is_read=True, sent=now_utc(), received=now_utc())
            if disposition == "SendAndSaveCopy":
                ctx.store.add_item(saved_folder(ctx, body, "sentitems")["id"], values)
            deliver_copies(ctx, values)
            messages.append(success(OPERATION, "<m:Items/>"))
        except ResponseError as err:
            messages.append(error(OPERATION, err, "<m:Items/>"))
    return response(OPERATION, messages)
