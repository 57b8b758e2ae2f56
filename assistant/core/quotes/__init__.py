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

from assistant.core.lazy_re import lazy
from assistant.core.quotes import patterns as _p
from assistant.core.quotes.attribution import attribution_at, may_end_attribution, separator_at
from assistant.core.quotes.headers import MAX_BLOCK_LINES, rule_above, scan

__all__ = ["QuoteStart", "find_quote_start", "zones", "NEW", "QUOTE_HEADER", "QUOTE_BODY"]

_CUE = lazy(r"[:\d>-]")

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
    """A block of ``>`` lines starts at ``i`` (a lone ``> 5 students`` in a text does not
    count; a lone quoted sentence that ends the message after a blank line does: "Done"
    then "> Please return the cart by Friday.")."""
    if _p.quote_depth(lines[i]) == 0:
        return False
    following = [ln for ln in lines[i : i + 4] if not _p.is_blank(ln)][:2]
    if len(following) >= 2 and all(_p.quote_depth(ln) > 0 for ln in following):
        return True
    return (
        len(following) == 1
        and i > 0 and _p.is_blank(lines[i - 1])
        and all(_p.is_blank(ln) for ln in lines[i + 1 :])
        and _LONE_QUOTE.match(lines[i]) is not None
    )


# A lone quoted line that reads as a sentence: ">" then a capitalised word and more words.
_LONE_QUOTE = re.compile(r"[ \t]*>[ \t]*(?-i:[A-Z])[\w'’]*(?:[ \t,]+\S+){2,}")


# A header block has a To/Cc/Subject label line: where there is none within a
# block's reach below a line, no block starts there (most mail has none at all).
_RECIPIENT_LABEL = lazy(
    r"[ \t]*+(?:>[ \t]*+)*+\**+[ \t]*+(?:"
    + "|".join(sorted((re.escape(w) for k in (_p.TO, _p.CC, _p.SUBJECT) for w in _p.LABELS[k]), key=len, reverse=True))
    + r")[ \t\xa0]*+\**+[ \t\xa0]*+:",
    re.I,
)


def _label_lines(text: str) -> list[int]:
    """Indexes of the lines that carry a To/Cc/Subject label, in order.

    Tried only at the start of a line with a colon near it (str.find in C): a
    pattern tried at every position costs more than the whole detector.
    """
    out: list[int] = []
    line_no, counted = 0, 0
    colon = text.find(":")
    while colon != -1:
        start = text.rfind("\n", 0, colon) + 1
        if colon - start <= 60 and _RECIPIENT_LABEL.match(text, start):
            line_no += text.count("\n", counted, start)
            counted = start
            out.append(line_no)
        nl = text.find("\n", colon)
        if nl == -1:
            break
        colon = text.find(":", nl)
    return out


class _Scanner:
    """Finds quoted-history openings line by line, in linear time overall."""

    def __init__(self, lines: list[str], label_lines: list[int] | None = None) -> None:
        self.lines = lines
        self.no_block_until = 0  # no header block starts before this line
        self.no_attribution_until = 0  # no line before this one can end an attribution
        self.label_lines = label_lines  # None: not known, every line may start a block
        self.next_label = 0  # index into label_lines

    def block_possible(self, i: int) -> bool:
        """Whether a header block starting at ``i`` could reach a recipient label."""
        if i < self.no_block_until:
            return False
        labels = self.label_lines
        if labels is None:
            return True
        k = self.next_label
        while k < len(labels) and labels[k] < i:
            k += 1
        self.next_label = k
        if k == len(labels):
            self.no_block_until = len(self.lines)
            return False
        if labels[k] - i >= MAX_BLOCK_LINES:
            self.no_block_until = labels[k] - MAX_BLOCK_LINES + 1
            return False
        return True

    def opening_at(self, i: int) -> tuple[int, int, str] | None:
        """(start, end, reason) of quoted-history opening lines found at ``i``."""
        lines = self.lines
        line = lines[i]
        # Every opening has one of these characters on its line, except a Lotus Notes
        # name line (its date line follows): most prose lines are decided here.
        if not _CUE.search(line):
            if (
                i + 1 < len(lines)
                and len(line) <= 80
                and _CUE.search(lines[i + 1])
                and self.block_possible(i)
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
        if self.block_possible(i):
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
_LOOKBACK = 8  # a Lotus Notes name line, its date line and blank lines above "To:"
_LOOKBACK_NO_BLOCK = 2  # an attribution wrapped over three lines


def _anchored(line: str) -> bool:
    """A line near which a quote can open: it has ":", ">", "--" or "wrote"."""
    return ":" in line or ">" in line or "--" in line or "wrote" in line.lower()


def _anchored_no_block(line: str) -> bool:
    """Without any To/Cc/Subject label there is no header block: what is left ends a
    line with ":", ">>>", "-" or "wrote" (separators and attributions), has "--"
    (separators) or starts with ">" (quoting). A superset is fine: the scanner decides."""
    end = line[-1:]
    if end == " " or end == "\t":
        end = line.rstrip()[-1:]
    if end == ":" or end == ">" or end == "-":
        return True
    if (end == "e" or end == "E") and line.rstrip()[-5:].lower() == "wrote":
        return True
    return "--" in line or (">" in line and line.lstrip().startswith(">"))


def _lines_to_visit(lines: list[str], anchored, lookback: int) -> Iterator[int]:
    """In order, the lines near an anchor (string tests only, no pattern per line)."""
    done = 0
    for i, line in enumerate(lines):
        if anchored(line):
            yield from range(max(done, i - lookback), i + 1)
            done = i + 1


def find_quote_start(lines: list[str], text: str | None = None) -> QuoteStart | None:
    """The first line of quoted history in ``lines``, or None when there is none.

    ``text`` is ``"\\n".join(lines)`` when the caller has it already.
    """
    n = len(lines)
    if text is None:
        text = "\n".join(lines)
    labels = _label_lines(text)
    scanner = _Scanner(lines, labels)
    anchored, lookback = (_anchored, _LOOKBACK) if labels else (_anchored_no_block, _LOOKBACK_NO_BLOCK)
    for i in _lines_to_visit(lines, anchored, lookback):
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
