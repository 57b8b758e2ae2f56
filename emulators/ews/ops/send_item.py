"""SendItem: send existing drafts, saving them to Sent Items or not."""

from __future__ import annotations

from lxml import etree

from emulators.ews.ops.common import Context, find_item_row, item_refs
from emulators.ews.ops.create_item import send_draft
from emulators.ews.soap import M, ResponseError, to_bool, error, response, success

OPERATION = "SendItem"


def handle(ctx: Context, body: etree._Element) -> str:
    save = to_bool(body.get("SaveItemToFolder", "true"))
    messages = []
    for ref in item_refs(body.find(f"{M}ItemIds")):
        try:
            row = find_item_row(ctx, ref, check_change_key=True)
            if not row["is_draft"]:
                raise ResponseError("ErrorInvalidOperation", "Only draft items can be sent.")
            send_draft(ctx, body, row, save_copy=save)
            messages.append(success(OPERATION))
        except ResponseError as err:
            messages.append(error(OPERATION, err))
    return response(OPERATION, messages)
