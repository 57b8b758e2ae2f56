"""Use cases: check a draft or a file, the rule catalogue, grammar hints."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from assistant.app.context import AppContext
from assistant.app.errors import AppError, Kind
from assistant.core.check import check as run_check
from assistant.core.check import counts
from assistant.core.model import Draft, DraftError, Hint, Severity, worst
from assistant.policy import Policy
from assistant.rules.base import DOC_SECTIONS


@dataclass(frozen=True)
class Checked:
    """A draft and its hints (most severe first, then in catalogue order)."""

    draft: Draft
    hints: list[Hint]
    policy: Policy

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.hints)

    @property
    def codes(self) -> list[str]:
        return sorted({h.code for h in self.hints})

    @cached_property
    def new_text(self) -> str:
        """What is being written now (the hints' spans point into it)."""
        from assistant.core.content import parse

        return parse(self.draft, self.policy.notice_words).new_text

    def to_json(self) -> dict[str, Any]:
        return {"hints": [h.to_json() for h in self.hints], "counts": self.counts}


def draft_from_json(data: Any) -> Draft:
    """A draft sent as JSON; a malformed one is BAD_INPUT naming the field."""
    try:
        return Draft.from_json(data)
    except DraftError as exc:
        raise AppError(Kind.BAD_INPUT, str(exc)) from None


def rule_codes(only: str | Iterable[str] | None) -> list[str] | None:
    """``"em101,EM401"`` as rule codes (None: every rule); an unknown code is BAD_INPUT."""
    from assistant.rules import RULES

    if not only:
        return None
    items = only.split(",") if isinstance(only, str) else list(only)
    codes = [c.strip().upper() for c in items if c.strip()]
    unknown = [c for c in codes if c not in RULES]
    if unknown:
        raise AppError(Kind.BAD_INPUT, f"unknown rule code(s): {', '.join(unknown)}")
    return codes or None


def check_draft(ctx: AppContext, draft: Draft, only: Iterable[str] | None = None) -> Checked:
    from assistant.core.personal import ModelError

    try:
        return Checked(draft, run_check(draft, ctx.policy, only=only), ctx.policy)
    except ModelError as exc:  # the conduct model is parsed on first use (core.conduct.check_file)
        raise AppError(Kind.CONFIG, str(exc)) from None


def check_file(ctx: AppContext, path: str | Path, only: Iterable[str] | None = None) -> Checked:
    """Check a draft file (.eml .msg .html .txt .json); an unreadable one is BAD_INPUT."""
    from assistant.core.loaders import load_path

    try:
        draft = load_path(path)
    except DraftError as exc:
        raise AppError(Kind.BAD_INPUT, str(exc)) from None
    return check_draft(ctx, draft, only)


def list_rules(code: str | None = None) -> list[Any]:
    """Every rule in catalogue order, or the one named (NOT_FOUND when there is none)."""
    from assistant.rules import RULES, get_rule

    if code is None:
        return list(RULES.values())
    rule = get_rule(code)
    if rule is None:
        raise AppError(Kind.NOT_FOUND, f"no rule {code!r}; run 'mail-assistant rules' for the list")
    return [rule]


def grammar(ctx: AppContext, draft: Draft) -> dict[str, Any]:
    """LanguageTool's hints on what is being written: ``status`` "ok", "off" (no
    server configured) or "unavailable" (with ``error``); never raises, so the
    etiquette check never waits on or fails with LanguageTool."""
    if not ctx.grammar_url:
        return {"status": "off", "hints": []}
    try:
        from assistant.core.content import parse

        hints = ctx.grammar_checker().check(parse(draft).new_text)
        return {"status": "ok", "hints": [h.to_json() for h in hints]}
    except Exception as exc:  # any failure there is reported, not raised
        return {"status": "unavailable", "error": str(exc) or type(exc).__name__, "hints": []}


# The types adapters render (re-exported so they import only this layer).
__all__ = ["DOC_SECTIONS", "Draft", "Hint", "Severity", "worst", "Checked", "check_draft", "check_file", "draft_from_json", "grammar", "list_rules", "rule_codes"]
