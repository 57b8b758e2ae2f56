"""Per-item facts the summary counts: numbers, flags and opaque keys, never text.

A scanner turns each message into an ``ItemFact`` (what the list view says) and,
for the week's items, adds what reading the message found (``Analysis``). Both
can be kept in the local cache as they are: sender, conversation and message ids
become short hashes (``key``), so the cache can group and match them without
holding an address or a subject.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Iterable, Mapping

from assistant.core.text.subject import strip_prefixes

# Flags (bits of ItemFact.flags).
FROM_ME = 1
TO_ME = 2
CC_ME = 4
AUTOMATED = 8  # a no-reply / notification sender address
BULK = 16  # List-Unsubscribe or Precedence: bulk/list, or an unsubscribe link (read items only)
CHAIN = 32  # EM902 on the received text
PERSONAL = 64  # EM901 on the received text
ANALYSED = 128  # the body was read and the flags above (BULK, CHAIN, PERSONAL, codes) are known

BODY_PREFIX = 4096  # bytes of an incoming body EM901/EM902 read

_AUTOMATED = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|newsletters?|notifications?|notify|mailer-daemon|"
    r"postmaster|bounces?|info|news|updates|alerts?|digest)(?:[-_.+].*)?@", re.I)
_UNSUBSCRIBE_HREF = re.compile(r"""href\s*=\s*["']([^"'<>\s]+)["'][^>]*>(?:(?!</a>).){0,200}?unsubscribe""",
                               re.I | re.S)
_UNSUBSCRIBE_URL = re.compile(r"""https?://[^\s"'<>]*unsubscribe[^\s"'<>]*""", re.I)
_HEADER_LINK = re.compile(r"<((?:https?|mailto):[^>]+)>", re.I)


def key(value: str | None) -> str:
    """A short opaque key for grouping and matching (addresses, ids, topics); "" for nothing."""
    if not value:
        return ""
    return hashlib.blake2b(value.strip().lower().encode("utf-8"), digest_size=8).hexdigest()


def topic_key(subject_or_topic: str | None) -> str:
    """The conversation a message belongs to: its topic without RE:/FW: prefixes."""
    return key(strip_prefixes(subject_or_topic or ""))


def is_automated(address: str | None) -> bool:
    return bool(address) and _AUTOMATED.match(address or "") is not None


def names_in(display: str | None) -> list[str]:
    """DisplayTo/DisplayCc ("Ann Lee; Bob Roe") as lower-case names."""
    return [p.strip().lower() for p in (display or "").split(";") if p.strip()]


def addressed(display_to: str | None, display_cc: str | None, me: Iterable[str]) -> int:
    """TO_ME / CC_ME from the list view's display lines ("Ann Lee; Bob Roe"), matching
    ``me``: the key() of the owner's display name and address (the cache keeps only those)."""
    mine = set(me)
    flags = 0
    if mine & {key(n) for n in names_in(display_to)}:
        flags |= TO_ME
    if mine & {key(n) for n in names_in(display_cc)}:
        flags |= CC_ME
    return flags


def unsubscribe_link(headers: Mapping[str, str] | None, body: str | None) -> str | None:
    """The List-Unsubscribe link (https preferred over mailto), else an unsubscribe link in the body."""
    if headers:
        value = next((v for k, v in headers.items() if k.lower() == "list-unsubscribe"), None)
        if value:
            links = _HEADER_LINK.findall(value)
            links.sort(key=lambda u: not u.lower().startswith("http"))
            if links:
                return links[0]
    if body:
        m = _UNSUBSCRIBE_HREF.search(body) or _UNSUBSCRIBE_URL.search(body)
        if m:
            return m.group(1) if m.re is _UNSUBSCRIBE_HREF else m.group(0)
    return None


def is_bulk(headers: Mapping[str, str] | None, body: str | None) -> bool:
    """Newsletters and lists: List-Unsubscribe / List-Id, Precedence: bulk|list|junk, or an unsubscribe link."""
    if headers:
        lower = {k.lower(): v for k, v in headers.items()}
        if "list-unsubscribe" in lower or "list-id" in lower:
            return True
        if lower.get("precedence", "").strip().lower() in ("bulk", "list", "junk"):
            return True
    return unsubscribe_link(None, body) is not None


@dataclass(frozen=True)
class ItemFact:
    """One message as the summary sees it. ``folder`` is the folder's id; times are aware."""

    id: str
    folder: str
    change_key: str = ""
    received: datetime | None = None
    sent: datetime | None = None
    modified: datetime | None = None
    size: int = 0
    is_read: bool = True
    has_attachments: bool = False
    flags: int = 0
    sender: str = ""  # key() of the sender address
    conversation: str = ""  # topic_key() of the conversation topic
    message: str = ""  # key() of the Internet Message-ID
    in_reply_to: str = ""  # key() of In-Reply-To
    codes: tuple[str, ...] = ()  # rules the sent text broke (ANALYSED sent items)
    worst: int = 0  # severity weight of the hints: error 100, warning 10, info 1

    def has(self, flag: int) -> bool:
        return bool(self.flags & flag)

    def analysed(self, analysis: "Analysis") -> "ItemFact":
        flags = self.flags & ~(BULK | CHAIN | PERSONAL) | ANALYSED
        flags |= (BULK if analysis.bulk else 0) | (CHAIN if analysis.chain else 0)
        flags |= PERSONAL if analysis.personal else 0
        return replace(self, flags=flags, codes=tuple(sorted(analysis.codes)), worst=analysis.worst)


@dataclass(frozen=True)
class Analysis:
    """What reading one message found."""

    codes: tuple[str, ...] = ()
    worst: int = 0
    bulk: bool = False
    chain: bool = False
    personal: bool = False


SEVERITY_WEIGHT = {"error": 100, "warning": 10, "info": 1}


@dataclass(frozen=True)
class Folder:
    id: str
    name: str
    role: str = ""  # "inbox", "sentitems", "drafts", "deleteditems", "junkemail" or "" for the user's own
    total: int | None = None  # what the server says, when it says
    size: int | None = None  # bytes, when the server reports a folder's size (Graph's sizeInBytes)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "role": self.role}


@dataclass
class Details:
    """Text read at report time for the few items the report names (never cached)."""

    subjects: dict[str, str] = field(default_factory=dict)  # item id -> subject
    senders: dict[str, tuple[str, str]] = field(default_factory=dict)  # sender key -> (address, name)
    unsubscribe: dict[str, str] = field(default_factory=dict)  # sender key -> link
    attachments: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # item id -> [(name, size)]
    links: dict[str, str] = field(default_factory=dict)  # item id -> link that opens it
