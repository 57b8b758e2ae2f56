"""The District-hosted mode (``serve --public``): the add-in's pages and the
stateless endpoints, as an app factory uvicorn workers can import.

Only these exist: the add-in pages (``ui/addin/**`` and the files they load),
``/.well-known/microsoft-officeaddins-allowed.json``, ``GET /api/info``,
``GET /api/rules``, ``POST /api/check`` and ``POST /api/fix`` (the signature
comes with the request). Nothing reads a mailbox or the settings file, nothing
is kept, and no draft text is logged (the access log has no bodies).

Routes are app.py's: the same JSON parsing, error mapping and renderers. Around
them (outermost first): CORS for Outlook's origins and the security headers,
per-client rate limits, the body size cap and deadline (security.py).

``create_public_app()`` with no argument reads its settings from
``$MAIL_ASSISTANT_PUBLIC`` (JSON written by the ``serve --public`` command), so
``uvicorn --factory assistant.server.public:create_public_app`` builds the same
app in every worker.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope

from assistant import __version__
from assistant.app import fix
from assistant.app.context import AppContext, load_app_policy
from assistant.app.errors import AppError, Kind
from assistant.server.app import BODY_TIMEOUT, _draft_of, _endpoint, api, fixed_json, not_found_route, ui_dir
from assistant.server.security import OUTLOOK_ORIGINS, BodyLimit, PublicCors, RateLimit

ENV = "MAIL_ASSISTANT_PUBLIC"
ALLOWED_FILE = "/.well-known/microsoft-officeaddins-allowed.json"
BUNDLE = "addin/launchevent.bundle.js"  # the script classic Outlook runs for the events


@dataclass(frozen=True)
class PublicSettings:
    """What ``serve --public`` configures (passed to workers through ``$MAIL_ASSISTANT_PUBLIC``)."""

    outlook_origins: tuple[str, ...] = ()  # the District's Outlook on the web hosts, beyond Microsoft's
    rate_limit: str = "30/second;600/minute"  # per client address (``limits`` notation)
    rate_storage: str = "memory://"  # per worker; a shared store counts across workers
    max_body: int = 4 * 2**20  # a draft's HTML and recipients; attachments are never sent
    policy: str | None = None  # --policy FILE (else $MAIL_ASSISTANT_POLICY, else the pack)
    ui: str | None = None  # the ui/ folder (default: the installed one)
    extra: dict[str, Any] = field(default_factory=dict)  # shown by /api/info

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> "PublicSettings":
        raw = os.environ.get(ENV)
        if not raw:
            return cls()
        data = json.loads(raw)
        data["outlook_origins"] = tuple(data.get("outlook_origins") or ())
        return cls(**data)


class StatelessContext(AppContext):
    """The use cases' context without settings or mailbox: a use case that would
    read either fails loudly instead of reading this machine's files."""

    def config(self) -> dict[str, Any]:
        raise AppError(Kind.NOT_AVAILABLE, "the District-hosted service reads no settings")

    def backend(self) -> Any:
        raise AppError(Kind.NOT_AVAILABLE, "the District-hosted service reads no mailbox")


# -- the files the add-in pages load ---------------------------------------------------

_REFS = re.compile(r"""(?:\b(?:src|href)=|\bimport\b[^"';]*?\bfrom\s*|\bimport\s*\(?\s*|url\()\s*["']?([^"'()\s>]+)""")


def addin_files(ui: Path) -> frozenset[str]:
    """``addin/**`` and every local file its pages load, followed through scripts,
    modules and stylesheets (paths relative to ``ui``, with ``/``)."""
    allowed = {p.relative_to(ui).as_posix() for p in (ui / "addin").rglob("*") if p.is_file()}
    todo = [p for p in allowed if p.endswith((".html", ".js", ".css"))]
    while todo:
        page = todo.pop()
        text = (ui / page).read_text("utf-8", errors="replace")
        for ref in _REFS.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", ref, re.I):
                continue  # another site, data:, a fragment
            target = (ui / page).parent.joinpath(ref.split("?")[0].split("#")[0]).resolve()
            try:
                rel = target.relative_to(ui.resolve()).as_posix()
            except ValueError:
                continue
            if target.is_file() and rel not in allowed:
                allowed.add(rel)
                if rel.endswith((".js", ".css")):
                    todo.append(rel)
    return frozenset(allowed)


