"""The split of a draft, laid out line by line for tests and debugging.

``explain(draft)`` says where the new text ends, which line starts the quoted
history and why, where the signature and the notice are, and the zone of every
line of the text the checks read (the rendered text for HTML).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from assistant.core import quotes
from assistant.core.model import Draft, Span
from assistant.core.text.limits import MAX_CHECK_CHARS
from assistant.core.text.spans import line_starts
from assistant.core.text.split import split_html, split_text

NEW, SIGNATURE, NOTICE = "new", "signature", "notice"
QUOTE_HEADER, QUOTE = quotes.QUOTE_HEADER, quotes.QUOTE_BODY

_WHY = {
    "separator": "a separator line (Original Message, Forwarded message, Forwarded by ...)",
    "attribution": "an attribution line (On ... wrote:, El ... escribió:, --- Name wrote:)",
    "header-block": "a quoted header block (a sender, a date and To/Cc/Subject lines)",
    "gt-quote": "a block of lines quoted with '>'",
}


def why(marker: str | None) -> str:
    """A reader's description of what marked the quote."""
    if marker is None:
        return "no quoted history found"
    return _WHY.get(marker, f"the mail client's quote marker ({marker})")


@dataclass(frozen=True)
class Explanation:
    """Lines are 0-based indexes into ``lines`` (the text the checks read)."""

    lines: tuple[str, ...]
    zones: tuple[str, ...]  # one per line: new, signature, notice, quote-header, quote
    marker: str | None  # what started the quote (Content.quote_marker)
    quote_start: int | None  # first line of quoted history
    quote_end: int | None  # line after the quote (== len(lines) unless bottom-posted)
    new_start: int  # first line of the new text (0 unless bottom-posted)
    new_end: int | None  # last line of the new text with anything on it (None: empty)
    signature: tuple[int, int] | None  # first and last line
    notices: tuple[tuple[int, int], ...]
    bottom_posted: bool = False
    is_html: bool = False
    truncated: bool = False

    @property
    def reason(self) -> str:
        return why(self.marker)

    def to_json(self) -> dict[str, object]:
        return {
            "marker": self.marker,
            "reason": self.reason,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "new_start": self.new_start,
            "new_end": self.new_end,
            "bottom_posted": self.bottom_posted,
            "signature": list(self.signature) if self.signature else None,
            "notices": [list(n) for n in self.notices],
            "is_html": self.is_html,
            "truncated": self.truncated,
            "lines": [{"line": i, "zone": z, "text": t} for i, (t, z) in enumerate(zip(self.lines, self.zones))],
        }


def explain(draft: Draft, notice_words: tuple[str, ...] = ()) -> Explanation:
    """How ``parse`` reads ``draft``: the same split, laid out by line."""
    from assistant.core.content import parse  # the facade builds on this package

    content = parse(draft, notice_words)
    is_html = draft.html is not None and bool(draft.html.strip())
    if is_html:
        html = (draft.html or "")[:MAX_CHECK_CHARS]
        split = split_html(html)
        text = split.rendered.text
        quote_at = split.offset if split.marker is not None else None
        new_at = split.new_range[0]
        quote_end_at = split.quote_range[1]
    else:
        text = (draft.text or "").replace("\r\n", "\n").replace("\r", "\n")[:MAX_CHECK_CHARS]
        found = split_text(text)
        quote_at = found.quote_start if found else None
        new_at = found.new_start if found and found.new_start is not None else 0
        quote_end_at = None  # by line below: the detector says where the quote's lines end
    lines = text.split("\n")
    starts = line_starts(lines)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    n = len(lines)
    q_start = line_of(quote_at) if quote_at is not None and quote_at < len(text) else None
    if quote_at is not None and quote_at >= len(text):
        q_start = n
    new_start = line_of(new_at) if new_at else 0
    q_end = None
    if q_start is not None:
        # Bottom-posted: the line after the quote's last non-blank line.
        if not content.bottom_posted:
            q_end = n
        elif quote_end_at is None:
            q_end = found.found.end  # plain text: the line after the last quoted one
        else:
            q_end = line_of(max(quote_at or 0, quote_end_at - 1)) + 1
    zones = [NEW] * n
    if q_start is not None and q_start < n:
        opening = quotes.QuoteStart(q_start, content.quote_marker or "", q_end or n)
        for i, z in enumerate(quotes.zones(lines, opening)):
            if z != quotes.NEW:
                zones[i] = z
        for i in range(q_start, q_end or n):
            if zones[i] == quotes.NEW:
                zones[i] = QUOTE

    def lines_of(span: Span) -> tuple[int, int]:
        a = line_of(new_at + span.start)
        b = line_of(new_at + max(span.start, span.end - 1))
        return a, b

    signature = lines_of(content.signature) if content.signature else None
    notices = tuple(lines_of(s) for s in content.notices)
    for kind, rng in [(SIGNATURE, signature)] + [(NOTICE, r) for r in notices]:
        if rng is not None:
            for i in range(rng[0], rng[1] + 1):
                zones[i] = kind
    last = q_start if q_start is not None and not content.bottom_posted else n
    new_end = max((i for i in range(new_start, last) if lines[i].strip()), default=None)
    return Explanation(
        lines=tuple(lines),
        zones=tuple(zones),
        marker=content.quote_marker,
        quote_start=q_start,
        quote_end=q_end,
        new_start=new_start,
        new_end=new_end,
        signature=signature,
        notices=notices,
        bottom_posted=content.bottom_posted,
        is_html=is_html,
        truncated=content.truncated,
    )
