"""uvicorn's HTTP/1.1 protocol with a deadline for request heads (slow loris).

uvicorn closes idle keep-alive connections (``timeout_keep_alive``) but sets
no limit on how long a request's headers may take to arrive, and h11 has none
either: a client sending one header line every few seconds holds a connection
open for as long as it likes. Here every request head must be complete within
``head_timeout`` seconds of the connection opening (after the TLS handshake)
or of the previous response; otherwise the client gets ``408`` and the
connection is closed. Bodies have their own deadline in app.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_TIMEOUT = 10.0
_REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


class HeadTimeoutProtocol(H11Protocol):
    """Pass as ``uvicorn.Config(http=...)``; ``config.head_timeout`` overrides the default."""

    def __init__(self, config: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.head_timeout = float(getattr(config, "head_timeout", HEAD_TIMEOUT))
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle:  # a complete request head has arrived
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        # Armed first: the base class may start a pipelined request right away,
        # which cancels it again through handle_events.
        self._arm_head_timer()
        super().on_response_complete()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:  # nothing being answered
            self.transport.write(_REQUEST_TIMEOUT)
        self.transport.close()