class AddinFiles(StaticFiles):
    """``ui/`` served only as far as the add-in needs it; anything else is 404."""

    def __init__(self, *, directory: Path, allowed: frozenset[str]) -> None:
        super().__init__(directory=str(directory))
        self.allowed = allowed

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path.replace(os.sep, "/") not in self.allowed:
            raise HTTPException(404)
        return await super().get_response(path, scope)


def public_origin(request: Request) -> str | None:
    """``https://HOST[:PORT]`` as this request names the service (the proxy keeps the
    Host header), or None when the Host is not a host name."""
    from assistant.addin.manifest import ManifestError, origin

    host = request.headers.get("host", "")
    try:
        return origin(f"https://{host}") if host else None
    except ManifestError:
        return None


# -- the app ---------------------------------------------------------------------------


def create_public_app(settings: PublicSettings | None = None) -> ASGIApp:
    """The hosted service; with no ``settings``, those in ``$MAIL_ASSISTANT_PUBLIC``."""
    settings = settings or PublicSettings.from_env()
    ctx = StatelessContext(policy=load_app_policy(settings.policy))
    routes_of = api(ctx)  # check and rules exactly as the companion's
    ui = Path(settings.ui) if settings.ui else ui_dir()
    bundle = (ui / BUNDLE).read_bytes()

    def info() -> dict[str, Any]:
        return {"version": __version__, "mode": "public", **settings.extra}

    def fix_draft(payload: Any) -> dict[str, Any]:
        draft = _draft_of(payload, '{"draft": {...}, "fixes": [...], "signature": {...}}')
        return fixed_json(fix.fix_draft_stateless(ctx, draft, payload.get("fixes"), payload.get("signature")))

    async def allowed_scripts(request: Request) -> Response:
        # Classic Outlook's JavaScript-only runtime may make CORS requests only from
        # the scripts this file lists for their origin (Microsoft's well-known URI).
        base = public_origin(request)
        if base is None:
            return JSONResponse({"error": "the Host header is not a host name"}, status_code=400)
        return JSONResponse({"allowed": [f"{base}/{BUNDLE}"]})

    async def launch_script(request: Request) -> Response:
        # Classic Outlook runs this file with no page, so no origin of its own: say where
        # the service is (launchevent.js reads MailAssistantConfig).
        base = public_origin(request)
        head = f"var MailAssistantConfig = {{origin: {json.dumps(base)}}};\n".encode() if base else b""
        return Response(head + bundle, media_type="text/javascript; charset=utf-8")

    routes = [
        Route("/api/info", _endpoint(info), methods=["GET"]),
        Route("/api/rules", _endpoint(routes_of["rules"]), methods=["GET"]),
        Route("/api/check", _endpoint(routes_of["check"], body=True), methods=["POST"]),
        Route("/api/fix", _endpoint(fix_draft, body=True), methods=["POST"]),
        not_found_route(),
        Route(ALLOWED_FILE, allowed_scripts, methods=["GET"]),
        Route(f"/{BUNDLE}", launch_script, methods=["GET"]),
        Mount("/", AddinFiles(directory=ui, allowed=addin_files(ui)), name="addin"),
    ]
    app: ASGIApp = Starlette(routes=routes)
    app = BodyLimit(app, max_bytes=settings.max_body, timeout=BODY_TIMEOUT)
    app = RateLimit(app, limit=settings.rate_limit, storage=settings.rate_storage)
    return PublicCors(app, outlook_origins=(*OUTLOOK_ORIGINS, *settings.outlook_origins))


__all__ = ["ENV", "PublicSettings", "StatelessContext", "addin_files", "create_public_app"]
