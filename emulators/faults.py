"""The fault queue both emulators share: what to break, for which request, how many times.

Which faults exist and what a fired fault looks like on the wire is each emulator's
own (``emulators.ews.faults``, ``emulators.graph.faults`` and their servers); this
module holds only the bookkeeping that is the same for both: a queue of counted
faults, limited to one operation and optionally letting ``after`` matching requests
through first, the edits another client makes between a read and a write, a latency
added to every request, and ``fired[kind]``, the faults that fired by kind.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from emulators.ews.store import MailboxStore

# An edit another client makes to an item: ``edit(store, store_id)``.
Edit = Callable[["MailboxStore", str], Any]


@dataclass
class Fault:
    kind: str  # the emulator's name for it: "busy", "429", "503", "drop", "drop_after_commit"
    remaining: int
    operation: str | None = None
    retry_after: int | None = None
    back_off_ms: int = 0  # EWS ErrorServerBusy's BackOffMilliseconds
    code: str = ""  # Graph's error code for a 429
    skip: int = 0  # let this many matching requests through first


class FaultQueue:
    """Counted faults and pending edits, safe to use from the server's request threads."""

    def __init__(self) -> None:
        self.latency_ms: float = 0.0
        self._lock = threading.Lock()
        self._queue: list[Fault] = []
        self._races: dict[str, list[Edit]] = {}
        self.fired: Counter[str] = Counter()

    def drop_connection(self, count: int = 1, operation: str | None = None, after: int = 0) -> None:
        """Close the socket without an answer, before the request runs."""
        self._add(Fault("drop", count, operation, skip=after))

    def drop_after_commit(self, count: int = 1, operation: str | None = None, after: int = 0) -> None:
        """Run the request (a create or an update changes the mailbox) and then close the
        connection without answering: the client cannot know that its write succeeded."""
        self._add(Fault("drop_after_commit", count, operation, skip=after))

    def race_on_update(self, item_id: str, edit: Edit | dict[str, Any]) -> None:
        """Before the next write of ``item_id``, apply ``edit`` (a store callback or column
        values) as another client would, which bumps the item's version (ChangeKey, ETag)."""
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

    # -- used by the servers -------------------------------------------------------
    def delay(self) -> None:
        """Wait the injected latency, if any (called once a request)."""
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)

    def take(self, operation: str | None, kinds: tuple[str, ...] | None = None) -> Fault | None:
        """The fault this request meets, if any: the first queued one for its operation
        (among ``kinds``, default all); a fault still letting requests through lets this one."""
        with self._lock:
            for fault in self._queue:
                if (kinds is None or fault.kind in kinds) and (fault.operation is None or fault.operation == operation):
                    if fault.skip:
                        fault.skip -= 1
                        return None
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._queue.remove(fault)
                    self.fired[fault.kind] += 1
                    return fault
        return None

    def _run_races(self, store: MailboxStore, ids: Iterable[str], store_id: str) -> None:
        """Apply the edits registered under any of ``ids`` to the item ``store_id``."""
        with self._lock:
            edits = [e for i in ids for e in self._races.pop(i, [])]
        for edit in edits:
            self.fired["race"] += 1
            edit(store, store_id)
