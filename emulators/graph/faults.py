"""Fault injection for the Graph emulator: the ways Exchange Online misbehaves.

    handle.faults.latency_ms = 5                         # every Graph request
    handle.faults.throttle(count=2, retry_after=1)       # 429 ApplicationThrottled + Retry-After
    handle.faults.throttle(code="TooManyRequests")
    handle.faults.http_503(count=3, retry_after=1)       # 503 ServiceUnavailable (+ Retry-After)
    handle.faults.drop_connection(count=1, after=2)      # close the socket, no response
    handle.faults.drop_after_commit(operation="messages.update")   # apply, then lose the answer
    handle.faults.race_on_update(item_id, edit)          # someone edits between read and write

``operation`` limits a fault to one route (names in ``routes.OPERATIONS``: "me",
"messages.list", "messages.get", "messages.update", "messages.delete", "messages.create",
"messages.send", "sendMail", "delta", "batch", ...); throttles and 503s also hit the
requests inside a ``$batch`` (as Graph answers them one by one). ``after=N`` lets N
matching requests through first. ``fired[kind]`` counts the faults that fired.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from emulators.ews.store import MailboxStore


@dataclass
class Fault:
    kind: str  # "429" | "503" | "drop" | "drop_after_commit"
    remaining: int
    operation: str | None = None
    retry_after: int | None = None
    code: str = ""
    skip: int = 0


class Faults:
    def __init__(self) -> None:
        self.latency_ms: float = 0.0
        self._lock = threading.Lock()
        self._queue: list[Fault] = []
        self._races: dict[str, list[Callable[[MailboxStore, str], Any]]] = {}
        self.fired: Counter[str] = Counter()

    def throttle(self, count: int = 1, retry_after: int = 1, operation: str | None = None,
                 code: str = "ApplicationThrottled", after: int = 0) -> None:
        self._add(Fault("429", count, operation, retry_after=retry_after, code=code, skip=after))

    def http_503(self, count: int = 1, retry_after: int | None = None, operation: str | None = None,
                 after: int = 0) -> None:
        self._add(Fault("503", count, operation, retry_after=retry_after, skip=after))

    def drop_connection(self, count: int = 1, operation: str | None = None, after: int = 0) -> None:
        self._add(Fault("drop", count, operation, skip=after))

    def drop_after_commit(self, count: int = 1, operation: str | None = None, after: int = 0) -> None:
        self._add(Fault("drop_after_commit", count, operation, skip=after))

    def race_on_update(self, item_id: str, edit: Callable[[MailboxStore, str], Any] | dict[str, Any]) -> None:
        """Before the next PATCH/DELETE of ``item_id`` (Graph id or store id), apply ``edit`` as
        another client would (a store callback, or column values), which bumps the ETag."""
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

    # -- used by the server ---------------------------------------------------
    def take(self, operation: str, kinds: tuple[str, ...] = ("429", "503", "drop", "drop_after_commit")) -> Fault | None:
        with self._lock:
            for fault in self._queue:
                if fault.kind in kinds and (fault.operation is None or fault.operation == operation):
                    if fault.skip:
                        fault.skip -= 1
                        return None
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._queue.remove(fault)
                    self.fired[fault.kind] += 1
                    return fault
        return None

    def before_write(self, store: MailboxStore, store_id: str, graph_id: str) -> None:
        """Run the edits registered for this item (by either id); they get the store id."""
        with self._lock:
            edits = [e for i in {store_id, graph_id} for e in self._races.pop(i, [])]
        for edit in edits:
            self.fired["race"] += 1
            edit(store, store_id)
