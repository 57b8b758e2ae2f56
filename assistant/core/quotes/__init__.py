"""Where quoted history starts in a plain-text reply, and why.

``find_quote_start(lines)`` returns the first line of quoted history with the
pattern that marked it:

- ``"separator"``: ``-----Original Message-----``, ``Forwarded by … on …``,
  ``---------- Forwarded message ---------``, ``Mensaje original`` …
- ``"attribution"``: ``On … wrote:``, ``El … escribió:``, ``Le … a écrit :``,
  ``Em … escreveu:``, ``--- Name <addr> wrote:`` (wrapped over up to three lines)
- ``"header-block"``: a run of short lines carrying a sender, a date or time
  and a To/Cc/Subject label (Outlook in any language, Lotus Notes, forwards)
- ``"gt-quote"``: a block of ``>``-prefixed lines

For a bottom-posted reply (the quote comes first, the new text after it) the
result also says where the quote ends and the new text resumes.

Pure functions over a list of lines; no I/O. ``zones(lines)`` labels every
line (new text, quoted header, quoted body) for tests and ``--explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from assistant.core.quotes import patterns as _p
from assistant.core.quotes.attribution import attribution_at, may_end_attribution, separator_at
from assistant.core.quotes.headers import rule_above, scan

__all__ = ["QuoteStart", "find_quote_start", "zones", "NEW", "QUOTE_HEADER", "QUOTE_BODY"]

_CUE = re.compile(r"[:\d>-]")

# The names Content.quote_marker carries (rules read them; keep them stable).
SEPARATOR, ATTRIBUTION, HEADER_BLOCK, GT_QUOTE = "separator", "attribution", "header-block", "gt-quote"
NEW, QUOTE_HEADER, QUOTE_BODY = "new", "quote-header", "quote"


@dataclass(frozen=True)
class QuoteStart:
    """Quoted history is ``lines[line:end]``; ``reason`` names the pattern.

    ``new_start`` is set only for a bottom-posted reply: the index of the first
    line of new text below the quote (``end <= new_start``). Otherwise the quote
    runs to the last line (``end == len(lines)``).
    """

    line: int
    reason: str
    end: int
    new_start: int | None = None
    header_end: int | None = None  # end of the opening separator/attribution/header lines

    @property
    def bottom_posted(self) -> bool:
        return self.new_start is not None


def _gt_block(lines: list[str], i: int) -> bool:
    """A block of ``>`` lines starts at ``i`` (a lone ``> 5 students`` does not count)."""
    if _p.quote_depth(lines[i]) == 0:
        return False
    following = [ln for ln in lines[i : i + 4] if not _p.is_blank(ln)][:2]
    return len(following) >= 2 and all(_p.quote_depth(ln) > 0 for ln in following)


class _Scanner:
    """Finds quoted-history openings line by line, in linear time overall."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.no_block_until = 0  # no header block starts before this line
        self.no_attribution_until = 0  # no line before this one can end an attribution

    def opening_at(self, i: int) -> tuple[int, int, str] | None:
        """(start, end, reason) of quoted-history opening lines found at ``i``."""
        lines = self.lines
        line = lines[i]
        # Every opening has one of these characters on its line, except a Lotus Notes
        # name line (its date line follows): most prose lines are decided here.
        if not _CUE.search(line):
            if (
                i >= self.no_block_until
                and i + 1 < len(lines)
                and len(line) <= 80
                and _CUE.search(lines[i + 1])
                and _p.is_name_line(line)
            ):
                end, ok = scan(lines, i)
                if ok:
                    return rule_above(lines, i), end, HEADER_BLOCK
                self.no_block_until = end
            return None
        if _p.is_blank(line):
            return None
        size = separator_at(lines, i)
        if size:
            return i, i + size, SEPARATOR
        if i + 2 >= self.no_attribution_until:
            # Attributions end with ":" (or "wrote", ">>>", "---"): find the next such line once.
            k = i
            while k < len(lines) and not may_end_attribution(lines[k]):
                k += 1
            self.no_attribution_until = k
        if self.no_attribution_until <= i + 2:
            size = attribution_at(lines, i)
            if size:
                return i, i + size, ATTRIBUTION
        if i >= self.no_block_until:
            end, ok = scan(lines, i)
            if ok:
                return rule_above(lines, i), end, HEADER_BLOCK
            self.no_block_until = end
        if _gt_block(lines, i):
            return i, i, GT_QUOTE
        return None


