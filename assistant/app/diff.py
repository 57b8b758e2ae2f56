"""The one diff of two drafts: what a fix changes, for the API and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.core.model import Draft

HEADER_FIELDS = ("subject", "to", "cc", "bcc")


def full_text(draft: Draft) -> str:
    """The draft's text as the diff shows it: what is being written, then the quoted
    history; all of it (check reads the first MAX_CHECK_CHARS, a diff must not)."""
    from assistant.core.content import body_text

    new_text, quoted_text = body_text(draft)
    return new_text + ("\n" + quoted_text if quoted_text else "")


def _shown(name: str, value: Any) -> str:
    return value if name == "subject" else ", ".join(r.display() for r in value)


@dataclass(frozen=True)
class DraftDiff:
    """Changed header fields, and the body's text line by line.

    ``lines`` holds the changed lines with two lines of context around them; an
    ``{"op": "gap", "count": n}`` entry stands for n lines left out (see
    ``assistant.core.diff.preview_lines``); ``unified`` has every change.
    """

    headers: list[dict[str, str]] = field(default_factory=list)
    lines: list[dict[str, object]] = field(default_factory=list)
    unified: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.headers or self.unified)

    def to_json(self) -> dict[str, Any]:
        return {"headers": self.headers, "lines": self.lines, "unified": self.unified, "changed": self.changed}

    def text(self, name: str = "draft") -> str:
        """A unified diff for a terminal: header changes, then the body's (empty when none)."""
        if not self.changed:
            return ""
        out = [f"--- {name} (before)", f"+++ {name} (after)"]
        for h in self.headers:
            label = h["field"].capitalize()
            out += [f"-{label}: {h['before']}", f"+{label}: {h['after']}"]
        body = self.unified.split("\n")[2:]  # its own ---/+++ lines are the ones above
        return "\n".join(out + body) + "\n"


def draft_diff(old: Draft, new: Draft) -> DraftDiff:
    from assistant.core.diff import Matcher, format_unified, preview_lines

    headers = []
    for name in HEADER_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            headers.append({"field": name, "before": _shown(name, before), "after": _shown(name, after)})
    a, b = full_text(old).split("\n"), full_text(new).split("\n")
    # One linear-bounded match serves both the preview lines and the unified text.
    codes = Matcher(a, b).get_opcodes()
    return DraftDiff(headers, preview_lines(codes, a, b), format_unified(codes, a, b))


def diff_drafts(old: Draft, new: Draft) -> dict[str, Any]:
    """``draft_diff`` as JSON (the API's ``diff`` field)."""
    return draft_diff(old, new).to_json()


__all__ = ["DraftDiff", "diff_drafts", "draft_diff", "full_text"]
