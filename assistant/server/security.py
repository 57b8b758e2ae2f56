"""Who may talk to the companion: token, Host header, CORS.

The API listens on loopback only, but any web page the user visits can make
the browser send requests to 127.0.0.1. Three checks stop that:

- every ``/api/`` call carries the per-install token (``Authorization:
  Bearer ...`` or ``X-Assistant-Token``); other sites cannot read it. It is
  kept in the OS keyring (``load_or_create_token``), never in a file;
- the Host header must name this server (``127.0.0.1:PORT`` or
  ``localhost:PORT``), so a DNS-rebinding page cannot reach us under its own
  host name;
- CORS headers are sent only to our own origin; a request from a foreign
  Origin is refused outright (it could not read the answer anyway, but a
  "simple" POST would otherwise still run).

The District-hosted mode (``serve --public``, public.py) has its own pieces at
the end: CORS for Outlook's origins, rate limits, the body size cap.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import math
import secrets
import time
from pathlib import Path
from typing import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.app.errors import AppError, Kind

from assistant.config import TOKEN_FILE  # noqa: E402  (the token file of earlier versions, migrated)
TOKEN_HEADER = "x-assistant-token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
KEYRING_SERVICE = "mail-assistant"  # the service name the account passwords use too


def token_key(home: Path) -> str:
    """The keyring entry of the API token of the install whose settings are in ``home``
    (each settings folder, e.g. ``$MAIL_ASSISTANT_HOME``, has its own token)."""
    return f"api-token:{home.expanduser().resolve()}"


def session_token() -> str:
    """A token for one run only, kept nowhere (the demo: the window gets it in the URL)."""
    return secrets.token_urlsafe(32)


def load_or_create_token(home: Path) -> str:
    """The install's API token, kept in the OS keyring only (DESIGN: credentials and
    tokens live only there): made on first use, the same on every start.

    A token file left by an earlier version (``home/api-token``) is read once, stored
    in the keyring and deleted, so the token pasted into Outlook keeps working; the
    file is deleted only once the keyring holds its token. No usable keyring is a
    CONFIG AppError with one line saying what to do (the CLI exits 3)."""
    import keyring
    import keyring.errors

    key = token_key(home)
    legacy = home / TOKEN_FILE
    try:
        old = legacy.read_text("ascii").strip()
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError):
        old = ""  # unreadable: nothing to keep; made anew below and the file removed
    try:
        token = keyring.get_password(KEYRING_SERVICE, key) if old is None else None
        if not token or len(token) < 32:
            keyring.set_password(KEYRING_SERVICE, key, old if old and len(old) >= 32 else session_token())
            # Read back what the keyring holds: two first starts at once agree on one token.
            token = keyring.get_password(KEYRING_SERVICE, key)
    except keyring.errors.KeyringError as exc:
        backend = keyring.get_keyring()
        raise AppError(Kind.CONFIG, _keyring_problem(f"{type(backend).__module__}.{type(backend).__qualname__}", exc)) from None
    if not token:
        raise AppError(Kind.CONFIG, "the system keyring did not keep the API token; `mail-assistant doctor` checks it")
    if old is not None:
        legacy.unlink(missing_ok=True)
    return token


def _keyring_problem(backend: str, exc: Exception) -> str:
    first = (str(exc).splitlines() or [type(exc).__name__])[0]
    if backend == "keyring.backends.fail.Keyring":
        return ("no system keyring to keep the API token in: on Linux run a Secret Service (gnome-keyring or "
                "KWallet) in your session; `mail-assistant doctor` checks it (or use `demo`, which needs none)")
    return f"cannot use the system keyring for the API token ({backend}: {first})"


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset(f"{h}:{port}" for h in LOOPBACK_HOSTS)


def allowed_origins(port: int) -> frozenset[str]:
    return frozenset(f"https://{h}" for h in allowed_hosts(port))


class Guard:
    """ASGI middleware doing the three checks before any route runs."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str,
        hosts: Iterable[str],
        origins: Iterable[str],
    ) -> None:
        self.app = app
        self.token = token.encode()
        self.hosts = frozenset(h.lower() for h in hosts)
        self.origins = frozenset(origins)
        # Requests being served, and whether we are shutting down (see run.py stop()).
        self.active = 0
        self.draining = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            await _reply(send, 421, "This server answers only to its own address.")
            return
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            # No CORS headers, no work done.
            await _reply(send, 403, "Requests from other sites are not allowed.")
            return
        cors = [(b"access-control-allow-origin", origin.encode()), (b"vary", b"Origin")] if origin else []
        path = scope.get("path", "")
        if scope["type"] == "http" and scope["method"] == "OPTIONS" and origin:
            await _reply(
                send, 204, None,
                cors + [
                    (b"access-control-allow-methods", b"GET, POST, PUT, DELETE"),
                    (b"access-control-allow-headers", b"authorization, content-type, x-assistant-token"),
                    (b"access-control-max-age", b"600"),
                ],
            )
            return
        if path.startswith("/api/"):
            if not self._token_ok(headers):
                await _reply(send, 401, "Missing or wrong API token.", cors + [(b"www-authenticate", b"Bearer")])
                return

        if path.startswith("/addin/"):
            extra = ADDIN_HEADERS
        elif DESKTOP_UA_MARK in headers.get("user-agent", ""):
            extra = DESKTOP_HEADERS
        else:
            extra = SECURITY_HEADERS

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + cors + extra
            await send(message)

        if self.draining:
            await _reply(send, 503, "The Mail Assistant is shutting down.")
            return
        self.active += 1  # one event loop thread: no lock needed
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            self.active -= 1

    def _token_ok(self, headers: dict[str, str]) -> bool:
        given = headers.get(TOKEN_HEADER, "")
        auth = headers.get("authorization", "")
        if not given and auth[:7].lower() == "bearer ":
            given = auth[7:].strip()
        return bool(given) and hmac.compare_digest(given.encode(), self.token)


