"""GetFolder: folders by id or distinguished name, with the requested properties."""

from __future__ import annotations

from lxml import etree

from emulators.ews.ops.common import Context, folder_refs, folder_shape, folder_xml, resolve_folder
from emulators.ews.soap import M, ResponseError, error, response, success

OPERATION = "GetFolder"


def handle(ctx: Context, body: etree._Element) -> str:
    props = folder_shape(body.find(f"{M}FolderShape"))
    messages = []
    for ref in folder_refs(body.find(f"{M}FolderIds")):
        try:
            row = resolve_folder(ctx, ref)
        except ResponseError as err:
            messages.append(error(OPERATION, err))
            continue
        messages.append(success(OPERATION, f"<m:Folders>{folder_xml(ctx, row, props)}</m:Folders>"))
    return response(OPERATION, messages)
