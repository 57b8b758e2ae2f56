"""Scanning a mailbox for the weekly summary, incrementally and resumably.

``source_for(backend)`` gives the summary's view of a backend (EWS: SyncFolderItems
through ``ews_sync``; Graph: per-folder delta through ``graph.summary``), and
``sync_folders`` brings the local cache (``assistant.app.summary_store``) up to date
one page at a time: each page and the sync state after it are saved together, so
throttling (waited out by the backend's retry policy), a dropped connection
(retried) or a run that stops (resumed next time) never counts an item twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Protocol, Sequence

from assistant.core.model import Draft
from assistant.core.summary.facts import (
    AUTOMATED, FROM_ME, Folder, ItemFact, addressed, is_automated, key, topic_key,
)
from assistant.mail.errors import MailError

SKIPPED_ROLES = ("outbox",)  # transient: mail on its way out


class SyncStateInvalid(MailError):
    """The server no longer accepts a saved sync state: scan the folder again from scratch."""


@dataclass(frozen=True)
class SyncPage:
    """One round of changes: ("create"|"update"|"delete"|"read", row) with list-view values
    (``id``, ``change_key``, ``received``, ``sent``, ``modified``, ``size``, ``is_read``,
    ``display_to``, ``display_cc``, ``sender``, ``topic``, ``message_id``...), the state to
    ask from next, and whether the folder is up to date."""

    changes: list[tuple[str, dict[str, Any]]]
    state: str
    done: bool


@dataclass(frozen=True)
class Incoming:
    """A received message as EM901/EM902 and the bulk check read it (first 4 KB of its body)."""

    draft: Draft
    headers: dict[str, str]


class SummarySource(Protocol):
    email: str

    def folders(self) -> list[Folder]: ...

    def sync_page(self, folder_id: str, state: str | None) -> Any: ...  # .changes, .state, .done

    def fetch_sent(self, ids: Sequence[str]) -> dict[str, Draft]: ...

    def fetch_incoming(self, ids: Sequence[str]) -> dict[str, Any]: ...  # id -> .draft, .headers

    def fetch_details(self, ids: Sequence[str]) -> dict[str, tuple[str, list[tuple[str, int]]]]: ...

    def link(self, item_id: str) -> str: ...

    def save_to_inbox(self, subject: str, html: str) -> str: ...


class EwsSource:
    """The summary's operations on an EWS backend (``assistant.mail.ews_sync``)."""

    def __init__(self, backend: Any) -> None:
        from assistant.mail import ews_sync

        self.backend, self._ops = backend, ews_sync
        self.email = backend.settings.email

    def folders(self) -> list[Folder]:
        return [Folder(f["id"], f["name"], f["role"], f["total"]) for f in self._ops.list_folders(self.backend)]

    def sync_page(self, folder_id: str, state: str | None) -> Any:
        return self._ops.sync_page(self.backend, folder_id, state)

    def fetch_sent(self, ids: Sequence[str]) -> dict[str, Draft]:
        return self._ops.fetch_sent(self.backend, ids)

    def fetch_incoming(self, ids: Sequence[str]) -> dict[str, Any]:
        return self._ops.fetch_incoming(self.backend, ids)

    def fetch_details(self, ids: Sequence[str]) -> dict[str, tuple[str, list[tuple[str, int]]]]:
        return self._ops.fetch_details(self.backend, ids)

    def link(self, item_id: str) -> str:
        return self._ops.item_link(self.backend, item_id)

    def save_to_inbox(self, subject: str, html: str) -> str:
        return self._ops.save_to_inbox(self.backend, subject, html)


def source_for(backend: Any) -> SummarySource:
    """The summary's view of ``backend`` (a MailError for a backend it cannot scan).

    Told apart by module, so a Graph session never imports exchangelib (~50 MB)."""
    if hasattr(backend, "summary_source"):
        return backend.summary_source()
    module = type(backend).__module__
    if module.startswith("assistant.mail.graph"):
        from assistant.mail.graph.summary import GraphSource

        return GraphSource(backend)
    if module == "assistant.mail.ews":
        return EwsSource(backend)
    raise MailError(f"the weekly summary cannot scan a {type(backend).__name__} mailbox")


def fact_from_row(row: dict[str, Any], folder: str, me: set[str]) -> ItemFact:
    """A change row (list-view values) as the facts the cache keeps: no text, only keys."""
    sender = row.get("sender") or ""
    flags = addressed(row.get("display_to"), row.get("display_cc"), me)
    if row.get("is_from_me") or (sender and key(sender) in me):
        flags |= FROM_ME
    if is_automated(sender):
        flags |= AUTOMATED
    return ItemFact(
        id=row["id"], folder=folder, change_key=row.get("change_key", ""), received=row.get("received"),
        sent=row.get("sent"), modified=row.get("modified"), size=int(row.get("size") or 0),
        is_read=bool(row.get("is_read", True)), has_attachments=bool(row.get("has_attachments")), flags=flags,
        sender=key(sender), conversation=topic_key(row.get("topic")), message=key(row.get("message_id")),
        in_reply_to=key(row.get("in_reply_to")),
    )


@dataclass
class ScanStats:
    pages: int = 0
    changes: int = 0
    restarted: list[str] = field(default_factory=list)  # folders whose sync state was refused
    skipped: int = 0  # empty folders not asked


def sync_folders(source: SummarySource, store: Any, folders: list[Folder], me: set[str],
                 on_page: Callable[[str, int], None] | None = None) -> ScanStats:
    """Bring ``store`` up to date with every folder; folders no longer there are forgotten."""
    stats = ScanStats()
    wanted = [f for f in folders if f.role not in SKIPPED_ROLES]
    for gone in set(store.folders()) - {f.id for f in wanted}:
        store.forget_folder(gone)
    for folder in wanted:
        if folder.total == 0 and store.count(folder.id) == 0:
            stats.skipped += 1  # empty on the server and in the cache: nothing to ask
            continue
        state, _ = store.state(folder.id)
        while True:
            try:
                page = source.sync_page(folder.id, state)
            except SyncStateInvalid:
                if state is None:
                    raise
                store.forget_folder(folder.id)  # the server forgot our state: scan this folder again
                stats.restarted.append(folder.id)
                state = None
                continue
            upserts, reads, deletes = [], [], []
            for kind, row in page.changes:
                if kind in ("create", "update"):
                    upserts.append(fact_from_row(row, folder.id, me))
                elif kind == "read":
                    reads.append((row["id"], bool(row.get("is_read"))))
                elif kind == "delete":
                    deletes.append(row["id"])
            store.apply(folder.id, upserts, reads, deletes, page.state, page.done)
            stats.pages += 1
            stats.changes += len(page.changes)
            if on_page:
                on_page(folder.id, len(page.changes))
            state = page.state
            if page.done:
                break
    return stats
