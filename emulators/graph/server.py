"""The Graph emulator's HTTP server: identity endpoints, bearer auth, faults, ``$batch``.

Paths: ``/v1.0/...`` (Graph, see ``routes``), ``/{tenant}/...`` (identity, see
``identity``) and ``/devicelogin`` (the device-code approval page).
"""

from __future__ import annotations

import html
import json
import logging
import time
import uuid
from collections import deque
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from emulators.graph import routes
from emulators.graph.errors import GraphError, error_body, invalid_token
from emulators.graph.faults import Faults
from emulators.graph.identity import Grant, Identity, OAuthError
from emulators.http_server import EmulatorServer, IisRequestHandler

log = logging.getLogger(__name__)

MAX_BODY = 4 * 1024 * 1024  # Graph's request size limit for JSON bodies
JSON_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"


class GraphServer(EmulatorServer):
    # (monotonic time, operation, method, path, status) of recent Graph requests.
    recent: deque[tuple[float, str, str, str, int]]

    def __init__(self, address: tuple[str, int], ctx: routes.Context, identity: Identity) -> None:
        super().__init__(address, GraphHandler, recent_limit=5000)
        self.ctx = ctx
        self.identity = identity
        self.faults: Faults = ctx.faults
        self.base_url = ""  # set by start_graph_emulator once the port is known