# The UI runs only its own scripts: inline scripts and event-handler attributes
# that might slip through in draft HTML are never executed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: cid:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-src 'self' about:; frame-ancestors 'self' https://*.office.com https://*.office365.com "
    "https://*.outlook.com https://*.live.com https://*.microsoft.com https://*.cloud.microsoft; form-action 'self'"
)
_OTHER_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode())] + _OTHER_HEADERS
# pywebview builds its JS-to-Python bridge with ``new Function``, so the desktop
# window (which says so in its User-Agent) also gets 'unsafe-eval'. Inline
# scripts and event handlers stay forbidden there too; a page that fakes the
# User-Agent only weakens its own protection.
DESKTOP_UA_MARK = "MailAssistantDesktop/"
DESKTOP_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
DESKTOP_HEADERS = [(b"content-security-policy", DESKTOP_CSP.encode())] + _OTHER_HEADERS
# Outlook add-in pages must load Office.js from Microsoft's CDN; still no inline
# scripts, and the pages only ever talk to this server.
OFFICE_JS = "https://appsforoffice.microsoft.com"
ADDIN_CSP = CSP.replace("script-src 'self'", f"script-src 'self' {OFFICE_JS}").replace(
    "connect-src 'self'", f"connect-src 'self' {OFFICE_JS}"
).replace("frame-src 'self' about:", "frame-src 'self' about: https://*.office.com https://*.office365.com https://*.outlook.com https://*.microsoft.com")
ADDIN_HEADERS = [(b"content-security-policy", ADDIN_CSP.encode())] + _OTHER_HEADERS


async def _reply(send: Send, status: int, message: str | None, headers: list | None = None) -> None:
    body = b"" if message is None else json.dumps({"error": message}).encode()
    hdrs = list(headers or []) + [(b"content-length", str(len(body)).encode())]
    if body:
        hdrs.append((b"content-type", b"application/json"))
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": body})


# -- the District-hosted mode (serve --public) --------------------------------------------
#
# No token and no Host check there: the service is stateless and reads no mailbox, so
# nothing is worth stealing. What matters is that only Outlook (and the service's own
# pages) may call it from a browser, that Outlook may frame its pages, and that no
# client can take it over (size caps and rate limits, below).

OUTLOOK_ORIGINS = ("https://outlook.office.com", "https://outlook.office365.com", "https://outlook.cloud.microsoft")
# Where Outlook on the web and new Outlook frame add-in pages (the task pane's iframe).
OUTLOOK_FRAME_HOSTS = ("https://*.cloud.microsoft", "https://*.office.com", "https://*.office365.com")
_PUBLIC_HEADERS = b"content-type"  # the add-in sends no token to the hosted service


