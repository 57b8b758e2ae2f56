"""Drafts: list, get, create, update (If-Match), delete."""

from __future__ import annotations

import logging

from assistant.core.model import Draft
from assistant.mail.errors import ConflictError, MailError
from assistant.mail.graph.client import GraphClient, path_id
from assistant.mail.graph.convert import DRAFT_EXPAND, DRAFT_SELECT, message_json, message_to_draft, patch_json

log = logging.getLogger(__name__)
PAGE = 1000  # Graph's largest $top for messages


def list_drafts(client: GraphClient) -> list[Draft]:
    params = {"$select": DRAFT_SELECT, "$expand": DRAFT_EXPAND, "$top": PAGE, "$orderby": "lastModifiedDateTime desc"}
    return [message_to_draft(m) for page in client.pages("me/mailFolders/drafts/messages", params)
            for m in page.get("value", [])]


def get_draft(client: GraphClient, item_id: str) -> Draft:
    return message_to_draft(client.get(f"me/messages/{path_id(item_id)}",
                                       {"$select": DRAFT_SELECT, "$expand": DRAFT_EXPAND}))


def update_draft(client: GraphClient, original: Draft, new: Draft) -> Draft:
    """PATCH only what changed, with ``If-Match`` = the ETag read. A 412 (someone edited the
    draft meanwhile) is a ConflictError, so ``fix_server_draft`` re-reads and re-applies.

    A retry after a lost answer is safe (the ETag has moved, so it conflicts rather than
    writing twice); that conflict is resolved by re-reading: if the server holds exactly
    what we wrote, the write landed; otherwise the error says ``maybe_written``."""
    if not original.id or not original.change_key:
        raise MailError("the draft has no server id/ETag; read it with get_draft first")
    body = patch_json(original, new)
    if not body:
        return original
    url = f"me/messages/{path_id(original.id)}"
    tries: list[int] = []
    try:
        resp = client.request("PATCH", url, json=body, headers={"If-Match": original.change_key},
                              params={"$select": "id"}, tries=tries)
    except ConflictError as exc:
        if len(tries) < 2:
            raise  # a plain conflict: our only attempt was refused
        current = get_draft(client, original.id)
        if not patch_json(current, new):
            log.info("update of %s: the answer was lost but the write landed", original.id)
            return new.replace(id=current.id, change_key=current.change_key)
        raise ConflictError(str(exc), maybe_written=True) from None
    etag = resp.headers.get("ETag") or (resp.json() or {}).get("@odata.etag")
    return new.replace(id=original.id, change_key=etag)


def create_draft(client: GraphClient, draft: Draft) -> Draft:
    # Not retried on a dropped connection: a second POST would make a second draft.
    resp = client.request("POST", "me/messages", json=message_json(draft), idempotent=False,
                          params={"$select": "id"})
    msg = resp.json()
    return draft.replace(id=msg["id"], change_key=msg.get("@odata.etag") or resp.headers.get("ETag"))


def delete_draft(client: GraphClient, item_id: str, change_key: str | None = None) -> None:
    """Move the draft to Deleted Items (Graph's DELETE); with ``change_key`` only that version."""
    headers = {"If-Match": change_key} if change_key else None
    client.request("DELETE", f"me/messages/{path_id(item_id)}", headers=headers)
