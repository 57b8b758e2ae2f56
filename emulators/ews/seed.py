"""Filling an emulated mailbox: the demo mailbox, a directory of .eml files, or a callable.

.eml files go to a folder by name prefix (``inbox-``, ``drafts-``, ``sent-``)
or, failing that, by Outlook's ``X-Unsent: 1`` header (drafts) and otherwise
the Inbox. ``directory.json`` beside them holds people and distribution lists.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Callable

from emulators.ews.items import estimate_size
from emulators.ews.store import MailboxStore, Person, format_dt

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_OWNER = ("delgadom@mdusd.org", "Maria Delgado")  # whose the demo mailboxes are
DEFAULT_OWNER = "staff@mdusd.org"
_PREFIX_FOLDERS = {"inbox": "inbox", "drafts": "drafts", "draft": "drafts", "sent": "sentitems"}


class SeedError(ValueError):
    pass


Seed = str | Path | Callable[[MailboxStore], Any] | None


def seeded_mailbox(seed: Seed, email: str | None, name: str | None, db_path: str,
                   demo_seeds: tuple[str, ...] = ("demo",)) -> tuple[MailboxStore, str, str | None]:
    """An emulator's mailbox with ``seed`` applied: (the store, its owner's address, name).
    A demo seed is the demo owner's mailbox unless ``email``/``name`` say otherwise."""
    if seed in demo_seeds:
        email, name = email or DEMO_OWNER[0], name or DEMO_OWNER[1]
    email = email or DEFAULT_OWNER
    store = MailboxStore(owner=email, owner_name=name or email, path=db_path)
    apply_seed(store, seed)
    return store, email, name


def apply_seed(store: MailboxStore, seed: str | Path | Callable[[MailboxStore], Any] | None) -> None:
    if seed in (None, "empty"):
        return
    if callable(seed):
        seed(store)
        return
    path = DEMO_DIR if seed == "demo" else Path(seed)
    if path.is_dir():
        load_directory(store, path)
        return
    if isinstance(seed, str) and _looks_like_module(seed):
        load_module(store, seed)
        return
    raise SeedError(
        f"seed must be 'demo', 'empty', a callable, a directory of .eml files or 'module[:function]', not {seed!r}"
    )


def _looks_like_module(name: str) -> bool:
    mod = name.partition(":")[0]
    return bool(mod) and all(part.isidentifier() for part in mod.split("."))


def load_module(store: MailboxStore, spec: str) -> None:
    """A seed module: ``package.module`` (its ``seed(store)``) or ``package.module:function``."""
    import importlib

    mod_name, _, func_name = spec.partition(":")
    try:
        module = importlib.import_module(mod_name)
    except ImportError as exc:
        raise SeedError(f"cannot import seed module {mod_name!r}: {exc}") from None
    func = getattr(module, func_name or "seed", None)
    if not callable(func):
        raise SeedError(f"seed module {mod_name!r} has no function {func_name or 'seed'!r}")
    func(store)


def load_directory(store: MailboxStore, path: Path) -> int:
    people = path / "directory.json"
    if people.exists():
        load_people(store, json.loads(people.read_text("utf-8")))
    n = 0
    for eml in sorted(path.glob("*.eml")):
        msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        prefix = eml.name.split("-", 1)[0].lower()
        folder = _PREFIX_FOLDERS.get(prefix)
        if folder is None:
            folder = "drafts" if str(msg.get("X-Unsent", "")).strip() == "1" else "inbox"
        store.add_item(store.folder_id(folder), message_values(msg, draft=folder == "drafts"))
        n += 1
    return n


def load_people(store: MailboxStore, data: dict[str, Any]) -> None:
    for p in data.get("people", []):
        store.add_person(Person(**p))
    for g in data.get("groups", []):
        store.add_person(Person(kind="PublicDL", **g))


def _addresses(msg: EmailMessage, header: str) -> list[list[str]]:
    values = msg.get_all(header) or []
    return [[name, addr, "Mailbox"] for name, addr in email.utils.getaddresses([str(v) for v in values]) if addr]


def message_values(msg: EmailMessage, draft: bool) -> dict[str, Any]:
    html = msg.get_body(preferencelist=("html",))
    plain = msg.get_body(preferencelist=("plain",))
    if html is not None:
        body, body_type = html.get_content(), "HTML"
    elif plain is not None:
        body, body_type = plain.get_content(), "Text"
    else:
        body, body_type = "", "Text"
    attachments = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        attachments.append({
            "name": part.get_filename() or "attachment",
            "content_type": part.get_content_type(),
            "size": len(payload),
            "inline": part.get_content_disposition() == "inline",
        })
    sender = _addresses(msg, "From")
    date = msg.get("Date")
    when = None
    if date:
        try:
            when = format_dt(email.utils.parsedate_to_datetime(str(date)))
        except (TypeError, ValueError):
            when = None
    values: dict[str, Any] = {
        "subject": str(msg.get("Subject", "")),
        "body": body,
        "body_type": body_type,
        "from_json": sender[0] if sender else None,
        "sender_json": sender[0] if sender else None,
        "to_json": _addresses(msg, "To"),
        "cc_json": _addresses(msg, "Cc"),
        "bcc_json": _addresses(msg, "Bcc"),
        "message_id": str(msg.get("Message-ID", "")) or None,
        "in_reply_to": str(msg.get("In-Reply-To", "")) or None,
        "refs": str(msg.get("References", "")) or None,
        "conversation_topic": str(msg.get("Thread-Topic", "")) or None,
        "attachments_json": attachments,
        "is_draft": draft,
        "is_read": draft or str(msg.get("X-Read", "")).strip() == "1",
    }
    if when:
        values.update(received=when, created=when, modified=when)
        if not draft:
            values["sent"] = when
    values["size"] = estimate_size(values) + sum(a["size"] for a in attachments)
    return values
