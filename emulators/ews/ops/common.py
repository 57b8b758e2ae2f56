"""Helpers shared by the operation modules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from lxml import etree

from emulators.ews.soap import M, T, ResponseError, attr, text
from emulators.ews.store import MailboxStore, folder_change_key


@dataclass
class Context:
    store: MailboxStore
    api_version: str
    hooks: Any = None  # fault hooks (ChangeKey races)


def resolve_folder(ctx: Context, ref: etree._Element) -> sqlite3.Row:
    """A FolderId or DistinguishedFolderId element -> the folder row."""
    if ref.tag == f"{T}DistinguishedFolderId":
        mailbox = ref.findtext(f"{T}Mailbox/{T}EmailAddress")
        if mailbox and mailbox.strip().lower() != ctx.store.owner:
            raise ResponseError("ErrorNonExistentMailbox", f"No mailbox with such guid or address: {mailbox}")
        row = ctx.store.folder(distinguished=ref.get("Id", ""))
    elif ref.tag == f"{T}FolderId":
        row = ctx.store.folder(id=ref.get("Id", ""))
    else:
        raise ResponseError("ErrorInvalidIdMalformed", "Id is malformed.")
    if row is None:
        raise ResponseError("ErrorFolderNotFound", "The specified folder could not be found in the store.")
    return row


def folder_refs(container: etree._Element | None) -> list[etree._Element]:
    if container is None:
        raise ResponseError("ErrorInvalidRequest", "No folder ids in the request.")
    return [c for c in container if isinstance(c.tag, str)]


def item_refs(container: etree._Element | None) -> list[etree._Element]:
    if container is None:
        raise ResponseError("ErrorInvalidRequest", "No item ids in the request.")
    return [c for c in container if isinstance(c.tag, str)]


def find_item_row(ctx: Context, ref: etree._Element, check_change_key: bool = False) -> sqlite3.Row:
    if ref.tag != f"{T}ItemId":
        raise ResponseError("ErrorInvalidIdMalformed", "Id is malformed.")
    row = ctx.store.get_item(ref.get("Id", ""))
    if row is None:
        raise ResponseError("ErrorItemNotFound", "The specified object was not found in the store.")
    ck = ref.get("ChangeKey")
    if check_change_key and ck and ck != ctx.store.item_change_key(row):
        raise ResponseError(
            "ErrorStaleObject", "The change key passed in the request does not match the current change key."
        )
    return row


FOLDER_PROPS = (
    "folder:ParentFolderId", "folder:FolderClass", "folder:DisplayName", "folder:TotalCount",
    "folder:ChildFolderCount", "folder:EffectiveRights", "folder:UnreadCount", "folder:DistinguishedFolderId",
)
_DEFAULT_FOLDER_PROPS = ("folder:DisplayName", "folder:TotalCount", "folder:ChildFolderCount", "folder:UnreadCount")
_RIGHTS = (
    "<t:EffectiveRights><t:CreateAssociated>true</t:CreateAssociated><t:CreateContents>true</t:CreateContents>"
    "<t:CreateHierarchy>true</t:CreateHierarchy><t:Delete>true</t:Delete><t:Modify>true</t:Modify>"
    "<t:Read>true</t:Read><t:ViewPrivateItems>true</t:ViewPrivateItems></t:EffectiveRights>"
)


def folder_shape(shape: etree._Element | None) -> set[str]:
    if shape is None:
        return set()
    base = (shape.findtext(f"{T}BaseShape") or "IdOnly").strip()
    props: set[str] = set()
    if base in ("Default", "AllProperties"):
        props.update(_DEFAULT_FOLDER_PROPS if base == "Default" else FOLDER_PROPS)
    extra = shape.find(f"{T}AdditionalProperties")
    if extra is not None:
        for p in extra.findall(f"{T}FieldURI"):
            props.add(p.get("FieldURI", ""))
    return props


# The element Exchange answers with for each folder class (types.xsd's BaseFolderType kinds).
_FOLDER_ELEMENTS = {"IPF.Appointment": "CalendarFolder", "IPF.Contact": "ContactsFolder", "IPF.Task": "TasksFolder"}


def folder_xml(ctx: Context, row: sqlite3.Row, props: set[str]) -> str:
    parts = [f'<t:FolderId Id={attr(row["id"])} ChangeKey="{folder_change_key(row["version"])}"/>']
    total, unread, children = ctx.store.folder_counts(row["id"])
    if "folder:ParentFolderId" in props and row["parent_id"]:
        parts.append(f'<t:ParentFolderId Id={attr(row["parent_id"])} ChangeKey="AQAAAA=="/>')
    if "folder:FolderClass" in props:
        parts.append(f"<t:FolderClass>{text(row['folder_class'])}</t:FolderClass>")
    if "folder:DisplayName" in props:
        parts.append(f"<t:DisplayName>{text(row['display_name'])}</t:DisplayName>")
    if "folder:TotalCount" in props:
        parts.append(f"<t:TotalCount>{total}</t:TotalCount>")
    if "folder:ChildFolderCount" in props:
        parts.append(f"<t:ChildFolderCount>{children}</t:ChildFolderCount>")
    if "folder:EffectiveRights" in props:
        parts.append(_RIGHTS)
    if "folder:UnreadCount" in props:
        parts.append(f"<t:UnreadCount>{unread}</t:UnreadCount>")
    if "folder:DistinguishedFolderId" in props and row["distinguished"]:
        parts.append(f"<t:DistinguishedFolderId>{row['distinguished']}</t:DistinguishedFolderId>")
    tag = _FOLDER_ELEMENTS.get(row["folder_class"], "Folder")
    return f"<t:{tag}>{''.join(parts)}</t:{tag}>"


def saved_folder(ctx: Context, body: etree._Element, default: str) -> sqlite3.Row:
    ref = body.find(f"{M}SavedItemFolderId")
    if ref is not None and len(ref):
        return resolve_folder(ctx, ref[0])
    row = ctx.store.folder(distinguished=default)
    assert row is not None
    return row
