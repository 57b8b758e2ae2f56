"""``check(draft, policy) -> hints``: run every rule of the catalogue."""

from __future__ import annotations

from typing import Iterable

from assistant.core.model import Draft, Hint
from assistant.policy import Policy, default_policy
from assistant.rules import RULES, Context


def check(draft: Draft, policy: Policy | None = None, *, only: Iterable[str] | None = None) -> list[Hint]:
    """All hints for ``draft``, most severe first, then in catalogue order."""
    ctx = Context(draft, policy or default_policy())
    codes = [c.upper() for c in only] if only else list(RULES)
    hints: list[Hint] = []
    for code in codes:
        hints.extend(RULES[code]().check(ctx))
    order = {code: i for i, code in enumerate(RULES)}
    hints.sort(key=lambda h: (-h.severity.rank, order.get(h.code, 99)))
    return hints


def counts(hints: Iterable[Hint]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for h in hints:
        out[h.severity.value] += 1
    return out
