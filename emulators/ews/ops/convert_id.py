"""ConvertId: the cheapest request; clients use it to probe the server version."""

from __future__ import annotations

from lxml import etree

from emulators.ews.ops.common import Context
from emulators.ews.soap import M, ResponseError, attr, error, response, success

OPERATION = "ConvertId"


def handle(ctx: Context, body: etree._Element) -> str:
    dest = body.get("DestinationFormat", "EwsId")
    ids = body.find(f"{M}SourceIds")
    messages = []
    for src in ids if ids is not None else []:
        if not isinstance(src.tag, str):
            continue
        item_id = src.get("Id", "")
        if ctx.store.get_item(item_id) is None:
            messages.append(error(OPERATION, ResponseError("ErrorInvalidIdMalformed", "Id is malformed.")))
            continue
        messages.append(
            success(
                OPERATION,
                f'<m:AlternateId xsi:type="t:AlternateIdType" Format="{dest}" Id={attr(item_id)} '
                f'Mailbox={attr(ctx.store.owner)}/>',
            )
        )
    return response(OPERATION, messages)
