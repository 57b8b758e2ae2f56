"""Where quoted history begins, in plain text and in HTML.

``find_text_quote(text)`` gives the offset where the quote starts in plain
text and what marked it; ``split_html(html)`` parses and renders an HTML body
and finds the element the quote starts at (a client's own marker, such as
Gmail's ``gmail_quote`` or Outlook's ``divRplyFwdMsg``, or else the plain-text
patterns on the rendered text).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.core.htmltext import (
    BLOCK_TAGS,
    Rendered,
    body_of,
    element_at_offset,
    parse_html,
    render,
    tag_of,
)
from assistant.core.quotes import QuoteStart, find_quote_start

if TYPE_CHECKING:  # annotations only: lxml is imported by the HTML path (htmltext)
    import lxml.etree as etree

# --- quoted history in plain text -------------------------------------------


@dataclass(frozen=True)
class TextSplit:
    """Where the new text and the quoted history lie in a plain-text body.

    Top-posted (the usual case): the new text is ``text[:quote_start]`` and the
    quote runs to the end. Bottom-posted (``new_start`` set): the quote comes
    first, ``text[quote_start:quote_end]``, and the new text is
    ``text[new_start:]``; only blank lines are above the quote.
    """

    quote_start: int
    quote_end: int
    marker: str
    found: QuoteStart
    new_start: int | None = None

    @property
    def bottom_posted(self) -> bool:
        return self.new_start is not None


def split_text(text: str) -> TextSplit | None:
    """Where quoted history lies in ``text`` (LF line ends), or None without a quote."""
    lines = text.split("\n")
    found = find_quote_start(lines, text)
    if found is None:
        return None

    def at(i: int) -> int:
        return sum(len(line) + 1 for line in lines[:i]) if i < len(lines) else len(text)

    if found.new_start is not None:
        return TextSplit(at(found.line), at(found.new_start), found.reason, found, at(found.new_start))
    return TextSplit(at(found.line), len(text), found.reason, found)


def find_text_quote(text: str) -> tuple[int, str] | None:
    """Offset where quoted history starts in plain text, and what marked it.

    For a bottom-posted reply this is the quote above the new text (see
    ``split_text`` for where the new text resumes).
    """
    found = split_text(text)
    return None if found is None else (found.quote_start, found.marker)


# --- quoted history in HTML --------------------------------------------------

_QUOTE_IDS = {
    "appendonsend": "outlook",
    "x_appendonsend": "outlook",
    "divrplyfwdmsg": "outlook",
    "x_divrplyfwdmsg": "outlook",
    "olk_src_body_section": "outlook-mac",
    "stopspelling": "hotmail",
    "ecxstopspelling": "hotmail",
    "mail-editor-reference-message-container": "outlook-mac",
}
_QUOTE_CLASSES = {
    "gmail_quote": "gmail",
    "gmail_quote_container": "gmail",
    "yahoo_quoted": "yahoo",
    "moz-cite-prefix": "thunderbird",
    "outlookmessageheader": "outlook",
    "protonmail_quote": "protonmail",
}


_QUOTE_WORDS = (*_QUOTE_IDS, *_QUOTE_CLASSES, "cite")


def _html_marker(body: etree._Element) -> tuple[etree._Element, str] | None:
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        el_id = (el.get("id") or "").lower()
        if el_id in _QUOTE_IDS:
            return el, _QUOTE_IDS[el_id]
        classes = (el.get("class") or "").lower().split()
        for c in classes:
            if c in _QUOTE_CLASSES:
                return el, _QUOTE_CLASSES[c]
        if tag_of(el) == "blockquote" and (el.get("type") or "").lower() == "cite":
            return el, "apple-mail"
    return None


def _mentions(html_lower: str, words) -> bool:
    """Cheap pre-check: walking a large tree is only worth it when a marker's
    name occurs in the source at all."""
    return any(w in html_lower for w in _shortest(tuple(words)))


@lru_cache(maxsize=16)
def _shortest(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` less those containing another of them ("x_appendonsend" occurs only
    where "appendonsend" does): the same answer from fewer scans of a large source."""
    unique = tuple(dict.fromkeys(words))
    return tuple(w for w in unique if not any(v != w and v in w for v in unique))


def _is_rule_block(el: etree._Element) -> bool:
    """An <hr>, or a block holding only an <hr> (Outlook 2003's separator)."""
    if tag_of(el) == "hr":
        return True
    if tag_of(el) not in BLOCK_TAGS or "".join(el.itertext()).strip():
        return False
    return any(tag_of(d) == "hr" for d in el.iter())