class GraphHandler(IisRequestHandler):
    server: GraphServer
    logger = log

    # -- plumbing -------------------------------------------------------------------
    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None,
              content_type: str = JSON_TYPE) -> None:
        data = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        rid = self.headers.get("client-request-id") or str(uuid.uuid4())
        for k, v in {"request-id": rid, "client-request-id": rid, **(headers or {})}.items():
            self.send_header(k, v)
        if data:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                return self._read_chunked()
            return b""
        if not length.isdigit() or int(length) > MAX_BODY:
            self.close_connection = True
            self._send(413, error_body("RequestEntityTooLarge", "The request body is too large."))
            return None
        return self.rfile.read(int(length))

    def _read_chunked(self) -> bytes | None:
        data = b""
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return data
            data += self.rfile.read(size)
            self.rfile.readline()
            if len(data) > MAX_BODY:
                self.close_connection = True
                self._send(413, error_body("RequestEntityTooLarge", "The request body is too large."))
                return None

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def _handle(self, method: str) -> None:
        raw = self._read_body()
        if raw is None:
            return
        url = urlsplit(self.path)
        parts = [unquote(p) for p in url.path.split("/") if p]
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        if parts and parts[0] == "v1.0":
            return self._graph(method, parts[1:], query, raw)
        if parts == ["devicelogin"]:
            return self._device_login(query)
        if len(parts) >= 2 and self.server.identity.accepts_tenant(parts[0]):
            return self._identity(method, parts[0], parts[1:], query, raw)
        if len(parts) >= 2 and parts[1] in ("v2.0", "oauth2", "discovery"):
            # As login.microsoftonline.com answers for a domain that is no tenant of it.
            self.server.count("identity:unknown-tenant")
            return self._send(400, OAuthError("invalid_tenant", f"Tenant '{parts[0]}' not found. Check to make "
                                              "sure you have the correct tenant ID and are signing into the "
                                              "correct cloud.", code=90002).body(), content_type="application/json")
        self._send(404, error_body("NotFound", f"No such endpoint: {url.path}"))

    # -- identity ------------------------------------------------------------------
    def _identity(self, method: str, tenant: str, rest: list[str], query: dict[str, str], raw: bytes) -> None:
        ident = self.server.identity
        where = "/".join(rest)
        self.server.count(f"identity:{where}")
        try:
            if method == "GET" and where == "v2.0/.well-known/openid-configuration":
                return self._send(200, ident.openid_configuration(tenant), content_type="application/json")
            if method == "GET" and where == "discovery/v2.0/keys":
                return self._send(200, ident.jwks(), content_type="application/json")
            if method == "GET" and where == "oauth2/v2.0/authorize":
                return self._authorized(*ident.authorize(query))
            form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
            if method == "POST" and where == "oauth2/v2.0/devicecode":
                answer = ident.device_code(form, f"{self.server.base_url}/devicelogin")
                return self._send(200, answer, content_type="application/json")
            if method == "POST" and where == "oauth2/v2.0/token":
                fault = self.server.faults.take("token", ("429", "503", "drop"))
                if fault is not None and fault.kind == "drop":
                    return self._drop()
                if fault is not None:
                    return self._send(int(fault.kind), {"error": "temporarily_unavailable",
                                                        "error_description": "The service is busy."},
                                      {"Retry-After": str(fault.retry_after or 1)}, "application/json")
                return self._send(200, ident.token(form), {"Cache-Control": "no-store"}, "application/json")
        except OAuthError as exc:
            status = 401 if exc.error in ("invalid_client", "unauthorized_client") else exc.status
            return self._send(status, exc.body(), content_type="application/json")
        self._send(404, {"error": "invalid_request", "error_description": f"No such endpoint: {where}"},
                   content_type="application/json")

    def _authorized(self, redirect: str, answer: dict[str, str], mode: str) -> None:
        """Hand the code to the client as the identity platform does for each response mode."""
        if mode == "form_post":
            fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                             for k, v in answer.items())
            page = (f'<!doctype html><html><head><title>Working...</title></head><body onload="document.forms[0]'
                    f'.submit()"><form method="POST" name="hiddenform" action="{html.escape(redirect)}">{fields}'
                    f'<noscript><input type="submit" value="Continue"></noscript></form></body></html>')
            return self._send(200, page.encode(), content_type="text/html; charset=utf-8")
        sep = "#" if mode == "fragment" else ("&" if "?" in redirect else "?")
        self._send(302, headers={"Location": f"{redirect}{sep}{urlencode(answer)}"})

    def _device_login(self, query: dict[str, str]) -> None:
        """The page a user opens to approve a device code (``?otc=CODE`` approves it at once)."""
        code = query.get("otc", "")
        if code and self.server.identity.approve_device_code(code):
            page = b"<!doctype html><title>Signed in</title><p>You have signed in. You may close this window.</p>"
            return self._send(200, page, content_type="text/html; charset=utf-8")
        page = b"<!doctype html><title>Enter code</title><form><input name=otc><button>Next</button></form>"
        self._send(200 if not code else 400, page, content_type="text/html; charset=utf-8")

    # -- Graph ----------------------------------------------------------------------------
    def _graph(self, method: str, parts: list[str], query: dict[str, str], raw: bytes) -> None:
        server = self.server
        server.count("requests")
        path = "/".join(parts)
        server.faults.delay()
        grant = self._bearer()
        if isinstance(grant, GraphError):
            return self._error(grant, "auth", method, path)
        try:
            op, handler = ("batch", None) if parts == ["$batch"] and method == "POST" else routes.route(method, parts)
        except GraphError as exc:
            return self._error(exc, "unknown", method, path)
        fault = server.faults.take(op)
        if fault is not None and fault.kind == "drop":
            server.recent.append((time.monotonic(), op, method, path, 0))
            return self._drop()
        if fault is not None and fault.kind in ("429", "503"):
            return self._error(_fault_error(fault), op, method, path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            body = _json(raw, headers)
            if op == "batch":
                reply = self._batch(body, grant)
            else:
                reply = handler(server.ctx, routes.Call(method, parts, query, headers, body, grant.scopes,
                                                        f"{server.base_url}/v1.0", path))
        except GraphError as exc:
            return self._error(exc, op, method, path)
        except Exception:  # a bug here must look like a server error, not hang the client
            log.exception("graph emulator failure")
            return self._error(GraphError(500, "InternalServerError", "An internal server error occurred."),
                               op, method, path)
        server.count(op)
        server.recent.append((time.monotonic(), op, method, path, reply.status))
        if fault is not None and fault.kind == "drop_after_commit":
            return self._drop()
        self._send(reply.status, reply.body, reply.headers)

    def _bearer(self) -> Grant | GraphError:
        header = self.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        result = self.server.identity.check_access(token)
        if isinstance(result, str):
            self.server.count("401")
            return invalid_token(result)
        return result

    def _error(self, exc: GraphError, op: str, method: str, path: str) -> None:
        self.server.count(str(exc.status))
        self.server.recent.append((time.monotonic(), op, method, path, exc.status))
        self._send(exc.status, exc.body(self.headers.get("client-request-id")), exc.headers)

    def _batch(self, body: Any, grant: Grant) -> routes.Reply:
        """JSON batching: up to 20 requests, run in order (dependsOn honoured: a request whose
        dependency failed is answered 424); each answer carries its own status and headers."""
        reqs = body.get("requests") if isinstance(body, dict) else None
        if not isinstance(reqs, list) or not reqs:
            raise GraphError(400, "BadRequest", "Invalid batch payload format.")
        if len(reqs) > routes.MAX_BATCH:
            raise GraphError(400, "BadRequest", f"Unable to deserialize batch payload: the maximum number of "
                             f"requests in a batch is {routes.MAX_BATCH}.")
        ids = [r.get("id") if isinstance(r, dict) else None for r in reqs]
        if any(not isinstance(i, str) or not i for i in ids) or len(set(ids)) != len(ids):
            raise GraphError(400, "BadRequest", "Each request in a batch needs a unique string id.")
        status_of: dict[str, int] = {}
        out = []
        for r in reqs:
            answer = self._batch_one(r, grant, status_of)
            status_of[r["id"]] = answer["status"]
            out.append(answer)
        return routes.Reply(body={"responses": out})

    def _batch_one(self, r: dict[str, Any], grant: Grant, status_of: dict[str, int]) -> dict[str, Any]:
        server = self.server
        rid = r["id"]
        deps = r.get("dependsOn") or []
        if any(status_of.get(d, 0) >= 400 or d not in status_of for d in deps):
            return {"id": rid, "status": 424, "body": error_body("FailedDependency", "A dependency failed.")}
        url = urlsplit(str(r.get("url", "")))
        parts = [unquote(p) for p in url.path.split("/") if p]
        if parts[:1] == ["v1.0"]:
            parts = parts[1:]
        method = str(r.get("method", "GET")).upper()
        headers = {str(k).lower(): str(v) for k, v in (r.get("headers") or {}).items()}
        try:
            if "body" in r and r["body"] is not None and "content-type" not in headers:
                raise GraphError(400, "BadRequest", "Content-Type header is required for a request with a body.")
            op, handler = routes.route(method, parts)
            fault = server.faults.take(op, ("429", "503"))
            if fault is not None:
                raise _fault_error(fault)
            call = routes.Call(method, parts, dict(parse_qsl(url.query, keep_blank_values=True)), headers,
                               r.get("body"), grant.scopes, f"{server.base_url}/v1.0", "/".join(parts))
            reply = handler(server.ctx, call)
        except GraphError as exc:
            server.count(f"batch:{exc.status}")
            return {"id": rid, "status": exc.status, "headers": {"Content-Type": "application/json", **exc.headers},
                    "body": exc.body()}
        server.count(op)
        server.count("batched")
        answer: dict[str, Any] = {"id": rid, "status": reply.status,
                                  "headers": {**({"Content-Type": JSON_TYPE} if reply.body is not None else {}),
                                              **reply.headers}}
        if reply.body is not None:
            answer["body"] = reply.body
        return answer


def _fault_error(fault: Any) -> GraphError:
    if fault.kind == "429":
        message = ("Application is over its MailboxConcurrency limit." if fault.code == "ApplicationThrottled"
                   else "Too many requests. Retry after the time in the Retry-After header.")
        return GraphError(429, fault.code, message, {"Retry-After": str(fault.retry_after)})
    headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
    return GraphError(503, "ServiceUnavailable", "The service is temporarily unavailable. Try again later.", headers)


def _json(raw: bytes, headers: dict[str, str]) -> Any:
    if not raw:
        return None
    if "json" not in headers.get("content-type", "application/json").lower():
        raise GraphError(415, "UnsupportedMediaType", "The content type is not supported; use application/json.")
    try:
        return json.loads(raw)
    except ValueError:
        raise GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type "
                         "header is set and payload is of valid JSON format.") from None
