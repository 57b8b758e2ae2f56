"""The draft and hint model: plain, immutable data with a JSON form.

Everything in ``assistant.core`` is pure (no I/O). Adapters build a ``Draft``
from a file, an API request or a mail server, and render ``Hint``s.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Iterable


class DraftError(ValueError):
    """Input that cannot be turned into a draft; the message says why."""


class ComposeType(str, Enum):
    NEW = "new"
    REPLY = "reply"
    REPLY_ALL = "reply-all"
    FORWARD = "forward"

    @property
    def is_response(self) -> bool:
        return self is not ComposeType.NEW


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for sorting and exit codes."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Applicability(str, Enum):
    """How a fix treats the author's words (as in Ruff)."""

    SAFE = "safe"  # keeps every word: insert signature/notice, move recipients
    UNSAFE = "unsafe"  # changes the author's text or look: preview first
    NONE = "none"


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str = ""
    # Members of a distribution list when the mail server expanded it.
    group_size: int | None = None

    @property
    def count(self) -> int:
        return self.group_size if self.group_size and self.group_size > 0 else 1

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2].strip().lower()

    def display(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"address": self.address, "name": self.name}
        if self.group_size is not None:
            d["group_size"] = self.group_size
        return d

    @classmethod
    def from_json(cls, data: Any) -> "Recipient":
        if isinstance(data, str):
            return cls(address=data.strip())
        if not isinstance(data, dict):
            raise DraftError(f"a recipient must be an object or a string, not {type(data).__name__}")
        address = data.get("address", "")
        if not isinstance(address, str):
            raise DraftError("recipient 'address' must be a string")
        size = data.get("group_size")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            raise DraftError("recipient 'group_size' must be a non-negative integer")
        name = data.get("name") or ""
        if not isinstance(name, str):
            raise DraftError("recipient 'name' must be a string")
        return cls(address=address.strip(), name=name.strip(), group_size=size)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str = "application/octet-stream"
    size: int = 0
    inline: bool = False
    content_id: str = ""

    @property
    def is_image(self) -> bool:
        return self.content_type.lower().startswith("image/")

    @property
    def is_video(self) -> bool:
        return self.content_type.lower().startswith("video/")

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> "Attachment":
        if not isinstance(data, dict):
            raise DraftError("an attachment must be an object")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise DraftError(f"unknown attachment field(s): {', '.join(sorted(unknown))}")
        try:
            return cls(
                filename=str(data.get("filename", "")),
                content_type=str(data.get("content_type", "application/octet-stream")),
                size=int(data.get("size", 0)),
                inline=bool(data.get("inline", False)),
                content_id=str(data.get("content_id", "")),
            )
        except (TypeError, ValueError) as exc:
            raise DraftError(f"bad attachment: {exc}") from None