def _bottom_post(lines: list[str], start: int, after: int) -> tuple[int, int] | None:
    """(quote end, new text start) when non-quoted text follows a ``>`` quote."""
    j, last_quoted = after, None
    n = len(lines)
    while j < n and (_p.is_blank(lines[j]) or _p.quote_depth(lines[j]) > 0):
        if not _p.is_blank(lines[j]):
            last_quoted = j
        j += 1
    if last_quoted is None or j >= n:
        return None
    return last_quoted + 1, j


# Every opening has one of these on its line or within the next few lines: a header
# block has a To/Cc/Subject label, a separator dashes or a colon, an attribution
# ends with a colon, "wrote", ">>>" or dashes, and quoting is ">".
_ANCHOR = re.compile(r"[:>]|--|wrote", re.I)
_LOOKBACK = 8  # a Lotus Notes name line, its date line and blank lines above "To:"


def _lines_to_visit(lines: list[str]) -> Iterator[int]:
    """In order, the lines near an anchor; found with one pass over the text in C,
    so long prose without any costs (almost) nothing."""
    text = "\n".join(lines)
    line_no, pos, done = 0, 0, 0
    for m in _ANCHOR.finditer(text):
        at = m.start()
        line_no += text.count("\n", pos, at)
        pos = at
        if line_no < done:
            continue
        yield from range(max(done, line_no - _LOOKBACK), line_no + 1)
        done = line_no + 1


def find_quote_start(lines: list[str]) -> QuoteStart | None:
    """The first line of quoted history in ``lines``, or None when there is none."""
    n = len(lines)
    scanner = _Scanner(lines)
    for i in _lines_to_visit(lines):
        found = scanner.opening_at(i)
        if found is None:
            continue
        start, end, reason = found
        if reason in (ATTRIBUTION, GT_QUOTE) and all(_p.is_blank(ln) for ln in lines[:start]):
            bottom = _bottom_post(lines, start, end)
            if bottom is not None:
                return QuoteStart(start, reason, bottom[0], bottom[1], end)
        return QuoteStart(start, reason, n, None, end)
    return None


def zones(lines: list[str], found: QuoteStart | None = None) -> list[str]:
    """Each line's zone: ``NEW``, ``QUOTE_HEADER`` or ``QUOTE_BODY``.

    Inside the quote, every further separator, attribution and header block
    (older messages of the thread) is a quoted header too.
    """
    if found is None:
        found = find_quote_start(lines)
    out = [NEW] * len(lines)
    if found is None:
        return out
    i, last_header = found.line, -99
    scanner = _Scanner(lines)
    while i < found.end:
        if _p.is_blank(lines[i]):
            i += 1
            continue
        opening = scanner.opening_at(i)
        if opening is not None and opening[2] != GT_QUOTE:
            start, end, _ = opening
            for k in range(min(start, i), max(end, i + 1)):
                out[k] = QUOTE_HEADER
            last_header, i = max(end, i + 1) - 1, max(end, i + 1)
            continue
        line = _p.unquote(lines[i])
        # "From: X on <date>" under a separator, with no To: line, is header too.
        if i - last_header <= 3 and (_p.label(line) or _p.is_sender_date_line(line) or _p.is_datetime_line(line)):
            out[i], last_header = QUOTE_HEADER, i
        elif out[i] == NEW:
            out[i] = QUOTE_BODY
        i += 1
    return out
