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

from emulators.ews.store import MailboxStore
from emulators.faults import Fault, FaultQueue

__all__ = ["Fault", "Faults"]


class Faults(FaultQueue):
    """EWS's own faults; counting, drops, races and latency are ``FaultQueue``'s."""

    def server_busy(self, count: int = 1, back_off_ms: int = 1000, operation: str | None = None) -> None:
        self._add(Fault("busy", count, operation, back_off_ms=back_off_ms))

    def http_503(self, count: int = 1, retry_after: int | None = None, operation: str | None = None) -> None:
        self._add(Fault("503", count, operation, retry_after=retry_after))

    # -- used by the server --------------------------------------------
    def before_update(self, store: MailboxStore, item_id: str) -> None:
        """Run the edits registered for ``item_id`` (before its UpdateItem)."""
        self._run_races(store, (item_id,), item_id)