def public_csp(outlook_origins: Iterable[str]) -> str:
    """The add-in pages' policy with ``frame-ancestors`` naming Outlook's hosts only."""
    ancestors = " ".join(dict.fromkeys(["'self'", *outlook_origins, *OUTLOOK_FRAME_HOSTS]))
    start = ADDIN_CSP.index("frame-ancestors ")
    end = ADDIN_CSP.index(";", start)
    return f"{ADDIN_CSP[:start]}frame-ancestors {ancestors}{ADDIN_CSP[end:]}"


class PublicCors:
    """CORS for Outlook's origins and the service's own; any other Origin is refused
    (403, nothing run), and every answer carries the add-in pages' security headers."""

    def __init__(self, app: ASGIApp, *, outlook_origins: Iterable[str]) -> None:
        self.app = app
        listed = tuple(dict.fromkeys(outlook_origins))  # in order: the header reads the same every start
        self.origins = frozenset(listed)
        self.headers = [(b"content-security-policy", public_csp(listed).encode())] + _OTHER_HEADERS

    def _allowed(self, origin: str, scope: Scope, host: str) -> bool:
        # Same origin: the task pane served by this service calls its own API. Behind a
        # proxy that ends TLS the request arrives as http while the page's origin is https.
        own = {f"{scope.get('scheme', 'https')}://{host}", f"https://{host}"} if host else set()
        return origin in self.origins or origin in own

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if origin is not None and not self._allowed(origin, scope, headers.get("host", "").lower()):
            await _reply(send, 403, "Requests from other sites are not allowed.", self.headers)
            return
        cors = [(b"access-control-allow-origin", origin.encode()), (b"vary", b"Origin")] if origin else []
        if scope["method"] == "OPTIONS" and origin:
            await _reply(send, 204, None, cors + self.headers + [
                (b"access-control-allow-methods", b"GET, POST"),
                (b"access-control-allow-headers", _PUBLIC_HEADERS),
                (b"access-control-max-age", b"600"),
            ])
            return
        extra = cors + self.headers

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimit:
    """At most ``limit`` requests per client address (``limits`` notation, e.g.
    ``"30/second;600/minute"``); past it ``429`` with ``Retry-After``. The address is
    uvicorn's ``scope["client"]``: the peer, or with ``--proxy-headers`` the
    ``X-Forwarded-For`` address a trusted proxy gave. Counts are kept in ``storage``
    (``memory://``: per worker process; a shared store such as ``redis://`` counts across
    workers). The async flavour of ``limits``: a shared store never blocks the event loop."""

    def __init__(self, app: ASGIApp, *, limit: str, storage: str = "memory://") -> None:
        from limits import parse_many
        from limits.aio.strategies import MovingWindowRateLimiter
        from limits.storage import storage_from_string

        self.app = app
        self.items = parse_many(limit)
        uri = storage if storage.startswith("async+") else f"async+{storage}"
        self.limiter = MovingWindowRateLimiter(storage_from_string(uri))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            client = (scope.get("client") or ("unknown",))[0]
            for item in self.items:
                if not await self.limiter.hit(item, client):
                    reset = (await self.limiter.get_window_stats(item, client)).reset_time
                    wait = max(1, math.ceil(reset - time.time()))
                    await _reply(send, 429, f"Too many requests; try again in {wait} s.",
                                 [(b"retry-after", str(wait).encode())])
                    return
        await self.app(scope, receive, send)


class BodyLimit:
    """Request bodies of at most ``max_bytes``, arriving within ``timeout`` seconds:
    otherwise ``413`` (before reading more than the cap) or ``408``. The body is read
    here, before any route runs, and handed on whole."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    def _too_large(self) -> str:
        n = self.max_bytes
        return f"request larger than {n // 2**20} MB" if n % 2**20 == 0 else f"request larger than {n // 1024} KB"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await _reply(send, 413, self._too_large(), [(b"connection", b"close")])
            return
        try:
            body = await asyncio.wait_for(self._read(receive), self.timeout)
        except asyncio.TimeoutError:
            await _reply(send, 408, f"the request body did not arrive within {self.timeout:.0f} s",
                         [(b"connection", b"close")])
            return
        if body is None:
            await _reply(send, 413, self._too_large(), [(b"connection", b"close")])
            return
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if replayed:
                return await receive()  # after the body: the disconnect
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None once it passes the cap."""
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                return None
            if not message.get("more_body", False):
                break
        return bytes(body)