def _previous_element(el: etree._Element) -> etree._Element | None:
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    return prev


@dataclass
class HtmlSplit:
    """The parsed HTML of a draft and where its quoted history begins.

    Top-posted: the new text is ``text[:offset]``. Bottom-posted (``resume``
    set): the quote is ``text[offset:resume]`` at the top and the new text is
    ``text[resume:]``.
    """

    root: etree._Element
    rendered: Rendered
    boundary: etree._Element | None  # insert new content before this element
    offset: int  # text offset of the boundary (len(text) when no quote)
    marker: str | None
    html_lower: str | None = None  # the source, lower-cased, for cheap marker pre-checks
    resume: int | None = None  # bottom-posted: where the new text starts below the quote

    @property
    def bottom_posted(self) -> bool:
        return self.resume is not None

    @property
    def new_range(self) -> tuple[int, int]:
        """(start, end) of the new text in ``rendered.text``."""
        if self.resume is not None:
            return self.resume, len(self.rendered.text)
        return 0, self.offset

    @property
    def quote_range(self) -> tuple[int, int]:
        """(start, end) of the quoted history in ``rendered.text``."""
        if self.resume is not None:
            return self.offset, self.resume
        return self.offset, len(self.rendered.text)


# Markers whose element holds the whole quote (Outlook's mark only its header,
# the quoted body follows as siblings): only these can close a quote at the top.
_WHOLE_QUOTE_MARKERS = frozenset(("gmail", "yahoo", "thunderbird", "apple-mail", "protonmail"))


def split_html(html: str) -> HtmlSplit:
    root = parse_html(html)
    rendered = render(root)
    body = body_of(root)
    text = rendered.text
    candidates: list[tuple[int, int, etree._Element | None, str, int | None]] = []
    html_lower = html.lower()
    marker = _html_marker(body) if _mentions(html_lower, _QUOTE_WORDS) else None
    if marker is not None:
        el, name = marker
        start = rendered.start_of(el)
        if start is not None:
            candidates.append((start, 0, el, name, None))
    found = split_text(text)
    if found is not None:
        off = found.quote_start
        el = element_at_offset(rendered, root, off)
        candidates.append((off, 1, el, found.marker, found.new_start))
    if not candidates:
        return HtmlSplit(root, rendered, None, len(text), None, html_lower)
    off, _, el, name, resume = min(candidates, key=lambda c: (c[0], c[1]))
    if el is not None:
        # Keep the separator rule and Outlook's empty append marker with the quote.
        while True:
            prev = _previous_element(el)
            if prev is None or not (_is_rule_block(prev) or (prev.get("id") or "").lower() in _QUOTE_IDS):
                break
            el = prev
        if resume is None and name in _WHOLE_QUOTE_MARKERS and not text[:off].strip():
            resume = _new_text_below(rendered, body, el)
    return HtmlSplit(root, rendered, el, off, name, html_lower, resume)


def _new_text_below(rendered: Rendered, body: etree._Element, el: etree._Element) -> int | None:
    """Where new text starts below a quote that opens the body (bottom-posting),
    or None when nothing but the quote (and more quotes) follows."""
    text = rendered.text
    end = rendered.ends.get(id(el))
    if end is None:
        return None
    # Thunderbird puts its attribution in a <div> and the quote in the <blockquote> after it.
    node = el
    while not (node.tail or "").strip():
        nxt = node.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is None or not (tag_of(nxt) == "blockquote" or _is_rule_block(nxt)) or id(nxt) not in rendered.ends:
            break
        node, end = nxt, rendered.ends[id(nxt)]
    rest = text[end:]
    if not rest.strip():
        return None
    # Interleaved replies (quote, answer, quote, answer) are not bottom-posting.
    for later in body.iter():
        if isinstance(later.tag, str) and (rendered.starts.get(id(later)) or 0) >= end:
            if _is_quote_element(later):
                return None
    if split_text(rest) is not None:
        return None
    return end + len(rest) - len(rest.lstrip())


def _is_quote_element(el: etree._Element) -> bool:
    if (el.get("id") or "").lower() in _QUOTE_IDS or tag_of(el) == "blockquote":
        return True
    return any(c in _QUOTE_CLASSES for c in (el.get("class") or "").lower().split())
