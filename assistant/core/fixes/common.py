"""Shared pieces of the fixes: the change record, errors, text helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from assistant.core.content import line_starts
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


def _line(s: str) -> str:
    """A line as compared: runs of spaces (and no-break spaces) as one, ends trimmed."""
    return " ".join(s.split())


def find_inserted_signature(text: str, known: Sequence[Signature]) -> Span | None:
    """A block at the end of ``text`` that is exactly a rendering of one of
    ``known`` (the configured signature and the ones configured before it).

    Only such a block is provably one this tool inserted and the author has
    not edited since, so only it may be replaced; a hand-written signature,
    or ours with a word changed ("Oak Hollow Elementary, Room 14"), matches
    none and is kept. ``text`` is the new text with notices blanked out. Lines
    are compared with their spacing normalised (HTML renders no-break spaces,
    clients re-wrap whitespace), nothing else. The plain-text form starts with
    the "-- " line; an HTML rendering has none, so the line is optional, and
    taken along when present.
    """
    lines = text.split("\n")
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=-1)
    if last < 0:
        return None
    starts = line_starts(lines)
    delimiter = _line(TEXT_DELIMITER)
    best: int | None = None
    for sig in known:
        want = [_line(x) for x in sig.lines()]
        first = last - len(want) + 1
        if first < 0 or [_line(x) for x in lines[first : last + 1]] != want:
            continue
        if first > 0 and lines[first - 1].strip() and _line(lines[first - 1]) != delimiter:
            continue  # the name line must start a block, not end a sentence's paragraph
        if first > 0 and _line(lines[first - 1]) == delimiter:
            first -= 1
        best = first if best is None else min(best, first)
    if best is None:
        return None
    return Span(starts[best], starts[last] + len(lines[last]))


def matches_rendering(block_text: str, known: Sequence[Signature]) -> bool:
    """Whether a marked block's text is exactly a rendering of a known signature
    (the marker says we inserted it; this says nobody edited it since)."""
    got = [_line(x) for x in block_text.split("\n") if x.strip()]
    if got and got[0] == _line(TEXT_DELIMITER):
        got = got[1:]
    return any(got == [_line(x) for x in sig.lines()] for sig in known)


__all__ = ["Change", "FixError", "find_inserted_signature", "matches_rendering", "norm"]
