"""Fault injection for the Graph emulator: the ways Exchange Online misbehaves.

    handle.faults.latency_ms = 5                         # every Graph request
    handle.faults.throttle(count=2, retry_after=1)       # 429 ApplicationThrottled + Retry-After
    handle.faults.throttle(code="TooManyRequests")
    handle.faults.http_503(count=3, retry_after=1)       # 503 ServiceUnavailable (+ Retry-After)
    handle.faults.drop_connection(count=1, after=2)      # close the socket, no response
    handle.faults.drop_after_commit(operation="messages.update")   # apply, then lose the answer
    handle.faults.race_on_update(item_id, edit)          # someone edits between read and write
                                                         # (item_id: the Graph id or the store id)

``operation`` limits a fault to one route (names in ``routes.OPERATIONS``: "me",
"messages.list", "messages.get", "messages.update", "messages.delete", "messages.create",
"messages.send", "sendMail", "delta", "batch", ...); throttles and 503s also hit the
requests inside a ``$batch`` (as Graph answers them one by one). ``after=N`` lets N
matching requests through first. ``fired[kind]`` counts the faults that fired.
"""

from __future__ import annotations

from emulators.ews.store import MailboxStore
from emulators.faults import Fault, FaultQueue

__all__ = ["Fault", "Faults"]


class Faults(FaultQueue):
    """Graph's own faults; counting, drops, races and latency are ``FaultQueue``'s."""

    def throttle(self, count: int = 1, retry_after: int = 1, operation: str | None = None,
                 code: str = "ApplicationThrottled", after: int = 0) -> None:
        self._add(Fault("429", count, operation, retry_after=retry_after, code=code, skip=after))

    def http_503(self, count: int = 1, retry_after: int | None = None, operation: str | None = None,
                 after: int = 0) -> None:
        self._add(Fault("503", count, operation, retry_after=retry_after, skip=after))

    # -- used by the server ---------------------------------------------------
    def before_write(self, store: MailboxStore, store_id: str, graph_id: str) -> None:
        """Run the edits registered for this item (by either id); they get the store id."""
        self._run_races(store, {store_id, graph_id}, store_id)
