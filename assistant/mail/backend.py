"""The mail backend protocol: what the services need from a mail server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterator, Protocol, Sequence, runtime_checkable

from assistant.core.model import Draft, Recipient

# Fields the weekly summary reads; iter_items fetches only what it is asked for.
SUMMARY_FIELDS = (
    "datetime_received", "sender", "to_count", "cc_count", "subject", "size", "is_read", "has_attachments",
)
ITEM_FIELDS = frozenset(SUMMARY_FIELDS) | {"datetime_sent", "importance", "is_draft"}


@dataclass(frozen=True)
class DirectoryEntry:
    """The user's own entry in the organisation's directory (signature defaults)."""

    email: str
    name: str = ""
    title: str = ""
    department: str = ""
    company: str = ""
    office: str = ""
    phone: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class MailItem:
    """One message's metadata; fields not requested stay None."""

    id: str
    datetime_received: datetime | None = None
    datetime_sent: datetime | None = None
    sender: Recipient | None = None
    to_count: int | None = None
    cc_count: int | None = None
    subject: str | None = None
    size: int | None = None
    is_read: bool | None = None
    has_attachments: bool | None = None
    importance: str | None = None
    is_draft: bool | None = None


@dataclass(frozen=True)
class DraftChanges:
    created: tuple[Draft, ...]
    updated: tuple[Draft, ...]
    deleted: tuple[str, ...]
    state: str

    @property
    def empty(self) -> bool:
        return not (self.created or self.updated or self.deleted)


@runtime_checkable
class MailBackend(Protocol):
    def list_drafts(self) -> list[Draft]: ...

    def get_draft(self, item_id: str) -> Draft: ...

    def update_draft(self, original: Draft, new: Draft) -> Draft: ...

    def resolve_recipients(self, recipients: Sequence[Recipient | str]) -> list[Recipient]: ...

    def expand_group(self, address: str) -> list[Recipient]: ...

    def me(self) -> DirectoryEntry: ...

    def iter_items(
        self,
        folder: str = "inbox",
        fields: Sequence[str] = SUMMARY_FIELDS,
        since: datetime | None = None,
        until: datetime | None = None,
        page_size: int = 1000,
    ) -> Iterator[MailItem]: ...

    def sync_drafts(self, state: str | None = None) -> DraftChanges: ...

    def send(self, draft: Draft) -> None: ...

    def send_draft(self, item_id: str, change_key: str | None = None) -> None: ...

    def close(self) -> None: ...
