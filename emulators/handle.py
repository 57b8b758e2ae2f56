"""The life of a running emulator, the same for both: serve in a background thread, read the
request statistics, stop (with the TLS certificate's folder).

Each emulator's handle (``emulators.ews.EmulatorHandle``,
``emulators.graph.GraphEmulatorHandle``) adds what its protocol's clients need.
"""

from __future__ import annotations

import threading
from typing import Any, Generic, Self, TypeVar

from emulators.http_server import EmulatorServer

Record = TypeVar("Record")  # what the server keeps of one request (see its ``recent``)


def serve_in_background(server: EmulatorServer, name: str) -> threading.Thread:
    """Start serving in a daemon thread; ``stop()`` ends it within the poll interval."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True, kwargs={"poll_interval": 0.1})
    thread.start()
    return thread


class ServerHandle(Generic[Record]):
    """Mixed into an emulator's handle, which has the fields ``_server``, ``_thread`` and
    ``_tmp`` (the TLS certificate's temporary folder, or None). Also a context manager."""

    _server: EmulatorServer
    _thread: threading.Thread
    _tmp: Any

    @property
    def stats(self) -> dict[str, int]:
        with self._server.stats_lock:
            return dict(self._server.stats)

    def requests(self, operation: str | None = None) -> list[Record]:
        """Recent requests, oldest first (all, or ``operation``'s); the record's second field
        is the operation."""
        return [r for r in list(self._server.recent) if operation is None or r[1] == operation]

    def reset_stats(self) -> None:
        with self._server.stats_lock:
            self._server.stats.clear()
            self._server.recent.clear()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
