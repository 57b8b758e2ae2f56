"""The companion's use cases, independent of HTTP.

Routes in ``app.py`` only parse JSON, call one method here and render the
result, so everything the UI can do is testable without a server. Methods
take and return plain JSON-able values and raise ``ServiceError`` with an
HTTP status and a message meant for the user.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

import nh3

from assistant.core.check import counts
from assistant.core.model import Draft, DraftError, Hint, Severity
from assistant.mail.drafts import with_group_sizes

MAX_FIX_IDS = 50


class ServiceError(Exception):
    """An answer for the user: HTTP ``status``, a one-line ``message``, and
    ``detail`` (extra JSON fields, e.g. both versions of a conflicting draft)."""

    def __init__(self, status: int, message: str, detail: dict[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail or {}

    def to_json(self) -> dict[str, Any]:
        return {"error": self.message, **self.detail}


STALE_MESSAGE = (
    "this draft was changed elsewhere (in Outlook or on another device) since you opened it; "
    "nothing was overwritten: choose which version to keep"
)


# --- HTML made safe to display ----------------------------------------------------

# One allow-list for the server and the page: see assistant/server/sanitize.py.
from assistant.server.sanitize import sanitize_html  # noqa: E402


def sanitize_draft(draft: Draft) -> Draft:
    return draft.replace(html=sanitize_html(draft.html)) if draft.html is not None else draft


# --- diffs ---------------------------------------------------------------------------


def full_text(draft: Draft) -> str:
    """The draft's text as the diff shows it: what is being written, then the quoted
    history; all of it (check reads the first MAX_CHECK_CHARS, a diff must not)."""
    from assistant.core.content import body_text

    new_text, quoted_text = body_text(draft)
    return new_text + ("\n" + quoted_text if quoted_text else "")


def diff_drafts(old: Draft, new: Draft) -> dict[str, Any]:
    """What a fix changes: header fields, and the body's text line by line.

    ``lines`` holds the changed lines with two lines of context around them; an
    ``{"op": "gap", "count": n}`` entry stands for n lines left out (see
    ``assistant.core.diff.preview_lines``).
    """
    from assistant.core.diff import Matcher, format_unified, preview_lines

    headers = []
    for name in ("subject", "to", "cc", "bcc"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            show = (lambda v: v) if name == "subject" else (lambda v: ", ".join(r.display() for r in v))
            headers.append({"field": name, "before": show(before), "after": show(after)})
    a, b = full_text(old).split("\n"), full_text(new).split("\n")
    # One linear-bounded match serves both the preview lines and the unified text.
    codes = Matcher(a, b).get_opcodes()
    lines = preview_lines(codes, a, b)
    unified = format_unified(codes, a, b)
    return {"headers": headers, "lines": lines, "unified": unified, "changed": bool(headers or unified)}


# --- the service -------------------------------------------------------------------


@dataclass
class Companion:
    """Everything the UI and the add-in ask for.

    ``backend_factory`` opens the mail backend on first use (the demo passes
    one bound to the emulator); ``account_label`` describes it for Settings.
    """

    policy: Any = None
    backend_factory: Callable[[], Any] | None = None
    account_label: str | None = None
    grammar_url: str | None = None
    _backend: Any = field(default=None, init=False, repr=False)
    _directory: dict[str, Any] | None = field(default=None, init=False, repr=False)
    _grammar_checker: Any = field(default=None, init=False, repr=False)
    # Guards creating the backend and the grammar checker, never network I/O.
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)
    # Serialises calls into a backend that does not declare itself thread_safe.
    _mail_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.policy is None:
            from assistant.policy import load_policy

            self.policy = load_policy()

    # -- checking ---------------------------------------------------------------
    def _draft(self, data: Any) -> Draft:
        try:
            return Draft.from_json(data)
        except DraftError as exc:
            raise ServiceError(400, str(exc)) from None

    def _check(self, draft: Draft) -> list[Hint]:
        from assistant.core.check import check

        # Already most severe first, then in catalogue order (as the CLI shows them).
        return check(draft, self.policy)

    def check(self, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict) or "draft" not in payload:
            raise ServiceError(400, "send {\"draft\": {...}}")
        draft = self._draft(payload["draft"])
        hints = self._check(draft)
        result: dict[str, Any] = {"hints": [h.to_json() for h in hints], "counts": counts(hints)}
        if payload.get("grammar"):
            result["grammar"] = self._grammar(draft)
        return result

    def _grammar(self, draft: Draft) -> dict[str, Any]:
        # Optional: the etiquette answer never waits on or fails with LanguageTool.
        if not self.grammar_url:
            return {"status": "off", "hints": []}
        try:
            from assistant.core.content import parse

            with self._lock:
                if self._grammar_checker is None:
                    from assistant.grammar import GrammarChecker

                    # One checker for the process: it caches results by paragraph,
                    # so a typing pause re-sends only the paragraphs that changed.
                    self._grammar_checker = GrammarChecker(self.grammar_url)
                checker = self._grammar_checker
            hints = checker.check(parse(draft).new_text)
            return {"status": "ok", "hints": [h.to_json() for h in hints]}
        except Exception as exc:  # any failure there is reported, not raised
            return {"status": "unavailable", "error": str(exc) or type(exc).__name__, "hints": []}

    def grammar(self, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict) or "draft" not in payload:
            raise ServiceError(400, "send {\"draft\": {...}}")
        return self._grammar(self._draft(payload["draft"]))

    # -- fixing -------------------------------------------------------------------
    def _fix_ids(self, payload: dict[str, Any]) -> list[str]:
        ids = payload.get("fixes")
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
            raise ServiceError(400, "'fixes' must be a non-empty list of fix ids")
        if len(ids) > MAX_FIX_IDS:
            raise ServiceError(400, "too many fixes in one request")
        return ids

    def _apply(self, draft: Draft, ids: list[str]) -> tuple[Draft, list[Any]]:
        from assistant.core import fixes

        try:
            new, changes = fixes.apply(draft, ids, policy=self.policy, signature=self.signature_obj())
        except DraftError as exc:
            raise ServiceError(400, str(exc)) from None
        except (KeyError, ValueError) as exc:
            raise ServiceError(400, f"cannot apply fix: {exc}") from None
        return new, list(changes)

    def fix(self, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict) or "draft" not in payload:
            raise ServiceError(400, "send {\"draft\": {...}, \"fixes\": [...]}")
        draft = self._draft(payload["draft"])
        ids = self._fix_ids(payload)
        new, changes = self._apply(draft, ids)
        hints = self._check(new)
        return {
            "draft": new.to_json(),
            "changes": [_change_json(c) for c in changes],
            "diff": diff_drafts(draft, new),
            "hints": [h.to_json() for h in hints],
            "counts": counts(hints),
        }

    # -- the mailbox ------------------------------------------------------------------
    def backend(self) -> Any:
        from assistant.mail import MailError

        with self._lock:
            if self._backend is None:
                if self.backend_factory is None:
                    from assistant.mail import open_backend

                    factory: Callable[[], Any] = open_backend
                else:
                    factory = self.backend_factory
                try:
                    self._backend = factory()
                except MailError as exc:
                    raise _mail_error(exc) from None
            return self._backend

    def _mail(self, fn: Callable[[Any], Any]) -> Any:
        from assistant.mail import MailError

        backend = self.backend()
        try:
            # Requests run in parallel (the EWS backend is thread-safe); a backend
            # that does not say so gets one conversation at a time.
            if getattr(backend, "thread_safe", False):
                return fn(backend)
            with self._mail_lock:
                return fn(backend)
        except MailError as exc:
            raise _mail_error(exc) from None

    def list_drafts(self) -> dict[str, Any]:
        # Distribution lists count by their members (EM401), as in `drafts`.
        drafts = self._mail(lambda b: with_group_sizes(b, b.list_drafts()))
        items = []
        for d in drafts:
            hints = self._check(d)
            items.append(
                {
                    "id": d.id,
                    "subject": d.subject,
                    "to": [r.display() for r in d.to],
                    "date": d.date.isoformat() if d.date else None,
                    "counts": counts(hints),
                    "codes": sorted({h.code for h in hints}),
                    "fixes": _fixes_of(hints),
                    "preview": _preview(d),
                }
            )
        return {"drafts": items}

    def get_draft(self, item_id: str) -> dict[str, Any]:
        draft = self._mail(lambda b: b.get_draft(item_id))
        hints = self._check(draft)
        return {"draft": sanitize_draft(draft).to_json(), "hints": [h.to_json() for h in hints], "counts": counts(hints)}

    def fix_server_draft(self, item_id: str, payload: Any) -> dict[str, Any]:
        """Fix a draft on the server (``dry_run``: only say what would change)."""
        if not isinstance(payload, dict):
            raise ServiceError(400, "send {\"fixes\": [...]}")
        ids = self._fix_ids(payload)
        before = self._mail(lambda b: b.get_draft(item_id))
        if payload.get("dry_run") is True:
            new, changes = self._apply(before, ids)
            after = new
        else:
            from assistant.app.server_drafts import fix_server_draft

            # The result is what the server holds now (read back when a save's
            # answer was lost), with the changes of the write that put it there.
            result = self._mail(lambda b: fix_server_draft(b, item_id, lambda d: self._apply(d, ids)))
            after, changes, answer_lost = result.draft, list(result.changes), result.answer_lost
        hints = self._check(after)
        return {
            "draft": sanitize_draft(after).to_json(),
            "changes": [_change_json(c) for c in changes],
            "diff": diff_drafts(before, after),
            "hints": [h.to_json() for h in hints],
            "counts": counts(hints),
            "saved": payload.get("dry_run") is not True,
            "answer_lost": payload.get("dry_run") is not True and answer_lost,
        }

    # -- writing drafts: every write carries the version the user saw ---------------
    def _versioned(self, payload: Any) -> Draft:
        """The draft from the UI; one with a server id must say which version it edits."""
        draft = self._draft(payload.get("draft") if isinstance(payload, dict) else None)
        if draft.id and not draft.change_key:
            # A malformed request, not a conflict: without the version we cannot
            # tell whether someone else's edit would be overwritten.
            raise ServiceError(400, "the draft has an id but no change_key: open it again from Drafts")
        return draft

    def _stale(self, backend: Any, mine: Draft) -> ServiceError:
        """409 with both versions: the user's, and the server's as it is now."""
        theirs = backend.get_draft(mine.id)
        conflict = {"yours": mine.to_json(), "theirs": sanitize_draft(theirs).to_json()}
        return ServiceError(409, STALE_MESSAGE, {"conflict": conflict})

    def _write_version(self, backend: Any, draft: Draft) -> Draft:
        """Update a stored draft only if it is still the version the user loaded.

        The check here gives a clear answer early; the write itself carries the
        user's ChangeKey with NeverOverwrite, so the server refuses an edit that
        lands between the two.
        """
        from assistant.mail import ConflictError

        current = backend.get_draft(draft.id)
        if current.change_key != draft.change_key:
            raise self._stale(backend, draft)
        try:
            return backend.update_draft(current, draft)
        except ConflictError:
            raise self._stale(backend, draft) from None

    def save_draft(self, payload: Any) -> dict[str, Any]:
        """Create a new draft, or update the one named by the draft's id (409 when
        it changed on the server since the version the draft carries)."""
        draft = self._versioned(payload)
        saved = self._mail(lambda b: self._write_version(b, draft) if draft.id else b.create_draft(draft))
        return {"draft": sanitize_draft(saved).to_json()}

    def send(self, payload: Any) -> dict[str, Any]:
        draft = self._versioned(payload)
        if not draft.all_recipients:
            raise ServiceError(400, "add at least one recipient before sending")
        hints = self._check(draft)
        blocking = [h for h in hints if h.severity is Severity.ERROR]
        if blocking and not (isinstance(payload, dict) and payload.get("override") is True):
            raise ServiceError(
                409, "this draft has errors: " + "; ".join(f"{h.code} {h.message}" for h in blocking)
            )

        def send(b: Any) -> None:
            from assistant.mail import ConflictError

            if not draft.id:
                b.send(draft)
                return
            saved = self._write_version(b, draft)
            try:
                # Sent with the version just written: an edit in between is refused.
                b.send_draft(draft.id, saved.change_key)
            except ConflictError:
                raise self._stale(b, draft) from None

        self._mail(send)
        return {"sent": True}

    # -- rules, settings, summary -----------------------------------------------------
    def rules(self) -> dict[str, Any]:
        from assistant.rules import all_rules

        out = [r.to_json() for r in all_rules()]
        return {"rules": sorted(out, key=lambda r: r["code"])}

    def _signature_fields(self) -> dict[str, Any]:
        """The user's signature settings, with the directory filling empty fields."""
        from assistant.core.signature import merged_defaults

        user = self._config().get("signature") or {}
        if self._directory is None and (self.backend_factory is not None or self._backend is not None):
            try:
                self._directory = _as_mapping(self._mail(lambda b: b.me()))
            except ServiceError:
                pass  # no mailbox: the user's own fields only (asked again next time)
        directory = self._directory or {}
        return merged_defaults(user if isinstance(user, dict) else {}, directory)

    def signature_obj(self) -> Any:
        """The configured signature, or None when there is none usable yet."""
        from assistant.core.signature import Signature, SignatureError

        try:
            return Signature.from_config(self._signature_fields())
        except SignatureError:
            return None

    def _config(self) -> dict[str, Any]:
        from assistant.config import ConfigError, load_config

        try:
            return load_config()
        except ConfigError as exc:
            raise ServiceError(500, str(exc)) from None

    def signature_json(self, fields: Any = None) -> dict[str, Any]:
        from assistant.core.signature import FIELDS, Signature, SignatureError

        raw = self._signature_fields() if fields is None else fields
        try:
            sig = Signature.from_config(raw)
        except SignatureError as exc:
            if fields is not None:
                raise ServiceError(400, str(exc)) from None
            # Nothing configured yet: Settings shows an empty form and why.
            empty = {k: "" for k in FIELDS}
            if isinstance(raw, dict):
                empty.update({k: v for k, v in raw.items() if k in FIELDS and isinstance(v, str)})
            return {"fields": empty, "html": "", "text": "", "complete": False, "error": str(exc)}
        return {
            "fields": {k: getattr(sig, k) for k in FIELDS},
            "html": sanitize_html(sig.html()),
            "text": sig.text(),
            "complete": sig.has_contact,
            "error": None,
        }

    def save_signature(self, payload: Any) -> dict[str, Any]:
        from assistant.config import update_section
        from assistant.core.signature import Signature

        if not isinstance(payload, dict) or not isinstance(payload.get("fields"), dict):
            raise ServiceError(400, "send {\"fields\": {...}}")
        result = self.signature_json(payload["fields"])
        update_section("signature", Signature.from_config(result["fields"]).to_config())
        return result

    def config(self) -> dict[str, Any]:
        return {
            "signature": self.signature_json(),
            "account": self.account_status(),
            "policy": {
                "source": getattr(self.policy, "source", ""),
                "district": self.policy.data["district"]["name"],
                "domains": list(self.policy.domains),
            },
            "grammar": {"url": self.grammar_url} if self.grammar_url else None,
        }

    def account_status(self) -> dict[str, Any]:
        account = self._config().get("account") or {}
        status: dict[str, Any] = {
            "label": self.account_label or account.get("email") or account.get("username"),
            "server": account.get("server") or account.get("url"),
            "configured": bool(self.backend_factory or account),
        }
        if self._backend is not None:
            status["connected"] = True
        return status

    def summary(self, params: dict[str, str]) -> dict[str, Any]:
        try:
            from assistant.summary import service as summary_service  # lands with its issue
        except ModuleNotFoundError:
            raise ServiceError(501, "the weekly summary is not available in this version") from None
        return self._mail(lambda b: summary_service.summary_json(b, self.policy, **params))

    def close(self) -> None:
        with self._lock:
            if self._grammar_checker is not None:
                self._grammar_checker.close()
                self._grammar_checker = None
            if self._backend is not None and hasattr(self._backend, "close"):
                try:
                    self._backend.close()
                finally:
                    self._backend = None


