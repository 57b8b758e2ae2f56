"""Iterating a folder for the weekly summary: only the needed fields, pages of 1,000."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterator, Sequence

from assistant.mail.backend import ITEM_FIELDS, SUMMARY_FIELDS, MailItem
from assistant.mail.errors import MailError
from assistant.mail.graph.client import GraphClient
from assistant.mail.graph.convert import ITEM_PROPERTIES, SIZE, message_to_item

MAX_PAGE = 1000  # Graph's largest $top for messages
FOLDERS = {"inbox": "inbox", "drafts": "drafts", "sent": "sentitems", "sentitems": "sentitems",
           "sent items": "sentitems", "deleted": "deleteditems", "deleteditems": "deleteditems",
           "junk": "junkemail", "outbox": "outbox"}


def folder_name(name: str) -> str:
    found = FOLDERS.get(name.strip().lower())
    if found is None:
        raise MailError(f"unknown folder {name!r}; use one of {', '.join(sorted(FOLDERS))}")
    return found


def _when(value: datetime) -> str:
    if value.tzinfo is None:
        raise MailError("since/until must be timezone-aware datetimes")
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def iter_items(client: GraphClient, folder: str = "inbox", fields: Sequence[str] = SUMMARY_FIELDS,
               since: datetime | None = None, until: datetime | None = None,
               page_size: int = MAX_PAGE) -> Iterator[MailItem]:
    """Every item of a folder, newest first: one GET per page of ``page_size`` with ``$select``
    (and the size as an extended property when asked), following ``@odata.nextLink``."""
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise MailError(f"unknown item field(s): {', '.join(sorted(unknown))}")
    if not 1 <= page_size <= MAX_PAGE:
        raise MailError(f"page_size must be between 1 and {MAX_PAGE}")
    wanted = set(fields)
    select = sorted({ITEM_PROPERTIES[f] for f in wanted if f in ITEM_PROPERTIES} | {"id"})
    params: dict[str, object] = {"$select": ",".join(select), "$top": page_size, "$orderby": "receivedDateTime desc"}
    if "size" in wanted:
        params["$expand"] = f"singleValueExtendedProperties($filter=id eq '{SIZE}')"
    clauses = ([f"receivedDateTime ge {_when(since)}"] if since else []) + (
        [f"receivedDateTime lt {_when(until)}"] if until else [])
    if clauses:
        params["$filter"] = " and ".join(clauses)
    for page in client.pages(f"me/mailFolders/{folder_name(folder)}/messages", params):
        for msg in page.get("value", []):
            yield message_to_item(msg, wanted)
