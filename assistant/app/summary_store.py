"""The summary's local cache: per-folder sync states, per-item facts and weekly counts.

A SQLite file in the user's config folder (one per account). It holds counts,
flags, item ids, rule codes and opaque hashes (``core.summary.facts.key``),
never a subject, an address or a body. A page of changes and the sync state
after it are written in one transaction, so a scan cut off anywhere resumes
from the last saved page and never counts an item twice (items are keyed by id).
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from assistant.core.summary.facts import ANALYSED, BULK, CHAIN, PERSONAL, ItemFact

ANALYSIS_BITS = BULK | CHAIN | PERSONAL | ANALYSED  # what reading the text found

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS folders (id TEXT PRIMARY KEY, state TEXT, complete INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY, folder TEXT NOT NULL, change_key TEXT NOT NULL DEFAULT '',
    received REAL, sent REAL, modified REAL, size INTEGER NOT NULL DEFAULT 0, is_read INTEGER NOT NULL DEFAULT 1,
    has_attachments INTEGER NOT NULL DEFAULT 0, flags INTEGER NOT NULL DEFAULT 0, sender TEXT NOT NULL DEFAULT '',
    conversation TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '', in_reply_to TEXT NOT NULL DEFAULT '',
    codes TEXT NOT NULL DEFAULT '', worst INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS items_folder ON items (folder);
CREATE TABLE IF NOT EXISTS weeks (week TEXT NOT NULL, metric TEXT NOT NULL, value INTEGER NOT NULL,
                                  PRIMARY KEY (week, metric));
"""
_COLUMNS = ("id", "folder", "change_key", "received", "sent", "modified", "size", "is_read", "has_attachments",
            "flags", "sender", "conversation", "message", "in_reply_to", "codes", "worst")


def _ts(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def _dt(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, timezone.utc) if value is not None else None


def _row(fact: ItemFact) -> tuple[Any, ...]:
    return (fact.id, fact.folder, fact.change_key, _ts(fact.received), _ts(fact.sent), _ts(fact.modified),
            fact.size, int(fact.is_read), int(fact.has_attachments), fact.flags, fact.sender, fact.conversation,
            fact.message, fact.in_reply_to, ",".join(fact.codes), fact.worst)


def _fact(row: sqlite3.Row | tuple[Any, ...]) -> ItemFact:
    (id_, folder, ck, received, sent, modified, size, is_read, has_att, flags, sender, conv, msg, reply, codes,
     worst) = row
    return ItemFact(id=id_, folder=folder, change_key=ck, received=_dt(received), sent=_dt(sent),
                    modified=_dt(modified), size=size, is_read=bool(is_read), has_attachments=bool(has_att),
                    flags=flags, sender=sender, conversation=conv, message=msg, in_reply_to=reply,
                    codes=tuple(c for c in codes.split(",") if c), worst=worst)


class SummaryStore:
    """The cache for one account. ``path=":memory:"`` for a throw-away one (the demo)."""

    def __init__(self, path: str | Path, account_key: str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY")
        self._db.executescript(SCHEMA)
        if self.meta("account") not in (None, account_key) or self.meta("schema") not in (None, SCHEMA_VERSION):
            self.reset()
        self.set_meta("account", account_key)
        self.set_meta("schema", SCHEMA_VERSION)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- meta ------------------------------------------------------------------------------
    def meta(self, name: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))

    def reset(self) -> None:
        with self._lock:
            self._db.executescript("DELETE FROM meta; DELETE FROM folders; DELETE FROM items; DELETE FROM weeks;")

    # -- sync state --------------------------------------------------------------------------
    def state(self, folder: str) -> tuple[str | None, bool]:
        """(saved sync state or None, whether the folder's first scan finished)."""
        with self._lock:
            row = self._db.execute("SELECT state, complete FROM folders WHERE id = ?", (folder,)).fetchone()
        return (row[0], bool(row[1])) if row else (None, False)

    def forget_folder(self, folder: str) -> None:
        """Drop a folder's items and state (its sync state was refused, or it is gone)."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM items WHERE folder = ?", (folder,))
            self._db.execute("DELETE FROM folders WHERE id = ?", (folder,))
            self._db.execute("COMMIT")

    def folders(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT id FROM folders")]

    def apply(self, folder: str, upserts: Iterable[ItemFact], read_flags: Iterable[tuple[str, bool]],
              deletes: Iterable[str], state: str, complete: bool) -> None:
        """One page of changes and the state after it, atomically. An item seen again
        (a repeated page, an update) replaces its row; its analysis is kept only
        while its ChangeKey is the same."""
        with self._lock:
            db = self._db
            db.execute("BEGIN")
            try:
                for fact in upserts:
                    old = db.execute("SELECT change_key, flags, codes, worst FROM items WHERE id = ?",
                                     (fact.id,)).fetchone()
                    row = list(_row(fact))
                    if old is not None and old[0] == fact.change_key and fact.change_key:
                        row[9], row[14], row[15] = (fact.flags & ~ANALYSIS_BITS) | (old[1] & ANALYSIS_BITS), old[2], old[3]
                    db.execute(f"INSERT OR REPLACE INTO items ({', '.join(_COLUMNS)}) VALUES "
                               f"({', '.join('?' * len(_COLUMNS))})", row)
                db.executemany("UPDATE items SET is_read = ? WHERE id = ?", ((int(r), i) for i, r in read_flags))
                db.executemany("DELETE FROM items WHERE id = ?", ((i,) for i in deletes))
                db.execute("INSERT OR REPLACE INTO folders (id, state, complete) VALUES (?, ?, ?)",
                           (folder, state, int(complete)))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    # -- items --------------------------------------------------------------------------------
    def items(self, folders: Iterable[str] | None = None) -> Iterator[ItemFact]:
        """Every cached item (of ``folders``), streamed in pages so memory stays flat."""
        wanted = None if folders is None else list(folders)
        with self._lock:
            if wanted is None:
                cur = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM items")
            else:
                marks = ", ".join("?" * len(wanted))
                cur = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM items WHERE folder IN ({marks})", wanted)
            rows = cur.fetchmany(2000)
        while rows:
            for r in rows:
                yield _fact(r)
            with self._lock:
                rows = cur.fetchmany(2000)

    def in_period(self, folder: str, start: datetime, end: datetime, column: str = "received") -> list[ItemFact]:
        assert column in ("received", "sent")
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM items WHERE folder = ? AND {column} >= ? AND {column} < ?",
                (folder, start.timestamp(), end.timestamp())).fetchall()
        return [_fact(r) for r in rows]

    def save_analysis(self, facts: Iterable[ItemFact]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("UPDATE items SET flags = ?, codes = ?, worst = ? WHERE id = ? AND change_key = ?",
                                 ((f.flags, ",".join(f.codes), f.worst, f.id, f.change_key) for f in facts))
            self._db.execute("COMMIT")

    def count(self, folder: str | None = None) -> int:
        with self._lock:
            if folder is None:
                return self._db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
            return self._db.execute("SELECT COUNT(*) FROM items WHERE folder = ?", (folder,)).fetchone()[0]

    # -- weekly counts ------------------------------------------------------------------------
    def save_week(self, week: str, metrics: dict[str, int]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO weeks (week, metric, value) VALUES (?, ?, ?)",
                                 ((week, k, int(v)) for k, v in metrics.items()))
            self._db.execute("COMMIT")

    def history(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        with self._lock:
            for week, metric, value in self._db.execute("SELECT week, metric, value FROM weeks"):
                out.setdefault(week, {})[metric] = value
        return out
