"""What a draft says: new text vs quoted history, signature, notice, styling.

``parse(draft, policy)`` renders the body to the text a reader sees and splits
it into the part the author is writing now (``new_text``: checked and fixed)
and the quoted history (never linted, never rewritten). Spans everywhere are
offsets into ``new_text``.

This module only puts the parts together; each job lives in a small module of
``assistant.core.text`` (quote split, signature, notice, style inventory,
dates). The names other modules import from here are re-exported.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.core.model import Draft, Span
from assistant.core.text.dates import parse_loose_date, quoted_date
from assistant.core.text.explain import Explanation, explain
from assistant.core.text.limits import MAX_CHECK_CHARS
from assistant.core.text.notice import (
    _find_fragments_by_tokens,
    _find_notices_by_tokens,
    find_notice_fragments,
    find_notices,
)
from assistant.core.text.signature import (
    _SIG_WORDS,
    EMAIL_RE,
    ORG_RE,
    PHONE_RE,
    TITLE_RE,
    _find_text_signature,
    _html_signature,
    find_text_signature,
    looks_like_contact,
)
from assistant.core.text.spans import WORD_RE, _mask_chars, line_starts, mask, words
from assistant.core.text.split import _QUOTE_WORDS, HtmlSplit, TextSplit, _shortest, find_text_quote, split_html, split_text
from assistant.core.text.style import Image, Style, inventory, is_default_text_color, normalize_color

__all__ = [
    "Content", "parse", "parsed_split", "body_text", "MAX_CHECK_CHARS",
    # re-exported parts (import them from assistant.core.text.* in new code)
    "EMAIL_RE", "ORG_RE", "PHONE_RE", "TITLE_RE", "WORD_RE", "HtmlSplit", "Image", "Style",
    "find_notice_fragments", "find_notices", "find_text_quote", "find_text_signature", "inventory",
    "is_default_text_color", "line_starts", "looks_like_contact", "mask", "normalize_color",
    "explain", "Explanation", "parse_loose_date", "quoted_date", "split_html", "split_text", "TextSplit", "words",
]
# Private names tests/core/test_fast_paths.py compares fast paths against.
_PRIVATE_REEXPORTS = (
    _find_fragments_by_tokens, _find_notices_by_tokens, _find_text_signature, _mask_chars, _shortest,
    _QUOTE_WORDS, _SIG_WORDS,
)


@dataclass(frozen=True)
class Content:
    new_text: str
    quoted_text: str = ""
    quote_marker: str | None = None
    signature: Span | None = None
    notices: tuple[Span, ...] = ()
    notice_in_quote: bool = False
    style: Style = field(default_factory=Style)
    truncated: bool = False
    is_html: bool = False
    # Bottom-posted: the quote comes first and new_text is what follows it.
    bottom_posted: bool = False

    @property
    def has_quote(self) -> bool:
        return self.quote_marker is not None

    @property
    def authored_text(self) -> str:
        """``new_text`` with signature and notice blanked out (same offsets)."""
        return mask(self.new_text, ((self.signature,) if self.signature else ()) + self.notices)

    @property
    def signature_text(self) -> str:
        return self.new_text[self.signature.start : self.signature.end] if self.signature else ""



# --- entry point -------------------------------------------------------------------


def parse(draft: Draft, notice_words: tuple[str, ...] = ()) -> Content:
    """Split and inventory ``draft``'s body (cached on the body text)."""
    if draft.html is not None and draft.html.strip():
        return _parse_html(draft.html, notice_words)
    return _parse_text(draft.text or "", notice_words)


def body_text(draft: Draft) -> tuple[str, str]:
    """``(new_text, quoted_text)`` of the whole body, as ``parse`` splits it but without
    its MAX_CHECK_CHARS cut: a preview of a fix must show an edit past the checked part.

    A bottom-posted body comes back whole as the first part (quote, then new text, in
    reading order), so joining the two parts always reads as the body does."""
    if draft.html is not None and draft.html.strip():
        return _html_body_text(draft.html)
    return _text_body_text(draft.text or "")


# html -> (new_text, quoted_text), newest last. parse() fills it too, so the diff of a
# fix does not render again the draft that check has just rendered.
_BODY_TEXTS: dict[str, tuple[str, str]] = {}
_BODY_TEXTS_MAX = 8
_BODY_TEXTS_LOCK = threading.Lock()


def _remember_body_text(html: str, texts: tuple[str, str]) -> None:
    with _BODY_TEXTS_LOCK:
        _BODY_TEXTS.pop(html, None)
        _BODY_TEXTS[html] = texts
        while len(_BODY_TEXTS) > _BODY_TEXTS_MAX:
            del _BODY_TEXTS[next(iter(_BODY_TEXTS))]


