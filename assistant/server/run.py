"""Run the API over TLS on 127.0.0.1 (uvicorn in a background thread), or the
District-hosted service (``serve_public``: uvicorn in the foreground, N workers).

The socket is bound here, before the app is built, so the Host/Origin checks
know the real port even when the OS picks it (port 0). The companion's address
is fixed to loopback: there is deliberately no option to listen elsewhere.
Only the hosted service, which reads no mailbox and keeps nothing, listens on
the address it is given.
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

from assistant.config import TLS_DIR, config_dir
from assistant.server.app import BODY_TIMEOUT, Settings, create_app
from assistant.server.security import session_token
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


def bind(port: int, host: str = HOST) -> socket.socket:
    # proto must say TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets
    # only then, and without it every response waits out a delayed ACK (~40 ms).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {shown}:{port} ({exc.strerror}); is another copy running? try --port") from None
    sock.listen(1024 if host != HOST else 128)
    return sock


def start_server(
    companion: Companion,
    port: int = 0,
    *,
    home: Path | None = None,
    token: str | None = None,
    desktop: bool = False,
    info: dict[str, Any] | None = None,
    log_level: str = "warning",
    head_timeout: float = HEAD_TIMEOUT,
    body_timeout: float = BODY_TIMEOUT,
) -> ServerHandle:
    """Serve ``companion`` on 127.0.0.1 over TLS in a background thread.

    ``token``: the API token every call must carry; the `serve` command passes the
    install's token from the keyring (security.load_or_create_token). Without one a
    token is made for this run only and kept nowhere (the demo, tests): the window
    gets it in the URL's fragment.

    Connections are bounded in time: idle keep-alives close after KEEP_ALIVE
    seconds, a request head must arrive within ``head_timeout`` (timeouts.py)
    and a body within ``body_timeout`` (security.BodyLimit).
    """
    home = home or config_dir()
    tls = ensure_certificate(home / TLS_DIR)
    token = token or session_token()
    sock = bind(port)
    real_port = sock.getsockname()[1]
    app = create_app(Settings(port=real_port, token=token, companion=companion, desktop=desktop, info=info or {},
                              body_timeout=body_timeout))
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


def public_config(app: Any, *, certfile: str | None = None, keyfile: str | None = None, workers: int = 1,
                  proxy_headers: bool = False, trusted_proxies: str = "127.0.0.1,::1",
                  log_level: str = "info") -> uvicorn.Config:
    """uvicorn's settings for the hosted service: TLS when given a certificate, the
    same head deadline and keep-alive as the companion, X-Forwarded-For only from
    ``trusted_proxies`` and only with ``proxy_headers``, an access log (request
    lines and statuses, never bodies)."""
    config = uvicorn.Config(
        app,
        factory=isinstance(app, str),  # an import string names the app factory (workers import it)
        workers=workers,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        log_level=log_level,
        access_log=True,
        lifespan="off",
        http="assistant.server.timeouts:HeadTimeoutProtocol",  # importable in every worker
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=5,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=trusted_proxies,
        server_header=False,
    )
    return config


def serve_public(sock: socket.socket, config: uvicorn.Config) -> None:
    """Serve on ``sock`` until SIGINT/SIGTERM: one process, or ``config.workers``
    processes sharing the socket (uvicorn's supervisor; each worker imports the app)."""
    if config.workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
