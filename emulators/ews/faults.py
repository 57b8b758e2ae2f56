"""Fault injection for the EWS emulator: the ways a real Exchange misbehaves.

    handle.faults.latency_ms = 5                   # every request
    handle.faults.server_busy(count=2, back_off_ms=800)   # ErrorServerBusy + BackOffMilliseconds
    handle.faults.http_503(count=3, retry_after=1)
    handle.faults.drop_connection(count=1)         # close the socket, no response
    handle.faults.drop_after_commit(count=1, operation="UpdateItem")
                                                   # apply the request, then close the
                                                   # socket without its response (a lost answer)
    handle.faults.race_on_update(item_id, edit)    # someone edits between read and write

Each fault can be limited to one EWS operation (``operation="UpdateItem"``);
``after=N`` lets N matching requests through first (drop_connection, drop_after_commit).
``handle.faults.fired[kind]`` counts the faults that fired, by kind ("busy", "503",
"drop", "drop_after_commit", "race").
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from emulators.ews.store import MailboxStore


@dataclass
class Fault:
    kind: str  # "busy" | "503" | "drop" | "drop_after_commit"
    remaining: int
    operation: str | None = None
    back_off_ms: int = 0
    retry_after: int | None = None
    skip: int = 0  # let this many matching requests through first


class Faults:
    def __init__(self) -> None:
        self.latency_ms: float = 0.0
        self._lock = threading.Lock()
        self._queue: list[Fault] = []
        self._races: dict[str, list[Callable[[MailboxStore, str], Any]]] = {}
        self.fired: Counter[str] = Counter()

    def server_busy(self, count: int = 1, back_off_ms: int = 1000, operation: str | None = None) -> None:
        self._add(Fault("busy", count, operation, back_off_ms=back_off_ms))

    def http_503(self, count: int = 1, retry_after: int | None = None, operation: str | None = None) -> None:
        self._add(Fault("503", count, operation, retry_after=retry_after))

    def drop_connection(self, count: int = 1, operation: str | None = None, after: int = 0) -> None:
        self._add(Fault("drop", count, operation, skip=after))

    def drop_after_commit(self, count: int = 1, operation: str | None = None, after: int = 0) -> None:
        """Run the request (CreateItem, UpdateItem... change the mailbox) and then close the
        connection without answering: the client cannot know that its write succeeded."""
        self._add(Fault("drop_after_commit", count, operation, skip=after))

    def race_on_update(self, item_id: str, edit: Callable[[MailboxStore, str], Any] | dict[str, Any]) -> None:
        """Before the next UpdateItem of ``item_id``, apply ``edit`` (a store callback or column
        values) as another client would, which bumps the item's ChangeKey."""
        if isinstance(edit, dict):
            values = dict(edit)
            edit = lambda store, iid: store.update_item(iid, values)  # noqa: E731
        with self._lock:
            self._races.setdefault(item_id, []).append(edit)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
            self._races.clear()
            self.latency_ms = 0.0

    def _add(self, fault: Fault) -> None:
        if fault.remaining < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._queue.append(fault)

    # -- used by the server --------------------------------------------
    def take(self, operation: str | None) -> Fault | None:
        with self._lock:
            for fault in self._queue:
                if fault.operation is None or fault.operation == operation:
                    if fault.skip:
                        fault.skip -= 1
                        return None
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._queue.remove(fault)
                    self.fired[fault.kind] += 1
                    return fault
        return None

    def before_update(self, store: MailboxStore, item_id: str) -> None:
        with self._lock:
            edits = self._races.pop(item_id, [])
        for edit in edits:
            self.fired["race"] += 1
            edit(store, item_id)
