"""FindFolder: child folders (Shallow or Deep), paged with IndexedPageFolderView."""

from __future__ import annotations

from lxml import etree

from emulators.ews.ops.common import Context, folder_refs, folder_shape, folder_xml, resolve_folder
from emulators.ews.soap import M, ResponseError, error, response, success

OPERATION = "FindFolder"


def handle(ctx: Context, body: etree._Element) -> str:
    props = folder_shape(body.find(f"{M}FolderShape"))
    deep = body.get("Traversal", "Shallow") == "Deep"
    view = body.find(f"{M}IndexedPageFolderView")
    try:
        offset = int(view.get("Offset", "0")) if view is not None else 0
        limit = int(view.get("MaxEntriesReturned", "0") or 0) if view is not None else 0
    except ValueError:
        raise ResponseError("ErrorInvalidPagingMaxRows", "The paging values are invalid.") from None
    messages = []
    for ref in folder_refs(body.find(f"{M}ParentFolderIds")):
        try:
            parent = resolve_folder(ctx, ref)
        except ResponseError as err:
            messages.append(error(OPERATION, err))
            continue
        children = ctx.store.child_folders(parent["id"], deep)
        page = children[offset : offset + limit] if limit else children[offset:]
        last = offset + len(page) >= len(children)
        next_offset = offset + len(page)
        inner = "".join(folder_xml(ctx, row, props) for row in page)
        messages.append(
            success(
                OPERATION,
                f'<m:RootFolder IndexedPagingOffset="{next_offset}" TotalItemsInView="{len(children)}" '
                f'IncludesLastItemInRange="{"true" if last else "false"}"><t:Folders>{inner}</t:Folders></m:RootFolder>',
            )
        )
    return response(OPERATION, messages)
