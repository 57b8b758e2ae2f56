"""SendItem: send existing drafts, saving them to Sent Items or not."""

from __future__ import annotations

import json

from lxml import etree

from emulators.ews.ops.common import Context, find_item_row, item_refs, saved_folder
from emulators.ews.ops.create_item import check_sendable, deliver_copies
from emulators.ews.soap import M, ResponseError, to_bool, error, response, success
from emulators.ews.store import now_utc

OPERATION = "SendItem"


def handle(ctx: Context, body: etree._Element) -> str:
    save = to_bool(body.get("SaveItemToFolder", "true"))
    messages = []
    for ref in item_refs(body.find(f"{M}ItemIds")):
        try:
            row = find_item_row(ctx, ref, check_change_key=True)
            if not row["is_draft"]:
                raise ResponseError("ErrorInvalidOperation", "Only draft items can be sent.")
            rcpts = {k: json.loads(row[k] or "[]") for k in ("to_json", "cc_json", "bcc_json")}
            check_sendable(rcpts)
            if save:
                ctx.store.move_item(row["id"], saved_folder(ctx, body, "sentitems")["id"],
                                    {"is_draft": False, "sent": now_utc()})
            else:
                ctx.store.delete_item(row["id"])
            deliver_copies(ctx, {**rcpts, "subject": row["subject"], "body": row["body"],
                                 "body_type": row["body_type"], "from_json": json.loads(row["from_json"] or "null")})
            messages.append(success(OPERATION))
        except ResponseError as err:
            messages.append(error(OPERATION, err))
    return response(OPERATION, messages)
