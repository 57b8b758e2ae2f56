"""The weekly summary's EWS operations: the folder list (FindFolder), per-folder item
changes (SyncFolderItems), the few messages it reads, and saving the report.

One request per call, so the caller (``assistant.mail.summary_scan``) can save the
sync state after every page and resume from it after throttling or a dropped
connection. Like ``exchangelib_internals.ListViewFindItem``, the two list services
use exchangelib's request, retries and error handling and override only how a
response is parsed (``_get_soap_parts``, ``_elem_to_obj``: the hooks that module's
``hooks_present`` checks), because parsing 1,000s of rows into full Message objects
costs more than the request.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable, Sequence
from urllib.parse import quote, urlsplit

from exchangelib import HTMLBody, Mailbox, Message
from exchangelib import errors as ex
from exchangelib.extended_properties import ExtendedProperty
from exchangelib.fields import FieldPath
from exchangelib.folders import Folder
from exchangelib.folders import DEEP
from exchangelib.items import ID_ONLY
from exchangelib.properties import DistinguishedFolderId, FolderId
from exchangelib.services import FindFolder, SyncFolderItems
from exchangelib.util import SOAPNS, TNS, ParseError, to_xml
from exchangelib.version import EXCHANGE_2016

from assistant.core.model import Draft, Recipient
from assistant.mail.convert import DRAFT_FIELDS, item_to_draft
from assistant.mail.errors import MailError
from assistant.mail.summary_scan import Incoming, SyncPage, SyncStateInvalid

if TYPE_CHECKING:  # pragma: no cover
    from assistant.mail.ews import EwsBackend

MAX_CHANGES = 512  # SyncFolderItems' largest page
ROLES = ("inbox", "sentitems", "drafts", "deleteditems", "junkemail", "outbox")
# What a change row carries: list-view properties only, never a body.
SYNC_FIELDS = ("datetime_received", "datetime_sent", "last_modified_time", "size", "is_read", "has_attachments",
               "is_draft", "is_from_me", "display_to", "display_cc", "sender", "conversation_topic",
               "message_id", "in_reply_to")
INCOMING_FIELDS = ("subject", "sender", "to_recipients", "cc_recipients", "body", "headers", "datetime_received")
DETAIL_FIELDS = ("subject", "attachments", "datetime_received")


def _fast_parts(response: Any) -> tuple[Any, Any]:
    try:
        root = to_xml(response.content)
    except ParseError as e:
        raise ex.SOAPError(f"Bad SOAP response: {e}") from None
    body = root.find(f"{{{SOAPNS}}}Body")
    if body is None:
        raise ex.MalformedResponseError("No Body element in SOAP response")
    return root.find(f"{{{SOAPNS}}}Header"), body


_DATES = {"DateTimeReceived": "received", "DateTimeSent": "sent", "LastModifiedTime": "modified"}
_BOOLS = {"IsRead": "is_read", "HasAttachments": "has_attachments", "IsDraft": "is_draft", "IsFromMe": "is_from_me"}
_TEXTS = {"DisplayTo": "display_to", "DisplayCc": "display_cc", "ConversationTopic": "topic",
          "InternetMessageId": "message_id", "InReplyTo": "in_reply_to"}


def change_row(elem: Any) -> dict[str, Any]:
    """One ``t:Message`` (or ``t:ItemId``) of a sync page as a dict of list-view values."""
    row: dict[str, Any] = {}
    for child in elem:
        tag = child.tag.rpartition("}")[2]
        if tag == "ItemId":
            row["id"], row["change_key"] = child.get("Id"), child.get("ChangeKey") or ""
        elif tag in _DATES and child.text:
            row[_DATES[tag]] = datetime.fromisoformat(child.text.strip().replace("Z", "+00:00"))
        elif tag in _BOOLS:
            row[_BOOLS[tag]] = (child.text or "").strip().lower() == "true"
        elif tag in _TEXTS:
            row[_TEXTS[tag]] = child.text or ""
        elif tag == "Size" and child.text:
            row["size"] = int(child.text)
        elif tag in ("Sender", "From"):
            address = child.findtext(f"{{{TNS}}}Mailbox/{{{TNS}}}EmailAddress")
            if address and (tag == "Sender" or "sender" not in row):
                row["sender"] = address
    return row


class _SyncPageService(SyncFolderItems):
    _get_soap_parts = staticmethod(_fast_parts)  # type: ignore[assignment]

    def _elem_to_obj(self, elem):  # type: ignore[no-untyped-def]
        kind = self.change_types_map[elem.tag]
        if kind == self.READ_FLAG_CHANGE:
            row = change_row(elem)
            return "read", row
        if kind == self.DELETE:
            return "delete", change_row(elem)
        return kind, change_row(elem[0])


class _FolderListService(FindFolder):
    _get_soap_parts = staticmethod(_fast_parts)  # type: ignore[assignment]

    def _elem_to_obj(self, elem):  # type: ignore[no-untyped-def]
        row: dict[str, Any] = {}
        for child in elem:
            tag = child.tag.rpartition("}")[2]
            if tag == "FolderId":
                row["id"] = child.get("Id")
            elif tag in ("DisplayName", "FolderClass", "DistinguishedFolderId"):
                row[tag] = child.text or ""
            elif tag == "TotalCount" and child.text:
                row["total"] = int(child.text)
        return row


def _paths(model: Any, names: Iterable[str]) -> list[FieldPath]:
    return [FieldPath(field=model.get_field_by_fieldname(n)) for n in names]


def _distinguished(backend: "EwsBackend", name: str) -> DistinguishedFolderId:
    return DistinguishedFolderId(id=name, mailbox=Mailbox(email_address=backend.settings.email))


def list_folders(backend: "EwsBackend") -> list[dict[str, Any]]:
    """Every mail folder under the top of the mailbox in one FindFolder (Deep):
    ``{"id", "name", "role", "total"}``; roles from DistinguishedFolderId, so
    folder names in any language work."""

    def run() -> list[dict[str, Any]]:
        account = backend.account
        svc = _FolderListService(account=account)
        names = ["name", "folder_class", "total_count"]
        if account.version.build >= EXCHANGE_2016:
            names.append("_distinguished_id")  # the role, whatever the folder is called
        fields = _paths(Folder, names)
        rows = svc._elems_to_objs(svc._paged_call(
            payload_func=svc.get_payload, max_items=None, folders=[_distinguished(backend, "msgfolderroot")],
            additional_fields=fields, restriction=None, shape=ID_ONLY, depth=DEEP, page_size=svc.page_size,
            offset=0))
        out = []
        rows = list(rows)
        roles = {} if any(r.get("DistinguishedFolderId") for r in rows if isinstance(r, dict)) else _roles(account)
        for row in rows:
            if isinstance(row, Exception):
                raise row
            cls = row.get("FolderClass") or "IPF.Note"
            if not (cls == "IPF.Note" or cls.startswith("IPF.Note.")):
                continue  # calendars, contacts, tasks...
            out.append({"id": row["id"], "name": row.get("DisplayName", ""),
                        "role": row.get("DistinguishedFolderId", "") if row.get("DistinguishedFolderId") in ROLES
                        else roles.get(row["id"], ""), "total": row.get("total")})
        return out

    return backend._guard(run, idempotent=True)


def _roles(account: Any) -> dict[str, str]:
    """Roles by folder id for servers older than Exchange 2016 (one GetFolder each)."""
    folders = {"inbox": account.inbox, "sentitems": account.sent, "drafts": account.drafts,
               "deleteditems": account.trash, "junkemail": account.junk}
    return {f.id: role for role, f in folders.items()}


def sync_page(backend: "EwsBackend", folder_id: str, state: str | None, max_changes: int | None = None) -> SyncPage:
    """One SyncFolderItems call: up to ``max_changes`` changes after ``state`` (None: from the start).

    Safe to repeat with the same ``state`` after a failure: the server's answer
    depends only on it, and the caller applies a page and its new state together."""

    def run() -> SyncPage:
        svc = _SyncPageService(account=backend.account)
        changes = []
        for change in svc.call(folder=FolderId(id=folder_id), shape=ID_ONLY,
                               additional_fields=_paths(Message, SYNC_FIELDS), sync_state=state, ignore=None,
                               max_changes_returned=max_changes or MAX_CHANGES, sync_scope=None):
            if isinstance(change, Exception):
                raise change
            changes.append(change)
        return SyncPage(changes, svc.sync_state, bool(svc.includes_last_item_in_range))

    try:
        return backend._guard(run, idempotent=True)
    except MailError as exc:
        if "ErrorInvalidSyncStateData" in str(exc):
            raise SyncStateInvalid(str(exc)) from None
        raise


def _fetch(backend: "EwsBackend", ids: Sequence[str], fields: Sequence[str]) -> list[Any]:
    if not ids:
        return []

    def run() -> list[Any]:
        items = list(backend.account.fetch(ids=[(i, None) for i in ids], only_fields=list(fields)))
        return [None if isinstance(i, Exception) else i for i in items]  # deleted meanwhile: skipped

    return backend._guard(run, idempotent=True)


def fetch_sent(backend: "EwsBackend", ids: Sequence[str]) -> dict[str, Draft]:
    """Sent messages as drafts the checker reads (full text: what the user wrote)."""
    return {i.id: item_to_draft(i) for i in _fetch(backend, ids, DRAFT_FIELDS) if i is not None}


def fetch_incoming(backend: "EwsBackend", ids: Sequence[str], prefix: int = 4096) -> dict[str, Incoming]:
    """Received messages: sender, recipients, headers and the first ``prefix`` bytes of the body."""
    out = {}
    for item in _fetch(backend, ids, INCOMING_FIELDS):
        if item is None:
            continue
        body = str(item.body or "")
        cut = body.encode("utf-8")[:prefix].decode("utf-8", "ignore")
        html = cut if isinstance(item.body, HTMLBody) else None
        sender = item.sender
        draft = Draft(
            subject=item.subject or "",
            sender=Recipient(address=sender.email_address, name=sender.name or "") if sender and sender.email_address
            else None,
            to=tuple(Recipient(address=m.email_address, name=m.name or "") for m in item.to_recipients or ()
                     if m.email_address),
            cc=tuple(Recipient(address=m.email_address, name=m.name or "") for m in item.cc_recipients or ()
                     if m.email_address),
            html=html, text=None if html is not None else cut, date=item.datetime_received, id=item.id,
        )
        headers = {h.name: h.value for h in (item.headers or ()) if h.name}
        out[item.id] = Incoming(draft, headers)
    return out


def fetch_details(backend: "EwsBackend", ids: Sequence[str]) -> dict[str, tuple[str, list[tuple[str, int]]]]:
    """Subject and attachments (name, size) of the few items a report names."""
    out = {}
    for item in _fetch(backend, ids, DETAIL_FIELDS):
        if item is not None:
            atts = [(a.name or "attachment", int(getattr(a, "size", 0) or 0)) for a in item.attachments or ()]
            out[item.id] = (item.subject or "", atts)
    return out


def item_link(backend: "EwsBackend", item_id: str) -> str:
    """Outlook on the web's link that opens one item (the same server as EWS)."""
    server = backend.settings.server or ""
    parts = urlsplit(server)
    if not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}/owa/?ItemID={quote(item_id, safe='')}&exvsurl=1&viewmodel=ReadMessageItem"


class _MessageFlags(ExtendedProperty):
    """PidTagMessageFlags: 0 makes a message created in the Inbox a received one (not a draft, unread)."""

    property_tag = 0x0E07
    property_type = "Integer"


def save_to_inbox(backend: "EwsBackend", subject: str, html: str) -> str:
    """Create the report as an unread message from the user to the user in their Inbox.

    CreateItem with SaveOnly into the Inbox, not a send: nothing leaves the
    mailbox and no copy lands in Sent Items (where next week's summary would count it)."""
    if "message_flags" not in {f.name for f in Message.FIELDS}:
        Message.register("message_flags", _MessageFlags)

    def run() -> str:
        account = backend.account
        me = Mailbox(email_address=backend.settings.email)
        msg = Message(account=account, folder=account.inbox, subject=subject, body=HTMLBody(html),
                      to_recipients=[me], sender=me, author=me, is_read=False, message_flags=0)
        msg.save()
        return msg.id

    return backend._guard(run, idempotent=False)
