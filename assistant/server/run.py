"""Run the API over TLS on 127.0.0.1 (uvicorn in a background thread).

The socket is bound here, before the app is built, so the Host/Origin checks
know the real port even when the OS picks it (port 0). The address is fixed
to loopback: there is deliberately no option to listen elsewhere.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from assistant.config import config_dir
from assistant.server.app import Settings, create_app
from assistant.server.security import load_or_create_token
from assistant.server.service import Companion
from assistant.server.timeouts import HEAD_TIMEOUT, HeadTimeoutProtocol
from assistant.server.tls import TlsFiles, ensure_certificate

HOST = "127.0.0.1"
DEFAULT_PORT = 8431
START_TIMEOUT = 20.0
KEEP_ALIVE = 5  # seconds an idle keep-alive connection stays open (uvicorn's timeout_keep_alive)


@dataclass
class ServerHandle:
    port: int
    token: str
    tls: TlsFiles
    companion: Companion
    _server: uvicorn.Server
    _thread: threading.Thread

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.port}/"

    @property
    def app_url(self) -> str:
        """The UI with the token in the fragment (never sent over the wire, see ui/js/api.js)."""
        return f"{self.url}#token={self.token}"

    def stop(self, timeout: float = 10.0) -> None:
        """Refuse new requests, let those in flight finish, then close the mailbox.

        Idle keep-alive TLS connections are not waited for: a closed window's
        web view may never answer the TLS close, and uvicorn would wait on it.
        """
        guard = self._server.config.app
        guard.draining = True
        waited = 0.0
        while guard.active and waited < timeout:
            time.sleep(0.02)
            waited += 0.02
        self._server.config.timeout_graceful_shutdown = 1
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():  # a stuck request: give up on it
            self._server.force_exit = True
            self._thread.join(timeout)
        self.companion.close()

    def __enter__(self) -> "ServerHandle":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def bind(port: int) -> socket.socket:
    # proto must say TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets
    # only then, and without it every response waits out a delayed ACK (~40 ms).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {HOST}:{port} ({exc.strerror}); is another copy running? try --port") from None
    sock.listen(128)
    return sock


def start_server(
    companion: Companion,
    port: int = 0,
    *,
    home: Path | None = None,
    desktop: bool = False,
    info: dict[str, Any] | None = None,
    log_level: str = "warning",
    head_timeout: float = HEAD_TIMEOUT,
) -> ServerHandle:
    """Serve ``companion`` on 127.0.0.1 over TLS in a background thread.

    Connections are bounded in time: idle keep-alives close after KEEP_ALIVE
    seconds, a request head must arrive within ``head_timeout`` (timeouts.py)
    and a body within app.BODY_TIMEOUT.
    """
    home = home or config_dir()
    tls = ensure_certificate(home / "tls")
    token = load_or_create_token(home)
    sock = bind(port)
    real_port = sock.getsockname()[1]
    app = create_app(Settings(port=real_port, token=token, companion=companion, desktop=desktop, info=info or {}))
    config = uvicorn.Config(
        app,
        ssl_certfile=str(tls.cert),
        ssl_keyfile=str(tls.key),
        log_level=log_level,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,  # requests in flight are drained first (stop())
        http=HeadTimeoutProtocol,
        timeout_keep_alive=KEEP_ALIVE,
    )
    config.head_timeout = head_timeout  # read by HeadTimeoutProtocol
    server = uvicorn.Server(config)
    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # reported to the caller below
            failed.append(exc)
        finally:
            sock.close()

    thread = threading.Thread(target=run, name="companion-api", daemon=True)
    thread.start()
    waited = 0.0
    while not server.started and thread.is_alive() and waited < START_TIMEOUT:
        thread.join(0.02)
        waited += 0.02
    if not server.started:
        server.should_exit = True
        thread.join(5)
        raise RuntimeError(f"the API did not start: {failed[0] if failed else 'timed out'}")
    return ServerHandle(real_port, token, tls, companion, server, thread)