def _html_body_text(html: str) -> tuple[str, str]:
    with _BODY_TEXTS_LOCK:
        texts = _BODY_TEXTS.get(html)
    if texts is None:
        split = split_html(html)
        texts = _reading_order(split.rendered.text, split.offset, split.resume)
        _remember_body_text(html, texts)
    return texts


@lru_cache(maxsize=8)
def _text_body_text(text: str) -> tuple[str, str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = split_text(text)
    if found is None:
        return text.rstrip(), ""
    return _reading_order(text, found.quote_start, found.new_start)


def _reading_order(text: str, quote_start: int, new_start: int | None) -> tuple[str, str]:
    if new_start is not None:
        return text.rstrip(), ""
    return text[:quote_start].rstrip(), text[quote_start:]


@lru_cache(maxsize=64)
def _parse_text(text: str, notice_words: tuple[str, ...]) -> Content:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    truncated = len(text) > MAX_CHECK_CHARS
    if truncated:
        text = text[:MAX_CHECK_CHARS]
    found = split_text(text)
    if found is None:
        return _finish(text.rstrip(), "", None, notice_words, truncated, None)
    if found.new_start is not None:
        new_text, quoted = text[found.new_start :].rstrip(), text[found.quote_start : found.new_start]
    else:
        new_text, quoted = text[: found.quote_start].rstrip(), text[found.quote_start :]
    return _finish(new_text, quoted, found.marker, notice_words, truncated, None, found.bottom_posted)


# draft html -> the HtmlSplit parse() made of it, newest last: the accessibility rules
# read the same tree instead of parsing the body again. Only the last few are kept
# (a tree of a 1 MB body is about 12 MB), not one per cached Content.
_SPLITS: dict[str, HtmlSplit] = {}
_SPLITS_MAX = 2


def parsed_split(html: str) -> HtmlSplit | None:
    """The parsed and split tree of the HTML body ``html`` (its first MAX_CHECK_CHARS)
    as ``parse`` made it, while it is among the last few parsed; None otherwise.
    Callers only read it: it is shared."""
    with _BODY_TEXTS_LOCK:
        return _SPLITS.get(html)


def _remember_split(html: str, split: HtmlSplit) -> None:
    with _BODY_TEXTS_LOCK:
        _SPLITS.pop(html, None)
        _SPLITS[html] = split
        while len(_SPLITS) > _SPLITS_MAX:
            del _SPLITS[next(iter(_SPLITS))]


@lru_cache(maxsize=64)
def _parse_html(html: str, notice_words: tuple[str, ...]) -> Content:
    source = html
    truncated = len(html) > MAX_CHECK_CHARS
    if truncated:
        html = html[:MAX_CHECK_CHARS]
    split = split_html(html)
    _remember_split(source, split)
    text = split.rendered.text
    a, b = split.new_range
    q0, q1 = split.quote_range
    new_text, quoted = text[a:b].rstrip(), text[q0:q1]
    if not truncated:
        _remember_body_text(html, _reading_order(text, split.offset, split.resume))
    return _finish(new_text, quoted, split.marker, notice_words, truncated, split, split.bottom_posted)


def _finish(
    new_text: str,
    quoted: str,
    marker: str | None,
    notice_words: tuple[str, ...],
    truncated: bool,
    split: HtmlSplit | None,
    bottom_posted: bool = False,
) -> Content:
    notices = find_notices(new_text, notice_words)
    notice_in_quote = bool(find_notices(quoted, notice_words)) if notice_words else False
    signature = _html_signature(split) if split is not None else None
    if signature is not None and notices:
        # A marked signature ends where the notice begins.
        first_notice = min(n.start for n in notices if n.start >= signature.start) if any(
            n.start >= signature.start for n in notices
        ) else signature.end
        signature = Span(signature.start, min(signature.end, first_notice))
    if signature is None:
        masked = mask(new_text, notices)
        # Look for the signature above the first notice, else in the whole text.
        region = masked
        if notices:
            head = masked[: notices[0].start]
            if head.strip() and find_text_signature(head.rstrip()):
                region = head.rstrip()
        signature = find_text_signature(region.rstrip())
    if signature is not None:
        # A marked block may run to the quote; new_text was right-stripped.
        end = min(signature.end, len(new_text))
        while end > signature.start and new_text[end - 1].isspace():
            end -= 1
        signature = Span(signature.start, end)
    style = inventory(split, signature) if split is not None else Style()
    return Content(
        new_text=new_text,
        quoted_text=quoted,
        quote_marker=marker,
        signature=signature,
        notices=notices,
        notice_in_quote=notice_in_quote,
        style=style,
        truncated=truncated,
        is_html=split is not None,
        bottom_posted=bottom_posted,
    )

