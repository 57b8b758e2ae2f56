"""The emulated mailbox: folders, items, a change log and a directory, in SQLite.

One connection guarded by a lock: the HTTP server is threaded, SQLite is not
the bottleneck at these sizes, and it keeps read-modify-write steps atomic
(ChangeKey checks happen under the same lock as the write).
"""

from __future__ import annotations

import base64
import json
import sqlite3
import struct
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator

ITEM_COLUMNS = (
    "item_class", "subject", "body", "body_type", "from_json", "sender_json", "to_json", "cc_json",
    "bcc_json", "reply_to_json", "received", "sent", "created", "modified", "size", "is_read",
    "is_draft", "is_submitted", "importance", "sensitivity", "in_reply_to", "message_id", "refs",
    "conversation_topic", "conversation_index", "categories_json", "attachments_json",
    "has_attachments", "read_receipt", "delivery_receipt", "extended_json", "mime",
)
# Columns whose change makes Exchange rebuild an item's MIME content from its properties.
_MIME_SOURCES = frozenset(ITEM_COLUMNS) - {"is_read", "extended_json", "mime", "modified", "size"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS folders (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1, parent_id TEXT,
    distinguished TEXT UNIQUE, display_name TEXT NOT NULL, folder_class TEXT NOT NULL DEFAULT 'IPF.Note'
);
CREATE TABLE IF NOT EXISTS items (
    pk INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, folder TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
    item_class TEXT NOT NULL DEFAULT 'IPM.Note', subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',
    body_type TEXT NOT NULL DEFAULT 'HTML', from_json TEXT, sender_json TEXT, to_json TEXT NOT NULL DEFAULT '[]',
    cc_json TEXT NOT NULL DEFAULT '[]', bcc_json TEXT NOT NULL DEFAULT '[]', reply_to_json TEXT NOT NULL DEFAULT '[]',
    received TEXT, sent TEXT, created TEXT, modified TEXT, size INTEGER NOT NULL DEFAULT 0,
    is_read INTEGER NOT NULL DEFAULT 0, is_draft INTEGER NOT NULL DEFAULT 0, is_submitted INTEGER NOT NULL DEFAULT 0,
    importance TEXT NOT NULL DEFAULT 'Normal', sensitivity TEXT NOT NULL DEFAULT 'Normal', in_reply_to TEXT,
    message_id TEXT, refs TEXT, conversation_topic TEXT, conversation_index TEXT,
    categories_json TEXT NOT NULL DEFAULT '[]', attachments_json TEXT NOT NULL DEFAULT '[]',
    has_attachments INTEGER NOT NULL DEFAULT 0, read_receipt INTEGER NOT NULL DEFAULT 0,
    delivery_receipt INTEGER NOT NULL DEFAULT 0, article INTEGER,
    extended_json TEXT NOT NULL DEFAULT '{}', mime BLOB
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS items_folder_received ON items (folder, received DESC, pk DESC);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, folder TEXT NOT NULL, item_id TEXT NOT NULL, kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_folder ON changes (folder, seq);
CREATE TABLE IF NOT EXISTS directory (
    address TEXT PRIMARY KEY COLLATE NOCASE, name TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'Mailbox',
    given_name TEXT, surname TEXT, title TEXT, department TEXT, company TEXT, office TEXT,
    phone TEXT, mobile TEXT, members_json TEXT NOT NULL DEFAULT '[]'
);
"""

# Folders every Exchange mailbox has; (distinguished id, display name, parent, folder class).
# Calendar, Contacts, Tasks, Notes and Journal are there too, as in any mailbox: clients such
# as DavMail ask for them at logon (they hold no items here).
STANDARD_FOLDERS = (
    ("root", "Root", None, "IPF.Note"),
    ("msgfolderroot", "Top of Information Store", "root", "IPF.Note"),
    ("inbox", "Inbox", "msgfolderroot", "IPF.Note"),
    ("drafts", "Drafts", "msgfolderroot", "IPF.Note"),
    ("sentitems", "Sent Items", "msgfolderroot", "IPF.Note"),
    ("deleteditems", "Deleted Items", "msgfolderroot", "IPF.Note"),
    ("outbox", "Outbox", "msgfolderroot", "IPF.Note"),
    ("junkemail", "Junk Email", "msgfolderroot", "IPF.Note"),
    ("calendar", "Calendar", "msgfolderroot", "IPF.Appointment"),
    ("contacts", "Contacts", "msgfolderroot", "IPF.Contact"),
    ("tasks", "Tasks", "msgfolderroot", "IPF.Task"),
    ("notes", "Notes", "msgfolderroot", "IPF.StickyNote"),
    ("journal", "Journal", "msgfolderroot", "IPF.Journal"),
)


def is_mail_folder(folder_class: str) -> bool:
    """IPF.Note and its subclasses hold mail; calendars, contacts, tasks... do not."""
    return folder_class == "IPF.Note" or folder_class.startswith("IPF.Note.")


def now_utc() -> str:
    return format_dt(datetime.now(timezone.utc))


def format_dt(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    # Shaped like Exchange ids: opaque base64 with +, / and = in it.
    return base64.b64encode(b"AAMkAD" + uuid.uuid4().bytes + b"\x00\x00").decode("ascii")


def change_key(pk: int, version: int) -> str:
    return base64.b64encode(b"\x16\x00\x00\x00" + struct.pack(">QI", pk, version)).decode("ascii")


def folder_change_key(version: int) -> str:
    return base64.b64encode(b"\x01\x00\x00\x00" + struct.pack(">I", version)).decode("ascii")


@dataclass
class Person:
    address: str
    name: str
    kind: str = "Mailbox"  # or "PublicDL"
    given_name: str = ""
    surname: str = ""
    title: str = ""
    department: str = ""
    company: str = ""
    office: str = ""
    phone: str = ""
    mobile: str = ""
    members: list[str] = field(default_factory=list)


class MailboxStore:
    def __init__(self, owner: str, owner_name: str = "", path: str = ":memory:") -> None:
        self.owner = owner.lower()
        self.owner_name = owner_name or owner
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=MEMORY")
        self._db.executescript(SCHEMA)
        have = {r["name"] for r in self._db.execute("PRAGMA table_info(items)")}
        for col, decl in (("article", "INTEGER"), ("extended_json", "TEXT NOT NULL DEFAULT '{}'"), ("mime", "BLOB")):
            if col not in have:  # a mailbox file from before these columns
                self._db.execute(f"ALTER TABLE items ADD COLUMN {col} {decl}")
        if not self._db.execute("SELECT 1 FROM folders LIMIT 1").fetchone():
            ids: dict[str, str] = {}
            for dist, name, parent, folder_class in STANDARD_FOLDERS:
                ids[dist] = new_id()
                self._db.execute(
                    "INSERT INTO folders (id, parent_id, distinguished, display_name, folder_class) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (ids[dist], ids.get(parent) if parent else None, dist, name, folder_class),
                )

    # -- folders ---------------------------------------------------------
    def folder(self, *, id: str | None = None, distinguished: str | None = None) -> sqlite3.Row | None:
        with self._lock:
            if id is not None:
                return self._db.execute("SELECT * FROM folders WHERE id = ?", (id,)).fetchone()
            return self._db.execute("SELECT * FROM folders WHERE distinguished = ?", (distinguished,)).fetchone()

    def folder_id(self, distinguished: str) -> str:
        row = self.folder(distinguished=distinguished)
        if row is None:
            raise KeyError(distinguished)
        return row["id"]

    def child_folders(self, parent_id: str, deep: bool) -> list[sqlite3.Row]:
        with self._lock:
            out: list[sqlite3.Row] = []
            todo = [parent_id]
            while todo:
                pid = todo.pop(0)
                rows = self._db.execute(
                    "SELECT * FROM folders WHERE parent_id = ? ORDER BY display_name", (pid,)
                ).fetchall()
                out.extend(rows)
                if deep:
                    todo.extend(r["id"] for r in rows)
            return out

    def folder_counts(self, folder_id: str) -> tuple[int, int, int]:
        """(total items, unread items, child folders)."""
        with self._lock:
            total, unread = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(1 - is_read), 0) FROM items WHERE folder = ?", (folder_id,)
            ).fetchone()
            children = self._db.execute("SELECT COUNT(*) FROM folders WHERE parent_id = ?", (folder_id,)).fetchone()[0]
            return total, unread, children

    def add_folder(self, parent_id: str, name: str) -> str:
        with self._lock:
            fid = new_id()
            self._db.execute(
                "INSERT INTO folders (id, parent_id, display_name) VALUES (?, ?, ?)", (fid, parent_id, name)
            )
            return fid

    # -- items -----------------------------------------------------------
    def add_item(self, folder_id: str, values: dict[str, Any]) -> tuple[str, str]:
        with self._lock:
            item_id = new_id()
            vals = _normalise(values)
            vals.setdefault("created", now_utc())
            vals.setdefault("modified", vals["created"])
            vals.setdefault("received", vals["created"])
            cols = ["id", "folder", "article", *vals]
            cur = self._db.execute(
                f"INSERT INTO items ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                (item_id, folder_id, self._articles(1), *vals.values()),
            )
            self._log(folder_id, item_id, "create")
            return item_id, change_key(cur.lastrowid, 1)

    def bulk_add(self, folder_id: str, rows: Iterable[dict[str, Any]]) -> int:
        """Fast seeding for large folders (benchmarks); no change log."""
        n = 0
        with self._lock:
            self._db.execute("BEGIN")
            try:
                batch: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
                rows = list(rows)
                article = self._articles(len(rows))
                for values in rows:
                    vals = _normalise(values)
                    vals.setdefault("created", now_utc())
                    vals.setdefault("modified", vals["created"])
                    vals.setdefault("received", vals["created"])
                    key = tuple(vals)
                    batch.setdefault(key, []).append((new_id(), folder_id, article + n, *vals.values()))
                    n += 1
                for key, params in batch.items():
                    cols = ["id", "folder", "article", *key]
                    self._db.executemany(
                        f"INSERT INTO items ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", params
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return n

    def get_item(self, item_id: str) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()

    def item_change_key(self, row: sqlite3.Row) -> str:
        return change_key(row["pk"], row["version"])

    def update_item(self, item_id: str, values: dict[str, Any], *, expected_change_key: str | None = None) -> str:
        """Write fields and bump the ChangeKey; raises StaleChangeKey on a mismatch."""
        with self._lock:
            row = self.get_item(item_id)
            if row is None:
                raise KeyError(item_id)
            if expected_change_key is not None and expected_change_key != self.item_change_key(row):
                raise StaleChangeKey(item_id)
            vals = _normalise(values)
            vals["modified"] = now_utc()
            if "mime" not in vals and set(vals) & _MIME_SOURCES:
                vals["mime"] = None  # the content changed: MIME is rebuilt from the properties
            sets = ", ".join(f"{k} = ?" for k in vals)
            self._db.execute(
                f"UPDATE items SET {sets}, version = version + 1 WHERE id = ?", (*vals.values(), item_id)
            )
            only_read = set(values) <= {"is_read"}
            self._log(row["folder"], item_id, "readflag" if only_read else "update")
            return change_key(row["pk"], row["version"] + 1)

    def move_item(self, item_id: str, folder_id: str, values: dict[str, Any] | None = None) -> str:
        with self._lock:
            row = self.get_item(item_id)
            if row is None:
                raise KeyError(item_id)
            vals = _normalise(values or {})
            vals["folder"] = folder_id
            vals["article"] = self._articles(1)  # a new article number in the folder it moved to
            sets = ", ".join(f"{k} = ?" for k in vals)
            self._db.execute(f"UPDATE items SET {sets}, version = version + 1 WHERE id = ?", (*vals.values(), item_id))
            self._log(row["folder"], item_id, "delete")
            self._log(folder_id, item_id, "create")
            return change_key(row["pk"], row["version"] + 1)

    def delete_item(self, item_id: str) -> None:
        with self._lock:
            row = self.get_item(item_id)
            if row is None:
                raise KeyError(item_id)
            self._db.execute("DELETE FROM items WHERE id = ?", (item_id,))
            self._log(row["folder"], item_id, "delete")

    def find_items(
        self,
        folder_id: str,
        where: str = "",
        params: tuple[Any, ...] = (),
        order: str = "received DESC, pk DESC",
        offset: int = 0,
        limit: int | None = None,
        columns: str = "*",
    ) -> tuple[list[sqlite3.Row], int]:
        """One page of a folder's items and the total that match."""
        cond = "folder = ?" + (f" AND ({where})" if where else "")
        with self._lock:
            total = self._db.execute(f"SELECT COUNT(*) FROM items WHERE {cond}", (folder_id, *params)).fetchone()[0]
            sql = f"SELECT {columns} FROM items WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?"
            rows = self._db.execute(sql, (folder_id, *params, -1 if limit is None else limit, offset)).fetchall()
            return rows, total

    def _articles(self, count: int) -> int:
        """The first of ``count`` new article numbers (PR_INTERNET_ARTICLE_NUMBER): a counter
        that only grows, so a number is never reused, in any folder (IMAP UIDs rely on it)."""
        row = self._db.execute("SELECT value FROM counters WHERE name = 'article'").fetchone()
        first = (row["value"] if row else 0) + 1
        self._db.execute("INSERT OR REPLACE INTO counters (name, value) VALUES ('article', ?)", (first + count - 1,))
        return first

    # -- change log (SyncFolderItems) --------------------------------------
    def _log(self, folder_id: str, item_id: str, kind: str) -> None:
        self._db.execute("INSERT INTO changes (folder, item_id, kind) VALUES (?, ?, ?)", (folder_id, item_id, kind))

    def last_seq(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0]

    def changes_since(self, folder_id: str, seq: int) -> Iterator[tuple[int, str, str]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, item_id, kind FROM changes WHERE folder = ? AND seq > ? ORDER BY seq", (folder_id, seq)
            ).fetchall()
        for r in rows:
            yield r["seq"], r["item_id"], r["kind"]

    def item_ids_in(self, folder_id: str) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT id FROM items WHERE folder = ? ORDER BY pk", (folder_id,))]

    # -- directory ---------------------------------------------------------
    def add_person(self, person: Person) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO directory (address, name, kind, given_name, surname, title, department,"
                " company, office, phone, mobile, members_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    person.address, person.name, person.kind, person.given_name, person.surname, person.title,
                    person.department, person.company, person.office, person.phone, person.mobile,
                    json.dumps(person.members),
                ),
            )

    def person(self, address: str) -> Person | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM directory WHERE address = ?", (address.strip(),)).fetchone()
        return _person(row) if row else None

    def search_people(self, text: str) -> list[Person]:
        """ResolveNames matching: exact address, or a prefix of the name, given name, surname or alias."""
        text = text.strip()
        if text.lower().startswith("smtp:"):
            text = text[5:]
        exact = self.person(text)
        if exact:
            return [exact]
        like = _like_prefix(text)
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM directory WHERE name LIKE ? ESCAPE '\\' OR given_name LIKE ? ESCAPE '\\'"
                " OR surname LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\' ORDER BY name",
                (like, like, like, like),
            ).fetchall()
        return [_person(r) for r in rows]


class StaleChangeKey(Exception):
    pass


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _person(row: sqlite3.Row) -> Person:
    return Person(
        address=row["address"], name=row["name"], kind=row["kind"], given_name=row["given_name"] or "",
        surname=row["surname"] or "", title=row["title"] or "", department=row["department"] or "",
        company=row["company"] or "", office=row["office"] or "", phone=row["phone"] or "",
        mobile=row["mobile"] or "", members=json.loads(row["members_json"] or "[]"),
    )


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in ITEM_COLUMNS and key not in ("folder", "article"):
            raise ValueError(f"unknown item column {key!r}")
        if key.endswith("_json") and not isinstance(value, str) and value is not None:
            value = json.dumps(value)
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, datetime):
            value = format_dt(value)
        out[key] = value
    if "from_json" in out and "sender_json" not in out:
        out["sender_json"] = out["from_json"]  # Sender is From unless someone sends on behalf
    if "attachments_json" in out:
        out["has_attachments"] = int(bool(json.loads(out["attachments_json"] or "[]")))
    return out
