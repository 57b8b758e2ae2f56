"""The confidentiality notice: every whole copy, and altered or partial copies.

A copy matches whatever its case, spacing, line wrapping or markup; an
altered copy (an older wording) is found by its first words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.core.model import Span



def _token_index(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    toks, spans = [], []
    for m in re.finditer(r"[a-z0-9]+", text.lower()):
        toks.append(m.group())
        spans.append(m.span())
    return toks, spans


def find_notices(text: str, notice_words: tuple[str, ...]) -> tuple[Span, ...]:
    """Every occurrence of the notice (case, spacing, wrapping and markup aside)."""
    if not notice_words or notice_words[0] not in text.lower():
        return ()
    if not all(_TOKEN_ONLY.fullmatch(w) for w in notice_words):
        return _find_notices_by_tokens(text, notice_words)
    return tuple(_word_runs(text.lower(), notice_words, overlapping=False))


def find_notice_fragments(text: str, notice_words: tuple[str, ...], probe: int = 8) -> tuple[Span, ...]:
    """Where an altered or partial copy of the notice starts (its first words)."""
    if len(notice_words) < probe or notice_words[0] not in text.lower():
        return ()
    head = notice_words[:probe]
    if not all(_TOKEN_ONLY.fullmatch(w) for w in head):
        return _find_fragments_by_tokens(text, head)
    return tuple(_word_runs(text.lower(), head, overlapping=True))


_TOKEN_ONLY = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=16)
def _run_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # The words as whole [a-z0-9]+ tokens with anything else between them: the same
    # runs as matching the word list against the text's token list.
    return re.compile(r"(?<![a-z0-9])" + "[^a-z0-9]+".join(words) + r"(?![a-z0-9])")


def _word_runs(low: str, words: tuple[str, ...], overlapping: bool) -> list[Span]:
    """Spans of ``words`` as consecutive tokens of the lower-cased text ``low``.

    Tried only where the first word occurs (str.find), instead of building a token
    list of the whole body (160,000 match objects for 1 MB).
    """
    rx = _run_pattern(words)
    out: list[Span] = []
    first, pos, free = words[0], low.find(words[0]), 0
    while pos != -1:
        if overlapping or pos >= free:
            m = rx.match(low, pos)
            if m:
                out.append(Span(m.start(), m.end()))
                free = m.end()
        pos = low.find(first, pos + 1)
    return out


def _find_notices_by_tokens(text: str, notice_words: tuple[str, ...]) -> tuple[Span, ...]:
    toks, spans = _token_index(text)
    joined = " " + " ".join(toks) + " "
    needle = " " + " ".join(notice_words) + " "
    found: list[Span] = []
    # Map character offsets of ``joined`` back to token indexes.
    starts_at = {}
    pos = 1
    for i, t in enumerate(toks):
        starts_at[pos] = i
        pos += len(t) + 1
    at = joined.find(needle)
    while at != -1:
        i = starts_at.get(at + 1)
        if i is not None:
            j = i + len(notice_words) - 1
            found.append(Span(spans[i][0], spans[j][1]))
        at = joined.find(needle, at + len(needle) - 1)
    return tuple(found)


def _find_fragments_by_tokens(text: str, head: tuple[str, ...]) -> tuple[Span, ...]:
    toks, spans = _token_index(text)
    probe = len(head)
    out = []
    for i in range(len(toks) - probe + 1):
        if tuple(toks[i : i + probe]) == head:
            out.append(Span(spans[i][0], spans[i + probe - 1][1]))
    return tuple(out)

