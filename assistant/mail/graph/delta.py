"""Incremental scans of the Drafts folder with Graph's per-folder delta query.

Delta returns ids of created-or-changed messages (it does not say which) and removed
ones as ``@removed``; the full drafts are then fetched in ``$batch`` calls of 20 (delta
cannot expand attachments). The state handed back is JSON: the deltaLink and the
server's time of that round, so the next round can tell new drafts (created after it)
from changed ones.
"""

from __future__ import annotations

import email.utils
import json
from urllib.parse import quote, urlencode
from datetime import datetime, timezone

from assistant.core.model import Draft
from assistant.mail.backend import DraftChanges
from assistant.mail.errors import MailError
from assistant.mail.graph.client import GraphClient, SyncStateGone, path_id
from assistant.mail.graph.convert import DRAFT_EXPAND, DRAFT_SELECT, dt, message_to_draft

DELTA = "me/mailFolders/drafts/messages/delta"
PAGE = {"Prefer": "odata.maxpagesize=200"}


def _parse_state(state: str | None) -> tuple[str | None, datetime | None]:
    if not state:
        return None, None
    try:
        data = json.loads(state)
        return str(data["link"]), datetime.fromisoformat(data["at"])
    except (ValueError, KeyError, TypeError):
        raise MailError("the drafts sync state is not one this backend wrote; start again without it") from None


def sync_drafts(client: GraphClient, state: str | None = None) -> DraftChanges:
    """Changes since ``state`` (everything, as created, when None). When the server has
    forgotten the state (410), the scan starts again from the full folder."""
    try:
        return _sync(client, state)
    except SyncStateGone:
        if state is None:
            raise
        return _sync(client, None)


def _sync(client: GraphClient, state: str | None) -> DraftChanges:
    link, previous = _parse_state(state)
    changed: list[dict] = []
    deleted: list[str] = []
    url, params = (link, None) if link else (DELTA, {"$select": "createdDateTime,lastModifiedDateTime"})
    resp = client.request("GET", url, params=params, headers=PAGE)
    server_time = _server_time(resp.headers.get("Date"))
    page = resp.json()
    while True:
        for msg in page.get("value", []):
            (deleted.append(msg["id"]) if "@removed" in msg else changed.append(msg))
        if "@odata.deltaLink" in page:
            break
        page = client.get(page["@odata.nextLink"], headers=PAGE)
    drafts = fetch_drafts(client, [m["id"] for m in changed])
    created, updated = [], []
    for msg in changed:
        draft = drafts.get(msg["id"])
        if draft is None:
            deleted.append(msg["id"])  # gone between the delta and the fetch
            continue
        made = dt(msg.get("createdDateTime"))
        (created if previous is None or (made is not None and made >= previous) else updated).append(draft)
    new_state = json.dumps({"link": page["@odata.deltaLink"], "at": server_time.isoformat()})
    return DraftChanges(tuple(created), tuple(updated), tuple(deleted), new_state)


def fetch_drafts(client: GraphClient, ids: list[str]) -> dict[str, Draft]:
    """Full drafts by id, 20 per ``$batch`` request (a missing one is left out)."""
    query = urlencode({"$select": DRAFT_SELECT, "$expand": DRAFT_EXPAND}, quote_via=quote)
    reqs = [{"id": str(n), "method": "GET", "url": f"/me/messages/{path_id(i)}?{query}"} for n, i in enumerate(ids)]
    answers = client.batch(reqs)
    out: dict[str, Draft] = {}
    for n, item_id in enumerate(ids):
        ans = answers.get(str(n))
        if ans is None or ans.status == 404:
            continue
        ans.raise_for_status()
        out[item_id] = message_to_draft(ans.body)
    return out


def _server_time(header: str | None) -> datetime:
    try:
        return email.utils.parsedate_to_datetime(header) if header else datetime.now(timezone.utc)
    except (TypeError, ValueError):
        return datetime.now(timezone.utc)
