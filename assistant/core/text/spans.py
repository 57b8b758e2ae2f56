"""Words, line offsets and masking: the helpers every text module shares.

Spans are offsets into one string; masking blanks a span but keeps newlines,
so every offset stays valid.
"""

from __future__ import annotations

import re

from assistant.core.model import Span

WORD_RE = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def line_starts(lines: list[str]) -> list[int]:
    """Offset of each line of ``"\\n".join(lines)``."""
    out, pos = [], 0
    for line in lines:
        out.append(pos)
        pos += len(line) + 1
    return out


def mask(text: str, spans: "tuple[Span, ...] | list[Span]") -> str:
    """``text`` with the spans blanked (newlines kept), so offsets stay valid."""
    if not spans:
        return text
    n = len(text)
    # Blank the union of the spans slice by slice, not character by character
    # (a list of a 1 MB body's characters costs 10 ms).
    cuts = sorted((s.start, min(s.end, n)) for s in spans if s.start < min(s.end, n))
    if cuts and cuts[0][0] < 0:  # a negative start counts from the end, as a list index does
        return _mask_chars(text, spans)
    out: list[str] = []
    pos = 0
    for a, b in cuts:
        a = max(a, pos)
        if a >= b:
            continue
        out.append(text[pos:a])
        out.append("\n".join(" " * len(part) for part in text[a:b].split("\n")))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _mask_chars(text: str, spans: "tuple[Span, ...] | list[Span]") -> str:
    chars = list(text)
    for s in spans:
        for i in range(s.start, min(s.end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)

