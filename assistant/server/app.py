"""The HTTP API and the static UI, as a Starlette app factory.

Routes are thin: parse JSON, call one use case of ``assistant.app`` with the
server's ``AppContext`` (in a worker thread, since checks and mailbox calls
block), render JSON; an ``AppError`` becomes the status of its kind.
``Guard`` wraps everything with the token, Host and Origin checks (see
security.py).
"""

from __future__ import annotations

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
from assistant.app import check as checking
from assistant.app import drafts, fix, settings as settings_view, signature, summary
from assistant.app.context import AppContext
from assistant.app.check import Draft, Hint, Severity
from assistant.app.errors import AppError, Kind
from assistant.server.sanitize import sanitize_html
from assistant.server.security import BodyLimit, Guard, allowed_hosts, allowed_origins

log = logging.getLogger(__name__)

MAX_BODY = 32 * 1024 * 1024  # a 25 MB draft plus JSON overhead
# A request body must arrive within this time (loopback: even 32 MB takes well
# under a second), so a client trickling bytes cannot hold a request open.
# Both are enforced by security.BodyLimit before any route runs.
BODY_TIMEOUT = 30.0
# A \uD800-\uDFFF escape: only then can json.loads produce a lone surrogate.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")


def ui_dir() -> Path:
    """``ui/`` beside the package (source checkout), or its copy shipped inside
    the package as ``assistant/ui`` (a wheel, ``pip install .``; see setup.py)."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "ui", here.parents[1] / "ui"):
        if (candidate / "index.html").is_file():
            return candidate
    raise FileNotFoundError("the UI files (ui/index.html) are missing from this installation")


@dataclass
class Settings:
    port: int
    token: str
    companion: AppContext  # the use cases' context (policy, mailbox, grammar)
    ui: Path | None = None
    desktop: bool = False
    info: dict[str, Any] = field(default_factory=dict)
    body_timeout: float = BODY_TIMEOUT


def parse_json(body: bytes) -> Any:
    """The request's JSON, or a BAD_INPUT AppError saying in one line what is wrong.

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
        raise AppError(Kind.BAD_INPUT, "request body is not valid JSON (nested too deeply)") from None
    except UnicodeDecodeError as exc:
        raise AppError(Kind.BAD_INPUT, f"request body is not valid UTF-8 JSON ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise AppError(Kind.BAD_INPUT, f"request body is not valid JSON ({exc})") from None
    except ValueError:  # the only other case: an integer past Python's digit limit
        raise AppError(Kind.BAD_INPUT, "request body is not valid JSON (a number has too many digits)") from None
    if _SURROGATE_ESCAPE.search(body):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise AppError(Kind.BAD_INPUT, "request body is not valid JSON (a \\u escape is a lone surrogate)") from None
    return data


async def _json_body(request: Request) -> Any:
    # BodyLimit (outside the routes) has already read the body whole, within its size
    # cap and deadline, and hands it on in one piece.
    body = await request.body()
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


# The HTTP status of each kind of AppError.
STATUS = {
    Kind.BAD_INPUT: 400,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.REFUSED: 409,
    Kind.CONFIG: 409,
    Kind.TOO_LARGE: 413,
    Kind.UNSAFE: 422,
    Kind.NOT_AVAILABLE: 501,
    Kind.UNAVAILABLE: 502,
}


def error_json(exc: AppError) -> dict[str, Any]:
    out: dict[str, Any] = {"error": exc.message}
    if exc.conflict is not None:
        # Theirs is shown in the page: sanitised. Yours is what the user wrote, kept as is.
        out["conflict"] = {"yours": exc.conflict.yours.to_json(), "theirs": sanitize_draft(exc.conflict.theirs).to_json()}
    return out


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
        except AppError as exc:
            return SafeJSONResponse(error_json(exc), status_code=STATUS[exc.kind])
        except Exception as exc:  # a bug: one line for the user, and where it happened in the log
            # Only the exception's type and the code location: its message may quote draft
            # text, and no draft text is ever logged (DESIGN, "Security").
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb is not None else "?"
            log.error("%s %s failed: %s at %s", request.method, request.url.path, type(exc).__name__, where)
            return SafeJSONResponse({"error": f"internal error ({type(exc).__name__})"}, status_code=500)
        return SafeJSONResponse(result)

    return handler


# -- rendering: use-case results as JSON -------------------------------------------------


def sanitize_draft(draft: Draft) -> Draft:
    """The draft as the page may show it (one allow-list: assistant/server/sanitize.py)."""
    return draft.replace(html=sanitize_html(draft.html)) if draft.html is not None else draft


def _change_json(change: Any) -> Any:
    return change.to_json() if hasattr(change, "to_json") else str(change)


def fixed_json(fixed: Any, *, shown: bool = False) -> dict[str, Any]:
    """A fix's result (``fix.Fixed`` or a server draft's): the draft after it, the
    changes, the diff and the hints after. ``shown``: the draft came from a mailbox
    and the page will display it, so its HTML is sanitised (what the user sent in
    is given back as it was)."""
    after = sanitize_draft(fixed.after) if shown else fixed.after
    return {"draft": after.to_json(), "changes": [_change_json(c) for c in fixed.changes],
            "diff": fixed.diff.to_json(), **fixed.checked.to_json()}


async def _no_such_endpoint(request: Request) -> Response:
    return JSONResponse({"error": f"no such API endpoint: {request.url.path}"}, status_code=404)


def not_found_route() -> Route:
    """``/api/...`` that no route above matched: a JSON 404 (not the static files' HTML one)."""
    return Route("/api/{rest:path}", _no_such_endpoint, methods=["GET", "POST", "PUT", "DELETE"])


def _fixes_of(hints: list[Hint]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for h in hints:
        if h.fix:
            entry = seen.setdefault(h.fix, {"id": h.fix, "applicability": h.applicability.value, "codes": []})
            entry["codes"].append(h.code)
    return list(seen.values())


def _preview(checked: checking.Checked, limit: int = 160) -> str:
    text = " ".join(checked.new_text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listed(c: checking.Checked) -> dict[str, Any]:
    d = c.draft
    return {
        "id": d.id,
        "subject": d.subject,
        "to": [r.display() for r in d.to],
        "date": d.date.isoformat() if d.date else None,
        "counts": c.counts,
        "codes": c.codes,
        "fixes": _fixes_of(c.hints),
        "preview": _preview(c),
    }


def _signature_json(form: signature.SignatureForm) -> dict[str, Any]:
    sig = form.signature
    return {
        "fields": form.fields,
        "html": sanitize_html(sig.html()) if sig else "",
        "text": sig.text() if sig else "",
        "complete": bool(sig and sig.has_contact),
        "error": form.error,
        # The settings version these fields were read from (or saved as): a save sends it back.
        "version": form.version,
    }


def _rules_at_least(severity: Any) -> list[str] | None:
    """The codes of the rules that can give ``severity`` or worse (a rule never gives more
    than its declared severity); None (every rule) when no floor is asked for. The
    on-send decision asks for "warning": it ignores advice, so the advice rules'
    time is saved where Outlook waits."""
    if severity is None:
        return None
    try:
        floor = Severity(severity)
    except ValueError:
        raise AppError(Kind.BAD_INPUT, '"severity" must be "error", "warning" or "info"') from None
    return [r.code for r in checking.list_rules() if r.severity.rank >= floor.rank]


def _draft_of(payload: Any, shape: str = '{"draft": {...}}') -> Draft:
    if not isinstance(payload, dict) or "draft" not in payload:
        raise AppError(Kind.BAD_INPUT, f"send {shape}")
    return checking.draft_from_json(payload["draft"])


def api(ctx: AppContext) -> dict[str, Callable[..., Any]]:
    """One small function per route: parse, call one use case, render."""

    def check(payload: Any) -> dict[str, Any]:
        draft = _draft_of(payload)
        out = checking.check_draft(ctx, draft, _rules_at_least(payload.get("severity"))).to_json()
        if payload.get("grammar"):
            out["grammar"] = checking.grammar(ctx, draft)
        return out

    def grammar(payload: Any) -> dict[str, Any]:
        return checking.grammar(ctx, _draft_of(payload))

    def fix_draft(payload: Any) -> dict[str, Any]:
        draft = _draft_of(payload, '{"draft": {...}, "fixes": [...]}')
        return fixed_json(fix.fix_draft(ctx, draft, payload.get("fixes")))

    def list_drafts() -> dict[str, Any]:
        return {"drafts": [_listed(c) for c in drafts.list_drafts(ctx)]}

    def get_draft(item_id: str) -> dict[str, Any]:
        c = drafts.get_draft(ctx, item_id)
        return {"draft": sanitize_draft(c.draft).to_json(), **c.to_json()}

    def fix_server_draft(item_id: str, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise AppError(Kind.BAD_INPUT, 'send {"fixes": [...]}')
        dry_run = payload.get("dry_run") is True
        seen = payload.get("change_key")
        if seen is not None and not isinstance(seen, str):
            raise AppError(Kind.BAD_INPUT, "'change_key' must be a string")
        fixed = drafts.fix_server_draft(ctx, item_id, payload.get("fixes"), dry_run=dry_run, chosen=True,
                                        seen_change_key=seen)
        return {**fixed_json(fixed, shown=True), "saved": fixed.saved, "answer_lost": fixed.answer_lost}

    def save_draft(payload: Any) -> dict[str, Any]:
        draft = checking.draft_from_json(payload.get("draft") if isinstance(payload, dict) else None)
        return {"draft": sanitize_draft(drafts.save_draft(ctx, draft)).to_json()}

    def send(payload: Any) -> dict[str, Any]:
        draft = checking.draft_from_json(payload.get("draft") if isinstance(payload, dict) else None)
        drafts.send_draft(ctx, draft, override=payload.get("override") is True)
        return {"sent": True}

    def rules() -> dict[str, Any]:
        return {"rules": sorted((r.to_json() for r in checking.list_rules()), key=lambda r: r["code"])}

    def config() -> dict[str, Any]:
        view = settings_view.settings(ctx)
        return {"signature": _signature_json(view.signature), "account": view.account, "policy": view.policy,
                "grammar": {"url": view.grammar_url} if view.grammar_url else None}

    def save_signature(payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict) or not isinstance(payload.get("fields"), dict):
            raise AppError(Kind.BAD_INPUT, 'send {"fields": {...}, "version": "..."}')
        # The version the page loaded (GET /api/config): a stale one is 409 and nothing is saved.
        return _signature_json(signature.save_signature(ctx, payload["fields"], payload.get("version")))

    def preview_signature(payload: Any) -> dict[str, Any]:
        fields = payload.get("fields") if isinstance(payload, dict) else None
        form = signature.signature_form(ctx) if fields is None else signature.preview_signature(fields)
        # Accessibility warnings: for the user's own signature when one is sent ("html", e.g.
        # pasted from Outlook with its logo), else for the one these fields make.
        own = payload.get("html") if isinstance(payload, dict) else None
        if own is not None and not isinstance(own, str):
            raise AppError(Kind.BAD_INPUT, '"html" must be the signature\'s HTML as a string')
        checked = own if own is not None else (form.signature.html() if form.signature else "")
        return {**_signature_json(form), "warnings": [w.to_json() for w in signature.signature_warnings(checked)]}

    def weekly_summary(params: dict[str, str]) -> dict[str, Any]:
        return summary.summary(ctx, params)

    return {
        "check": check, "grammar": grammar, "fix_draft": fix_draft, "list_drafts": list_drafts,
        "get_draft": get_draft, "fix_server_draft": fix_server_draft, "save_draft": save_draft, "send": send,
        "rules": rules, "config": config, "save_signature": save_signature,
        "preview_signature": preview_signature, "weekly_summary": weekly_summary,
    }


def create_app(settings: Settings) -> Guard:
    c = api(settings.companion)

    def info() -> dict[str, Any]:
        return {"version": __version__, "desktop": settings.desktop, **settings.info}

    routes = [
        Route("/api/info", _endpoint(info), methods=["GET"]),
        Route("/api/check", _endpoint(c["check"], body=True), methods=["POST"]),
        Route("/api/grammar", _endpoint(c["grammar"], body=True), methods=["POST"]),
        Route("/api/fix", _endpoint(c["fix_draft"], body=True), methods=["POST"]),
        Route("/api/drafts", _endpoint(c["list_drafts"]), methods=["GET"]),
        Route("/api/drafts", _endpoint(c["save_draft"], body=True), methods=["POST"]),
        Route("/api/drafts/{item_id:path}/fix", _endpoint(c["fix_server_draft"], body=True, path_arg="item_id"),
              methods=["POST"]),
        Route("/api/drafts/{item_id:path}", _endpoint(c["get_draft"], path_arg="item_id"), methods=["GET"]),
        Route("/api/send", _endpoint(c["send"], body=True), methods=["POST"]),
        Route("/api/rules", _endpoint(c["rules"]), methods=["GET"]),
        Route("/api/config", _endpoint(c["config"]), methods=["GET"]),
        Route("/api/signature", _endpoint(c["save_signature"], body=True), methods=["PUT"]),
        Route("/api/signature/preview", _endpoint(c["preview_signature"], body=True), methods=["POST"]),
        # The weekly summary (assistant.app.summary): ?week=YYYY-Www, default the last complete week.
        Route("/api/summary", _endpoint(c["weekly_summary"], query=True), methods=["GET"]),
    ]

    routes.append(not_found_route())
    routes.append(Mount("/", StaticFiles(directory=str(settings.ui or ui_dir()), html=True), name="ui"))
    # Guard first: a request without the token is refused before its body is read.
    app = BodyLimit(Starlette(routes=routes), max_bytes=MAX_BODY, timeout=settings.body_timeout)
    return Guard(app, token=settings.token, hosts=set(allowed_hosts(settings.port)), origins=allowed_origins(settings.port))
