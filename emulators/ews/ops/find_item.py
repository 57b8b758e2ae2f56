"""FindItem: a folder's items with a Restriction, SortOrder and IndexedPageItemView.

Like Exchange, FindItem refuses properties it cannot return in a list view
(bodies, recipient lists, attachments) and caps a page at 1,000 items
(the default EWSFindCountLimit throttling policy).
"""

from __future__ import annotations

from lxml import etree

from emulators.ews.items import Shape, item_xml
from emulators.ews.ops.common import Context, folder_refs, resolve_folder
from emulators.ews.restrictions import order_sql, to_sql
from emulators.ews.soap import M, ResponseError, error, response, success

OPERATION = "FindItem"
MAX_PAGE = 1000


def handle(ctx: Context, body: etree._Element) -> str:
    if body.find(f"{M}CalendarView") is not None or body.find(f"{M}ContactsView") is not None:
        raise ResponseError("ErrorInvalidRequest", "Only IndexedPageItemView is supported by this server.")
    shape = Shape(body.find(f"{M}ItemShape"), for_find=True)
    view = body.find(f"{M}IndexedPageItemView")
    offset, limit = 0, MAX_PAGE
    if view is not None:
        try:
            offset = int(view.get("Offset", "0"))
            limit = min(int(view.get("MaxEntriesReturned", str(MAX_PAGE))), MAX_PAGE)
        except ValueError:
            raise ResponseError("ErrorInvalidPagingMaxRows", "The paging values are invalid.") from None
        if view.get("BasePoint", "Beginning") == "End":
            raise ResponseError("ErrorInvalidRequest", "BasePoint End is not supported by this server.")
        if offset < 0 or limit < 1:
            raise ResponseError("ErrorInvalidPagingMaxRows", "The paging values are invalid.")
    where, params = "", []
    restriction = body.find(f"{M}Restriction")
    if restriction is not None and len(restriction):
        where, params = to_sql(restriction[0])
    order = order_sql(body.find(f"{M}SortOrder"))
    if body.find(f"{M}QueryString") is not None:
        raise ResponseError("ErrorInvalidRequest", "QueryString (AQS) is not supported by this server.")
    messages = []
    for ref in folder_refs(body.find(f"{M}ParentFolderIds")):
        try:
            folder = resolve_folder(ctx, ref)
        except ResponseError as err:
            messages.append(error(OPERATION, err))
            continue
        rows, total = ctx.store.find_items(
            folder["id"], where, tuple(params), order, offset, limit, columns=shape.columns()
        )
        end = offset + len(rows)
        last = end >= total
        items = "".join(item_xml(ctx.store, row, shape) for row in rows)
        messages.append(
            success(
                OPERATION,
                f'<m:RootFolder IndexedPagingOffset="{end}" TotalItemsInView="{total}" '
                f'IncludesLastItemInRange="{"true" if last else "false"}"><t:Items>{items}</t:Items></m:RootFolder>',
            )
        )
    return response(OPERATION, messages)
