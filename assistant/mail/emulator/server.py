"""The EWS emulator's HTTP server: Basic auth, fault injection, SOAP dispatch."""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import re
import socket
import threading
import time
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from assistant.mail.emulator import ops
from assistant.mail.emulator.faults import Faults
from assistant.mail.emulator.soap import (
    SoapFault,
    ResponseError,
    envelope,
    fault_envelope,
    parse_request,
    response,
    error,
)
from assistant.mail.emulator.store import MailboxStore

log = logging.getLogger(__name__)

EWS_PATH = "/ews/exchange.asmx"
MAX_REQUEST_BYTES = 64 * 1024 * 1024  # larger than Exchange's default 35 MB message limit
_OP_RE = re.compile(rb"<(?:[A-Za-z0-9_]+:)?Body[^>]*>\s*<(?:[A-Za-z0-9_]+:)?([A-Za-z]+)")


class EwsServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], store: MailboxStore, username: str, password: str) -> None:
        super().__init__(address, EwsHandler)
        self.store = store
        self.username = username
        self.password = password
        self.faults = Faults()
        self.stats: Counter[str] = Counter()
        self.stats_lock = threading.Lock()
        # The last requests (time, operation, body) so tests can see what a client sent.
        self.recent: deque[tuple[float, str, bytes]] = deque(maxlen=200)

    def count(self, key: str) -> None:
        with self.stats_lock:
            self.stats[key] += 1


class EwsHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as clients expect from IIS
    server: EwsServer
    server_version = "Microsoft-IIS/10.0"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # quiet by default
        log.debug("%s " + format, self.address_string(), *args)

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

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return False
        try:
            user, _, pw = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        # Exchange accepts the UPN or DOMAIN\user; compare without case for the user part.
        ok_user = user.lower() in (self.server.username.lower(), self.server.store.owner)
        return ok_user and hmac.compare_digest(pw.encode(), self.server.password.encode())

    def _unauthorized(self) -> None:
        self.server.count("401")
        self._send(401, headers={"WWW-Authenticate": 'Basic realm="127.0.0.1"'})

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
        data = self.rfile.read(int(length))
        if not self._authorized():
            return self._unauthorized()
        server = self.server
        server.count("requests")
        if server.faults.latency_ms:
            time.sleep(server.faults.latency_ms / 1000.0)
        m = _OP_RE.search(data[:4096])
        op_guess = m.group(1).decode() if m else None
        server.recent.append((time.monotonic(), op_guess or "?", data))
        fault = server.faults.take(op_guess)
        if fault is not None:
            if fault.kind == "drop":
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if fault.kind == "503":
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                return self._send(503, b"", headers)
            if fault.kind == "busy":
                busy = SoapFault(
                    "ErrorServerBusy",
                    "The server cannot service this request right now. Try again later.",
                    message_xml=f'<t:Value Name="BackOffMilliseconds">{fault.back_off_ms}</t:Value>',
                )
                return self._send(500, fault_envelope(busy))
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
            self._send(200, envelope(body))
        except SoapFault as exc:
            server.count("faults")
            self._send(500, fault_envelope(exc))
        except Exception:  # a bug here must look like a server error, not hang the client
            log.exception("emulator failure")
            server.count("errors")
            self._send(500, fault_envelope(SoapFault("ErrorInternalServerError", "An internal server error occurred.")))
