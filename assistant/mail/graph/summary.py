"""The weekly summary's operations on Microsoft Graph: folders, per-folder delta pages,
the few messages it reads, and saving the report (the EWS side is ``ews_sync``).

Delta fits the summary's resumable scan directly: each page's ``@odata.nextLink`` (or,
on the last page, ``@odata.deltaLink``) is the state saved with the page. Graph's delta
cannot expand extended properties, so items carry no size; folder sizes come from
``sizeInBytes`` instead, and the report's largest items are left out on Graph.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Sequence
from urllib.parse import quote, urlencode

from assistant.core.model import Draft
from assistant.core.summary.facts import BODY_PREFIX, Folder
from assistant.mail.errors import MailError
from assistant.mail.graph.client import SyncStateGone, path_id
from assistant.mail.graph.convert import dt, recipient, recipients
from assistant.mail.graph.delta import fetch_drafts
from assistant.mail.summary_scan import Incoming, SyncPage, SyncStateInvalid

if TYPE_CHECKING:  # pragma: no cover
    from assistant.mail.graph.backend import GraphBackend

log = logging.getLogger(__name__)
PAGE = {"Prefer": "odata.maxpagesize=1000"}
ROLES = ("inbox", "sentitems", "drafts", "deleteditems", "junkemail", "outbox")
DELTA_SELECT = ("receivedDateTime,sentDateTime,lastModifiedDateTime,isRead,hasAttachments,isDraft,sender,from,"
                "toRecipients,ccRecipients,subject,internetMessageId,changeKey")
FOLDER_SELECT = "id,displayName,totalItemCount,childFolderCount,sizeInBytes"


def _display(values: Any) -> str:
    """Graph recipients as a DisplayTo-like line: each name and address (the summary matches either)."""
    parts = []
    for r in recipients(values):
        parts += [r.name, r.address] if r.name else [r.address]
    return "; ".join(parts)


def change_row(msg: dict[str, Any]) -> dict[str, Any]:
    sender = recipient(msg.get("sender")) or recipient(msg.get("from"))
    return {
        "id": msg["id"], "change_key": msg.get("changeKey") or "", "received": dt(msg.get("receivedDateTime")),
        "sent": dt(msg.get("sentDateTime")), "modified": dt(msg.get("lastModifiedDateTime")),
        "is_read": bool(msg.get("isRead", True)), "has_attachments": bool(msg.get("hasAttachments")),
        "is_draft": bool(msg.get("isDraft")), "display_to": _display(msg.get("toRecipients")),
        "display_cc": _display(msg.get("ccRecipients")), "sender": sender.address if sender else "",
        "topic": msg.get("subject") or "", "message_id": msg.get("internetMessageId") or "",
    }


class GraphSource:
    """``SummarySource`` for a GraphBackend."""

    def __init__(self, backend: "GraphBackend") -> None:
        self.backend, self.client = backend, backend.client
        self.email = backend.settings.email
        self._links: dict[str, str] = {}

    def folders(self) -> list[Folder]:
        answers = self.client.batch([{"id": role, "method": "GET", "url": f"/me/mailFolders/{role}?$select=id"}
                                     for role in ROLES])
        roles = {a.body["id"]: role for role, a in answers.items() if a.status == 200 and a.body}
        out: list[Folder] = []
        todo = ["me/mailFolders"]
        while todo:
            path = todo.pop(0)
            try:
                pages = list(self.client.pages(path, {"$select": FOLDER_SELECT, "$top": 100}))
            except MailError as exc:
                if path == "me/mailFolders":
                    raise
                log.warning("cannot list the child folders of %s (%s): left out", path, exc)
                continue
            for page in pages:
                for f in page.get("value", []):
                    out.append(Folder(f["id"], f.get("displayName", ""), roles.get(f["id"], ""),
                                      f.get("totalItemCount"), f.get("sizeInBytes")))
                    if f.get("childFolderCount"):
                        todo.append(f"me/mailFolders/{path_id(f['id'])}/childFolders")
        return out

    def sync_page(self, folder_id: str, state: str | None) -> SyncPage:
        """One delta page; the state is the link to ask next (nextLink mid-round, deltaLink after)."""
        if state:
            url, params = state, None
        else:
            url, params = f"me/mailFolders/{path_id(folder_id)}/messages/delta", {"$select": DELTA_SELECT}
        try:
            page = self.client.get(url, params, headers=PAGE)
        except SyncStateGone as exc:
            raise SyncStateInvalid(str(exc)) from None
        changes = [("delete", {"id": m["id"]}) if "@removed" in m else ("update", change_row(m))
                   for m in page.get("value", [])]
        if "@odata.deltaLink" in page:
            return SyncPage(changes, page["@odata.deltaLink"], True)
        return SyncPage(changes, page["@odata.nextLink"], False)

    def _get(self, ids: Sequence[str], select: str, expand: str | None = None) -> dict[str, dict[str, Any]]:
        query = {"$select": select, **({"$expand": expand} if expand else {})}
        q = urlencode(query, quote_via=quote)
        answers = self.client.batch([{"id": str(n), "method": "GET", "url": f"/me/messages/{path_id(i)}?{q}"}
                                     for n, i in enumerate(ids)])
        out = {}
        for n, item_id in enumerate(ids):
            ans = answers.get(str(n))
            if ans is None or ans.status == 404:
                continue  # deleted meanwhile
            ans.raise_for_status()
            out[item_id] = ans.body
        return out

    def fetch_sent(self, ids: Sequence[str]) -> dict[str, Draft]:
        return fetch_drafts(self.client, list(ids))

    def fetch_incoming(self, ids: Sequence[str]) -> dict[str, Any]:
        out = {}
        for item_id, msg in self._get(list(ids), "subject,sender,from,toRecipients,ccRecipients,body,"
                                                 "receivedDateTime").items():
            body = (msg.get("body") or {})
            text = str(body.get("content") or "").encode("utf-8")[:BODY_PREFIX].decode("utf-8", "ignore")
            html = text if str(body.get("contentType", "")).lower() == "html" else None
            draft = Draft(subject=msg.get("subject") or "",
                          sender=recipient(msg.get("sender")) or recipient(msg.get("from")),
                          to=recipients(msg.get("toRecipients")), cc=recipients(msg.get("ccRecipients")),
                          html=html, text=None if html is not None else text, date=dt(msg.get("receivedDateTime")),
                          id=item_id)
            headers = {h.get("name", ""): h.get("value", "") for h in msg.get("internetMessageHeaders") or ()}
            out[item_id] = Incoming(draft, headers)
        return out

    def fetch_details(self, ids: Sequence[str]) -> dict[str, tuple[str, list[tuple[str, int]]]]:
        out = {}
        for item_id, msg in self._get(list(ids), "subject,webLink", "attachments($select=name,size)").items():
            self._links[item_id] = msg.get("webLink") or ""
            out[item_id] = (msg.get("subject") or "",
                            [(a.get("name") or "attachment", int(a.get("size") or 0)) for a in msg.get("attachments")
                             or ()])
        return out

    def link(self, item_id: str) -> str:
        return self._links.get(item_id, "")

    def save_to_inbox(self, subject: str, html: str) -> str:
        """The report as an unread, received (not draft) message in the Inbox: created there with
        PidTagMessageFlags 0 (no "unsent" bit), so it is not a draft; nothing is sent."""
        me = {"emailAddress": {"address": self.email}}
        message = {"subject": subject, "body": {"contentType": "html", "content": html}, "toRecipients": [me],
                   "from": me, "isRead": False}
        try:
            resp = self.client.request("POST", "me/mailFolders/inbox/messages", idempotent=False, json={
                **message, "singleValueExtendedProperties": [{"id": "Integer 0x0E07", "value": "0"}]})
        except MailError as exc:
            if "singleValueExtendedProperties" not in str(exc):
                raise
            # A refused request created nothing; a server without extended properties gets
            # the plain message (it may then show as a draft in the Inbox).
            resp = self.client.request("POST", "me/mailFolders/inbox/messages", idempotent=False, json=message)
        return resp.json()["id"]


__all__ = ["GraphSource"]
