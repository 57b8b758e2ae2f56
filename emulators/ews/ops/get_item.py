"""GetItem: items by id with the requested shape (bodies as HTML, Text or Best)."""

from __future__ import annotations

from lxml import etree

from emulators.ews.items import Shape, item_xml
from emulators.ews.ops.common import Context, find_item_row, item_refs
from emulators.ews.soap import M, ResponseError, error, response, success

OPERATION = "GetItem"


def handle(ctx: Context, body: etree._Element) -> str:
    shape = Shape(body.find(f"{M}ItemShape"), for_find=False)
    messages = []
    for ref in item_refs(body.find(f"{M}ItemIds")):
        try:
            row = find_item_row(ctx, ref)
        except ResponseError as err:
            messages.append(error(OPERATION, err, "<m:Items/>"))
            continue
        messages.append(success(OPERATION, f"<m:Items>{item_xml(ctx.store, row, shape)}</m:Items>"))
    return response(OPERATION, messages)
