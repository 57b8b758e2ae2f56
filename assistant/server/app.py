"""The HTTP API and the static UI, as a Starlette app factory.

Routes are thin: parse JSON, call one ``Companion`` method (in a worker
thread, since checks and mailbox calls block), render JSON. ``Guard`` wraps
everything with the token, Host and Origin checks (see security.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from assistant import __version__
from assistant.server.security import Guard, allowed_hosts, allowed_origins
from assistant.server.service import Companion, ServiceError

log = logging.getLogger(__name__)

MAX_BODY = 32 * 1024 * 1024  # a 25 MB draft plus JSON overhead
# A request body must arrive within this time (loopback: even 32 MB takes well
# under a second), so a client trickling bytes cannot hold a request open.
BODY_TIMEOUT = 30.0
# A \uD800-\uDFFF escape: only then can json.loads produce a lone surrogate.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")


def ui_dir() -> Path:
    """``ui/`` beside the package (source checkout), or shipped inside it."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "ui", here.parent / "ui"):
        if (candidate / "index.html").is_file():
            return candidate
    raise FileNotFoundError("the UI files (ui/index.html) are missing from this installation")


@dataclass
class Settings:
    port: int
    token: str
    companion: Companion
    ui: Path | None = None
    # Extra Host values to accept (tests behind a proxy only; empty in the product).
    extra_hosts: tuple[str, ...] = ()
    desktop: bool = False
    info: dict[str, Any] = field(default_factory=dict)


async def _read_body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY:
        raise ServiceError(413, f"request larger than {MAX_BODY // 2**20} MB")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise ServiceError(413, f"request larger than {MAX_BODY // 2**20} MB")
    return bytes(body)


def parse_json(body: bytes) -> Any:
    """The request's JSON, or a 400 ServiceError saying in one line what is wrong.

    json.loads alone lets hostile input through as 500s: nesting deeper than
    the recursion limit (RecursionError), integers past Python's digit limit
    (ValueError), and lone surrogates, which parse but cannot be encoded later.
    """
    if not body:
        return {}
    try:
        # Strict UTF-8 first: json.loads(bytes) would let encoded surrogates through.
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ServiceError(400, "request body is not valid JSON (nested too deeply)") from None
    except UnicodeDecodeError as exc:
        raise ServiceError(400, f"request body is not valid UTF-8 JSON ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ServiceError(400, f"request body is not valid JSON ({exc})") from None
    except ValueError:  # the only other case: an integer past Python's digit limit
        raise ServiceError(400, "request body is not valid JSON (a number has too many digits)") from None
    if _SURROGATE_ESCAPE.search(body):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ServiceError(400, "request body is not valid JSON (a \\u escape is a lone surrogate)") from None
    return data


async def _json_body(request: Request) -> Any:
    try:
        body = await asyncio.wait_for(_read_body(request), BODY_TIMEOUT)
    except asyncio.TimeoutError:
        raise ServiceError(408, f"the request body did not arrive within {BODY_TIMEOUT:.0f} s") from None
    if len(body) > 2**20:  # parsing megabytes would stall every other request
        return await run_in_threadpool(parse_json, body)
    return parse_json(body)


class SafeJSONResponse(JSONResponse):
    """JSON that can always be sent: text the UTF-8 codec refuses (a lone
    surrogate read from somewhere) goes out as \\u escapes instead of a 500."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def _endpoint(call: Callable[..., Any], *, body: bool = False, path_arg: str | None = None, query: bool = False):
    async def handler(request: Request) -> Response:
        try:
            args: list[Any] = []
            if path_arg:
                args.append(request.path_params[path_arg])
            if body:
                args.append(await _json_body(request))
            if query:
                args.append(dict(request.query_params))
            result = await run_in_threadpool(call, *args)
        except ServiceError as exc:
            return SafeJSONResponse(exc.to_json(), status_code=exc.status)
        except Exception as exc:  # a bug: one line for the user, the traceback in the log
            log.exception("%s %s failed", request.method, request.url.path)
            return SafeJSONResponse({"error": f"internal error ({type(exc).__name__})"}, status_code=500)
        return SafeJSONResponse(result)

    return handler


def create_app(settings: Settings) -> Guard:
    c = settings.companion

    def info() -> dict[str, Any]:
        return {"version": __version__, "desktop": settings.desktop, **settings.info}

    routes = [
        Route("/api/info", _endpoint(info), methods=["GET"]),
        Route("/api/check", _endpoint(c.check, body=True), methods=["POST"]),
        Route("/api/grammar", _endpoint(c.grammar, body=True), methods=["POST"]),
        Route("/api/fix", _endpoint(c.fix, body=True), methods=["POST"]),
        Route("/api/drafts", _endpoint(c.list_drafts), methods=["GET"]),
        Route("/api/drafts", _endpoint(c.save_draft, body=True), methods=["POST"]),
        Route("/api/drafts/{item_id:path}/fix", _endpoint(c.fix_server_draft, body=True, path_arg="item_id"), methods=["POST"]),
        Route("/api/drafts/{item_id:path}", _endpoint(c.get_draft, path_arg="item_id"), methods=["GET"]),
        Route("/api/send", _endpoint(c.send, body=True), methods=["POST"]),
        Route("/api/rules", _endpoint(c.rules), methods=["GET"]),
        Route("/api/config", _endpoint(c.config), methods=["GET"]),
        Route("/api/signature", _endpoint(c.save_signature, body=True), methods=["PUT"]),
        Route("/api/signature/preview", _endpoint(lambda p: c.signature_json(p.get("fields") if isinstance(p, dict) else None), body=True), methods=["POST"]),
        Route("/api/summary", _endpoint(c.summary, query=True), methods=["GET"]),
    ]

    async def not_found(request: Request) -> Response:
        return JSONResponse({"error": f"no such API endpoint: {request.url.path}"}, status_code=404)

    routes.append(Route("/api/{rest:path}", not_found, methods=["GET", "POST", "PUT", "DELETE"]))
    routes.append(Mount("/", StaticFiles(directory=str(settings.ui or ui_dir()), html=True), name="ui"))
    app = Starlette(routes=routes)
    hosts = set(allowed_hosts(settings.port)) | set(settings.extra_hosts)
    return Guard(app, token=settings.token, hosts=hosts, origins=allowed_origins(settings.port))