def _recipients(value: Any, field_name: str) -> tuple[Recipient, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise DraftError(f"'{field_name}' must be a list of recipients")
    return tuple(Recipient.from_json(v) for v in value)


@dataclass(frozen=True)
class Draft:
    """One message being written (or one received message being measured)."""

    subject: str = ""
    sender: Recipient | None = None
    to: tuple[Recipient, ...] = ()
    cc: tuple[Recipient, ...] = ()
    bcc: tuple[Recipient, ...] = ()
    html: str | None = None
    text: str | None = None
    compose_type: ComposeType = ComposeType.NEW
    # The message this one replies to or forwards, when known.
    in_reply_to_date: datetime | None = None
    in_reply_to_subject: str | None = None
    attachments: tuple[Attachment, ...] = ()
    # When the draft was written (the Date header / the server's last change).
    date: datetime | None = None
    # Identity on a mail server (opaque to the core).
    id: str | None = None
    change_key: str | None = None

    @property
    def is_html(self) -> bool:
        return self.html is not None

    @property
    def visible_recipients(self) -> tuple[Recipient, ...]:
        return self.to + self.cc

    @property
    def all_recipients(self) -> tuple[Recipient, ...]:
        return self.to + self.cc + self.bcc

    def replace(self, **changes: Any) -> "Draft":
        return dataclasses.replace(self, **changes)

    # -- JSON form (used by the API and `check --format json`) -------------
    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "sender": self.sender.to_json() if self.sender else None,
            "to": [r.to_json() for r in self.to],
            "cc": [r.to_json() for r in self.cc],
            "bcc": [r.to_json() for r in self.bcc],
            "html": self.html,
            "text": self.text,
            "compose_type": self.compose_type.value,
            "in_reply_to_date": self.in_reply_to_date.isoformat() if self.in_reply_to_date else None,
            "in_reply_to_subject": self.in_reply_to_subject,
            "attachments": [a.to_json() for a in self.attachments],
            "date": self.date.isoformat() if self.date else None,
            "id": self.id,
            "change_key": self.change_key,
        }

    @classmethod
    def from_json(cls, data: Any) -> "Draft":
        if not isinstance(data, dict):
            raise DraftError("a draft must be a JSON object")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise DraftError(f"unknown draft field(s): {', '.join(sorted(unknown))}")
        for key in ("subject", "html", "text", "in_reply_to_subject", "id", "change_key"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise DraftError(f"draft field '{key}' must be a string")
        try:
            compose = ComposeType(data.get("compose_type") or "new")
        except ValueError:
            allowed = ", ".join(c.value for c in ComposeType)
            raise DraftError(f"'compose_type' must be one of {allowed}") from None
        attachments = data.get("attachments") or []
        if not isinstance(attachments, list):
            raise DraftError("'attachments' must be a list")
        sender = data.get("sender")
        return cls(
            subject=data.get("subject") or "",
            sender=Recipient.from_json(sender) if sender else None,
            to=_recipients(data.get("to"), "to"),
            cc=_recipients(data.get("cc"), "cc"),
            bcc=_recipients(data.get("bcc"), "bcc"),
            html=data.get("html"),
            text=data.get("text"),
            compose_type=compose,
            in_reply_to_date=_parse_date(data.get("in_reply_to_date"), "in_reply_to_date"),
            in_reply_to_subject=data.get("in_reply_to_subject"),
            attachments=tuple(Attachment.from_json(a) for a in attachments),
            date=_parse_date(data.get("date"), "date"),
            id=data.get("id"),
            change_key=data.get("change_key"),
        )


def _parse_date(value: Any, name: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise DraftError(f"'{name}' must be an ISO 8601 date string")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise DraftError(f"'{name}' is not an ISO 8601 date: {value!r}") from None


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range in the draft's *new text* (see core.content)."""

    start: int
    end: int

    def to_json(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Hint:
    code: str
    name: str
    severity: Severity
    message: str
    citation: str
    spans: tuple[Span, ...] = ()
    # Header field the hint refers to ("subject", "to", "cc", "attachments"...),
    # or "body" when it refers to the text (spans then say where).
    field: str = "body"
    fix: str | None = None
    applicability: Applicability = Applicability.NONE
    # Optional display-only suggestion (e.g. a better subject line).
    suggestion: str | None = None
    # The text the spans cover, so a UI can highlight without our offsets.
    excerpts: tuple[str, ...] = ()
    # The rule's human title ("Too many people on Cc"); ``name`` stays the stable id.
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "title": self.title or self.name.replace("-", " ").capitalize(),
            "severity": self.severity.value,
            "message": self.message,
            "citation": self.citation,
            "field": self.field,
            "spans": [s.to_json() for s in self.spans],
            "excerpts": list(self.excerpts),
            "fix": self.fix,
            "applicability": self.applicability.value,
            "suggestion": self.suggestion,
        }


def worst(hints: Iterable[Hint]) -> Severity | None:
    best: Severity | None = None
    for h in hints:
        if best is None or h.severity.rank > best.rank:
            best = h.severity
    return best


__all__ = [
    "Applicability",
    "Attachment",
    "ComposeType",
    "Draft",
    "DraftError",
    "Hint",
    "Recipient",
    "Severity",
    "Span",
    "worst",
]