def _as_mapping(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if hasattr(obj, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(obj)
    return {k: v for k, v in vars(obj).items() if isinstance(v, str)} if hasattr(obj, "__dict__") else {}


def _change_json(change: Any) -> Any:
    if hasattr(change, "to_json"):
        return change.to_json()
    if isinstance(change, (str, int, float, dict, list)) or change is None:
        return change
    return str(change)


def _fixes_of(hints: list[Hint]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for h in hints:
        if h.fix:
            entry = seen.setdefault(h.fix, {"id": h.fix, "applicability": h.applicability.value, "codes": []})
            entry["codes"].append(h.code)
    return list(seen.values())


def _preview(draft: Draft, limit: int = 160) -> str:
    from assistant.core.content import parse

    text = " ".join(parse(draft).new_text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mail_error(exc: Exception) -> ServiceError:
    from assistant.mail import AuthError, ConflictError, ItemNotFoundError, MailConfigError

    status = {
        MailConfigError: 409,
        AuthError: 502,
        ConflictError: 409,
        ItemNotFoundError: 404,
    }.get(type(exc), 502)
    for cls, code in ((MailConfigError, 409), (ItemNotFoundError, 404), (ConflictError, 409)):
        if isinstance(exc, cls):
            status = code
    return ServiceError(status, str(exc) or type(exc).__name__)
