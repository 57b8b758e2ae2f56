"""Shared pieces of the fixes: the change record, errors, text helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.content import EMAIL_RE, ORG_RE, PHONE_RE, TITLE_RE, line_starts, words
from assistant.core.model import Applicability, Span
from assistant.core.signature import TEXT_DELIMITER, Signature


class FixError(ValueError):
    """A fix that cannot be applied safely; the draft is left unchanged."""


@dataclass(frozen=True)
class Change:
    fix_id: str
    description: str
    applicability: Applicability = Applicability.SAFE
    # Text a fix took out of the new text (an older signature or notice),
    # reported so "words lost" can be audited.
    removed: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "fix": self.fix_id,
            "description": self.description,
            "applicability": self.applicability.value,
            "removed": list(self.removed),
        }


def norm(s: str) -> str:
    return " ".join(s.split()).casefold()


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:org|com|net|edu|gov|us)\b", re.I)
_PRONOUNS = re.compile(r"^\(?\s*(?:she|he|they|ze|xe|her|him|them|hers|his|theirs)(?:\s*/\s*\w+){1,2}\s*\)?$", re.I)


def _sig_like_line(line: str, own: set[str]) -> bool:
    """A line that belongs in a signature block (never a sentence of prose)."""
    n = norm(line)
    if not n or n in own or n == TEXT_DELIMITER.strip():
        return True
    if len(line) > 90:
        return False
    if PHONE_RE.search(line) or EMAIL_RE.search(line) or _URL.search(line) or _PRONOUNS.match(line.strip()):
        return True
    ws = words(line)
    if (TITLE_RE.search(line) or ORG_RE.search(line)) and len(ws) <= 8 and not line.rstrip().endswith(("?", "!")):
        # Titles and places are written in title case: "Teacher, Grade 3".
        caps = sum(1 for w in ws if w[0].isupper() or w[0].isdigit())
        return caps >= max(1, len(ws) - 2)
    return False


def find_own_signature(text: str, sig: Signature) -> Span | None:
    """An older version of this person's signature at the end of ``text``.

    ``text`` is the new text with notices already cut off. The block must
    start with the person's name (or a "-- " line right above it) and every
    line after it must look like signature material, so a closing such as
    "Thanks, Jane" or a P.S. written by the author is never taken for one.
    """
    lines = text.split("\n")
    starts = line_starts(lines)
    own = {norm(x) for x in sig.lines()}
    name = norm(sig.name)
    contact = [norm(x) for x in (sig.email, sig.phone) if x]
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=-1)
    if last < 0:
        return None
    for i in range(last, max(-1, last - 12), -1):
        n = norm(lines[i])
        if not n:
            continue
        is_name = n == name or (n.startswith(name) and len(n) <= len(name) + 30 and _sig_like_line(n[len(name):], own | {""}))
        if not is_name:
            # A renamed person: a short capitalised line followed by their own e-mail or phone.
            ws = words(lines[i])
            tail = norm("\n".join(lines[i + 1 : last + 1]))
            is_name = (
                1 <= len(ws) <= 5
                and all(w[0].isupper() for w in ws)
                and any(c and c in tail for c in contact)
                and i > 0
                and lines[i - 1].strip() == TEXT_DELIMITER.strip()
            )
        if not is_name:
            continue
        after = [ln for ln in lines[i + 1 : last + 1] if ln.strip()]
        if len(after) > 10 or not all(_sig_like_line(ln, own) for ln in after):
            return None
        if not after:
            return None  # a bare name is the author's own sign-off: keep it
        start = i
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k >= 0 and lines[k].strip() == TEXT_DELIMITER.strip() and lines[k].rstrip() in ("--", "-- ", "—"):
            start = k
        end = starts[last] + len(lines[last])
        return Span(starts[start], end)
    return None


__all__ = ["Change", "FixError", "find_own_signature", "norm"]
