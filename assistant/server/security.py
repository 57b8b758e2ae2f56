"""Who may talk to the companion: token, Host header, CORS.

The API listens on loopback only, but any web page the user visits can make
the browser send requests to 127.0.0.1. Three checks stop that:

- every ``/api/`` call carries the per-install token (``Authorization:
  Bearer ...`` or ``X-Assistant-Token``); other sites cannot read it;
- the Host header must name this server (``127.0.0.1:PORT`` or
  ``localhost:PORT``), so a DNS-rebinding page cannot reach us under its own
  host name;
- CORS headers are sent only to our own origin; a request from a foreign
  Origin is refused outright (it could not read the answer anyway, but a
  "simple" POST would otherwise still run).
"""

from __future__ import annotations

import hmac
import json
import secrets
from pathlib import Path
from typing import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.server.tls import write_private

TOKEN_FILE = "api-token"
TOKEN_HEADER = "x-assistant-token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def load_or_create_token(directory: Path) -> str:
    """The install's API token (made once, stored 0600 beside the user config)."""
    path = directory / TOKEN_FILE
    try:
        token = path.read_text("ascii").strip()
        if len(token) >= 32:
            return token
    except (OSError, UnicodeDecodeError):
        pass
    token = secrets.token_urlsafe(32)
    directory.mkdir(parents=True, exist_ok=True)
    write_private(path, token.encode("ascii"))
    return token


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
        public_prefixes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.token = token.encode()
        self.hosts = frozenset(h.lower() for h in hosts)
        self.origins = frozenset(origins)
        self.public_prefixes = public_prefixes
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
        if path.startswith("/api/") and not path.startswith(self.public_prefixes):
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
    "https://*.outlook.com https://*.live.com https://*.microsoft.com; form-action 'self'"
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
