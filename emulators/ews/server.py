"""The EWS emulator's HTTP server: Basic auth, fault injection, SOAP dispatch.

Authentication comes first, from the headers alone, as in IIS: a request without
valid credentials is answered 401 (``WWW-Authenticate: Basic realm=...``) before its
body is read. A small body (up to ``UNAUTH_DRAIN_BYTES``, any normal SOAP request) is
read and discarded so the connection stays usable, as IIS keeps it for the
challenge-response; a larger one gets ``Connection: close``, at most
``UNAUTH_DRAIN_BYTES`` are drained for at most ``UNAUTH_LINGER_SECONDS`` (so the client
can read the 401 before the socket closes) and the connection is closed. Failed
logons lock the account and the client address out as Active Directory does
(``emulators.ews.lockout``). ``stats["unauth_body_bytes"]`` counts the body
bytes read from refused requests.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import re
import socket
import time
from collections import deque

from emulators.ews import ops
from emulators.ews.faults import Faults
from emulators.ews.lockout import Lockout, LockoutPolicy
from emulators.ews.soap import (
    SoapFault,
    ResponseError,
    envelope,
    fault_envelope,
    parse_request,
    response,
    error,
)
from emulators.ews.store import MailboxStore
from emulators.http_server import EmulatorServer, IisRequestHandler

log = logging.getLogger(__name__)

EWS_PATH = "/ews/exchange.asmx"
MAX_REQUEST_BYTES = 64 * 1024 * 1024  # larger than Exchange's default 35 MB message limit
UNAUTH_DRAIN_BYTES = 64 * 1024  # the most body read from a request that failed authentication
UNAUTH_LINGER_SECONDS = 1.0  # and the longest time spent reading it
CHALLENGE = {"WWW-Authenticate": 'Basic realm="127.0.0.1"'}
_OP_RE = re.compile(rb"<(?:[A-Za-z0-9_]+:)?Body[^>]*>\s*<(?:[A-Za-z0-9_]+:)?([A-Za-z]+)")


class EwsServer(EmulatorServer):
    # The last requests (time, operation, body) so tests can see what a client sent.
    recent: deque[tuple[float, str, bytes]]

    def __init__(self, address: tuple[str, int], store: MailboxStore, username: str, password: str,
                 lockout: LockoutPolicy | None = None, domain: str = "MDUSD") -> None:
        super().__init__(address, EwsHandler, recent_limit=200)
        self.store = store
        self.username = username
        self.password = password
        self.domain = domain
        self.faults = Faults()
        self.lockout = Lockout(lockout)

    def accepts_logon_name(self, name: str) -> bool:
        """The names IIS Basic authentication takes for the mailbox's account, without case: the
        UPN (the e-mail address), ``DOMAIN\\user`` with the NetBIOS or DNS domain, and the bare
        user name (IIS's default domain is the server's own)."""
        name = name.strip().lower()
        upn = self.store.owner
        sam = self.username.rpartition("\\")[2].partition("@")[0].lower() or upn.partition("@")[0]
        domain, sep, user = name.rpartition("\\")
        if sep:
            return user == sam and domain in (self.domain.lower(), upn.partition("@")[2])
        return name in (self.username.lower(), upn, sam)


class EwsHandler(IisRequestHandler):
    server: EwsServer
    logger = log

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if body:
            self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-AspNet-Version", "4.0.30319")
        self.end_headers()
        if body:
            self.wfile.write(body)

    def handle_one_request(self) -> None:
        self._auth: bool | None = None  # the verdict for this request, decided once
        super().handle_one_request()

    def _authorized(self) -> bool:
        if self._auth is None:
            self._auth = self._authenticate()
        return self._auth

    def _authenticate(self) -> bool:
        """Check the Basic credentials in the headers, under the lockout policy."""
        server = self.server
        header = self.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return False  # anonymous: the challenge, not a failed logon
        try:
            user, _, pw = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, pw = "", None
        account = server.username.lower() if server.accepts_logon_name(user) else None

        def verify() -> bool:
            return account is not None and pw is not None and hmac.compare_digest(pw.encode(), server.password.encode())

        ok = server.lockout.attempt(account, self.client_address[0], verify)
        # Locked out: refused without looking at the password, as AD does.
        server.count("auth_locked" if ok is None else "auth_checked")
        return bool(ok)

    def handle_expect_100(self) -> bool:
        # A client that waits for "100 Continue" learns of the 401 before sending the body.
        if self.command == "POST" and not self._authorized():
            self.server.count("401")
            self.close_connection = True
            self._send(401, headers={**CHALLENGE, "Connection": "close"})
            return False
        return super().handle_expect_100()

    def _unauthorized(self, length: int = 0) -> None:
        """Answer 401 without reading more than a small bounded part of the body."""
        self.server.count("401")
        if length <= UNAUTH_DRAIN_BYTES:
            self._send(401, headers=CHALLENGE)
            if length and self._drain(length) < length:
                self.close_connection = True  # a body that never came: do not wait for it
            return
        self.close_connection = True
        self._send(401, headers={**CHALLENGE, "Connection": "close"})
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)  # the client sees the answer end
        except OSError:
            return
        # Read a little so a client still sending gets the 401 rather than a reset at once.
        self._drain(UNAUTH_DRAIN_BYTES)

    def _drain(self, limit: int) -> int:
        """Read and discard at most ``limit`` body bytes within UNAUTH_LINGER_SECONDS."""
        deadline = time.monotonic() + UNAUTH_LINGER_SECONDS
        read = 0
        try:
            while read < limit:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.connection.settimeout(left)
                chunk = self.rfile.read1(min(16384, limit - read))
                if not chunk:
                    break
                read += len(chunk)
        except OSError:  # includes the timeout
            self.close_connection = True
        finally:
            self.server.count("unauth_body_bytes", read)
            try:
                self.connection.settimeout(self.timeout)
            except OSError:
                pass
        return read

    def do_GET(self) -> None:
        if not self._authorized():
            return self._unauthorized()
        self._send(405, headers={"Allow": "POST"})

    def do_POST(self) -> None:
        if self.path.split("?", 1)[0].lower() != EWS_PATH:
            self.close_connection = True
            return self._send(404)
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return self._send(411)
        if int(length) > MAX_REQUEST_BYTES:
            self.close_connection = True
            return self._send(413)
        if not self._authorized():
            return self._unauthorized(int(length))
        data = self.rfile.read(int(length))
        server = self.server
        server.count("requests")
        server.faults.delay()
        m = _OP_RE.search(data[:4096])
        op_guess = m.group(1).decode() if m else None
        server.recent.append((time.monotonic(), op_guess or "?", data))
        fault = server.faults.take(op_guess)
        if fault is not None and fault.kind == "drop":
            return self._drop()
        if fault is not None and fault.kind == "503":
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            return self._send(503, b"", headers)
        if fault is not None and fault.kind == "busy":
            busy = SoapFault(
                "ErrorServerBusy",
                "The server cannot service this request right now. Try again later.",
                message_xml=f'<t:Value Name="BackOffMilliseconds">{fault.back_off_ms}</t:Value>',
            )
            return self._send(500, fault_envelope(busy))
        status, answer = self._dispatch(data)
        if fault is not None and fault.kind == "drop_after_commit":
            return self._drop()  # the operation is applied; its answer is lost
        self._send(status, answer)

    def _dispatch(self, data: bytes) -> tuple[int, bytes]:
        """Run one SOAP request against the store: (HTTP status, response body)."""
        server = self.server
        try:
            req = parse_request(data)
            handler = ops.HANDLERS.get(req.operation)
            if handler is None:
                raise SoapFault("ErrorInvalidRequest", f"The request is invalid: unknown operation {req.operation}.")
            server.count(req.operation)
            ctx = ops.Context(store=server.store, api_version=req.api_version, hooks=server.faults)
            try:
                body = handler(ctx, req.body)
            except ResponseError as err:
                # A request-wide problem (bad shape, bad restriction): one error message, as Exchange does.
                body = response(req.operation, [error(req.operation, err)])
            return 200, envelope(body)
        except SoapFault as exc:
            server.count("faults")
            return 500, fault_envelope(exc)
        except Exception:  # a bug here must look like a server error, not hang the client
            log.exception("emulator failure")
            server.count("errors")
            return 500, fault_envelope(SoapFault("ErrorInternalServerError", "An internal server error occurred."))
