"""The HTTP plumbing both emulators share: a threaded server that counts what it serves,
and a request handler that answers like IIS (Exchange and Exchange Online both sit on it).

What a request means, how it is authenticated and what an error looks like on the wire
stay in each emulator's ``server`` module.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class EmulatorServer(ThreadingHTTPServer):
    """``stats`` counts requests by key (under ``stats_lock``); ``recent`` keeps the last
    ``recent_limit`` request records so tests can see what a client sent."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], recent_limit: int) -> None:
        super().__init__(address, handler)
        self.stats: Counter[str] = Counter()
        self.stats_lock = threading.Lock()
        self.recent: deque[Any] = deque(maxlen=recent_limit)

    def count(self, key: str, n: int = 1) -> None:
        with self.stats_lock:
            self.stats[key] += n


class IisRequestHandler(BaseHTTPRequestHandler):
    """Keep-alive, IIS's Server header and prompt answers; logs go to ``logger`` at debug level."""

    protocol_version = "HTTP/1.1"  # keep-alive, as clients expect from IIS
    server_version = "Microsoft-IIS/10.0"
    sys_version = ""
    # Answer at once (TCP_NODELAY), as IIS does: headers and body go out in separate
    # writes, and with delayed ACKs every small answer would otherwise wait ~40 ms.
    disable_nagle_algorithm = True
    logger = logging.getLogger(__name__)  # each emulator's handler names its own

    def version_string(self) -> str:
        return self.server_version  # "Microsoft-IIS/10.0", without Python's trailing version

    def log_message(self, format: str, *args: object) -> None:  # quiet by default
        self.logger.debug("%s " + format, self.address_string(), *args)

    def _drop(self) -> None:
        """Close the socket without a response, as a connection lost in transit."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
