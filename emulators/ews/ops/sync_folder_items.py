"""SyncFolderItems: what changed in a folder since a sync state.

The sync state is an opaque token holding the change-log position; the first
call (no state) reports every item in the folder as created.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from emulators.ews.items import Shape, item_xml
from emulators.ews.ops.common import Context, resolve_folder
from emulators.ews.soap import M, ResponseError, attr, response, success

OPERATION = "SyncFolderItems"


def _encode(folder_id: str, seq: int, pending: list[str]) -> str:
    raw = f"{folder_id}|{seq}|{','.join(pending)}".encode()
    return base64.b64encode(raw).decode()


def _decode(state: str, folder_id: str) -> tuple[int, list[str]]:
    try:
        fid, seq, pending = base64.b64decode(state, validate=True).decode().split("|", 2)
        if fid != folder_id:
            raise ValueError
        return int(seq), [p for p in pending.split(",") if p]
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ResponseError("ErrorInvalidSyncStateData", "Synchronization state data is corrupt or otherwise invalid.") from None


def handle(ctx: Context, body: etree._Element) -> str:
    shape = Shape(body.find(f"{M}ItemShape"), for_find=False)
    ref = body.find(f"{M}SyncFolderId")
    if ref is None or not len(ref):
        raise ResponseError("ErrorInvalidRequest", "SyncFolderItems needs SyncFolderId.")
    folder = resolve_folder(ctx, ref[0])
    try:
        max_changes = int(body.findtext(f"{M}MaxChangesReturned") or "100")
    except ValueError:
        raise ResponseError("ErrorInvalidRequest", "MaxChangesReturned must be a number.") from None
    if not 1 <= max_changes <= 512:
        raise ResponseError("ErrorInvalidSyncStateData" if max_changes > 512 else "ErrorInvalidRequest",
                            "MaxChangesReturned must be between 1 and 512.")
    state = (body.findtext(f"{M}SyncState") or "").strip()
    store = ctx.store
    # A change is (kind, item id); "pending" lists ids already reported as created
    # in an earlier page of an initial sync, so paging stays consistent.
    if not state:
        seq = store.last_seq()
        events = [("create", iid) for iid in store.item_ids_in(folder["id"])]
    else:
        seq, pending = _decode(state, folder["id"])
        if pending:
            events = [("create", iid) for iid in pending]
        else:
            latest: dict[str, str] = {}
            created: set[str] = set()
            more = False
            for s, iid, kind in store.changes_since(folder["id"], seq):
                if iid not in latest and len(latest) >= max_changes:
                    more = True  # the rest comes in the next call, from this position
                    break
                seq = s
                if kind == "create":
                    created.add(iid)
                    latest[iid] = "create"
                elif kind == "delete":
                    latest[iid] = "gone" if iid in created else "delete"
                elif latest.get(iid) != "create":
                    latest[iid] = "readflag" if kind == "readflag" and latest.get(iid) in (None, "readflag") else "update"
            events = [(k, iid) for iid, k in latest.items() if k != "gone"]
            if more:
                return _reply(store, folder, shape, events, seq, [], more=True)
    page, rest = events[:max_changes], events[max_changes:]
    return _reply(store, folder, shape, page, seq, [iid for _, iid in rest], more=bool(rest))


def _reply(store, folder, shape: Shape, page: list[tuple[str, str]], seq: int, pending: list[str], more: bool) -> str:
    parts = []
    for kind, iid in page:
        row = store.get_item(iid) if kind != "delete" else None
        if row is None or row["folder"] != folder["id"]:
            parts.append(f"<t:Delete><t:ItemId Id={attr(iid)}/></t:Delete>")
            continue
        if kind == "readflag":
            parts.append(
                f'<t:ReadFlagChange><t:ItemId Id={attr(iid)} ChangeKey={attr(store.item_change_key(row))}/>'
                f"<t:IsRead>{'true' if row['is_read'] else 'false'}</t:IsRead></t:ReadFlagChange>"
            )
            continue
        tag = "Create" if kind == "create" else "Update"
        parts.append(f"<t:{tag}>{item_xml(store, row, shape)}</t:{tag}>")
    new_state = _encode(folder["id"], seq, pending)
    return response(
        OPERATION,
        [success(OPERATION, f"<m:SyncState>{new_state}</m:SyncState>"
                            f"<m:IncludesLastItemInRange>{'false' if more else 'true'}</m:IncludesLastItemInRange>"
                            f"<m:Changes>{''.join(parts)}</m:Changes>")],
    )
