"""DeleteItem: HardDelete, SoftDelete, or MoveToDeletedItems."""

from __future__ import annotations

from lxml import etree

from emulators.ews.ops.common import Context, find_item_row, item_refs
from emulators.ews.soap import M, ResponseError, error, response, success

OPERATION = "DeleteItem"


def handle(ctx: Context, body: etree._Element) -> str:
    delete_type = body.get("DeleteType", "")
    if delete_type not in ("HardDelete", "SoftDelete", "MoveToDeletedItems"):
        raise ResponseError("ErrorInvalidRequest", f"Invalid DeleteType {delete_type!r}.")
    messages = []
    for ref in item_refs(body.find(f"{M}ItemIds")):
        try:
            row = find_item_row(ctx, ref)
            if delete_type == "MoveToDeletedItems":
                ctx.store.move_item(row["id"], ctx.store.folder_id("deleteditems"))
            else:
                ctx.store.delete_item(row["id"])
            messages.append(success(OPERATION))
        except ResponseError as err:
            messages.append(error(OPERATION, err))
    return response(OPERATION, messages)
