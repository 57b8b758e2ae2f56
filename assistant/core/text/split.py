"""Where quoted history begins, in plain text and in HTML.

``find_text_quote(text)`` gives the offset where the quote starts in plain
text and what marked it; ``split_html(html)`` parses and renders an HTML body
and finds the element the quote starts at (a client's own marker, such as
Gmail's ``gmail_quote`` or Outlook's ``divRplyFwdMsg``, or else the plain-text
patterns on the rendered text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import lxml.etree as etree

from assistant.core.htmltext import (
    BLOCK_TAGS,
    Rendered,
    body_of,
    element_at_offset,
    parse_html,
    render,
    tag_of,
)
from assistant.core.text.spans import line_starts

# --- quoted history in plain text -------------------------------------------

_HEADER_KEYS = (
    r"from|sent|date|to|cc|bcc|subject|reply-to|"
    r"de|enviado|fecha|para|asunto|envoyé|objet|à|von|gesendet|an|betreff|"
    r"от|отправлено|кому|тема|дата"
)
# Possessive quantifiers: a long run of spaces must not backtrack (quadratic time).
_HEADER_LINE = re.compile(rf"^\s*+[*>]*+\s*+(?:{_HEADER_KEYS})\s*+\*?\s*+:", re.I)
_FROM_LINE = re.compile(r"^\s*+[*>]*+\s*+(?:from|de|von|от)\s*+\*?\s*+:\s*+\S", re.I)
_SEPARATORS = [
    re.compile(
        r"^\s*-{2,}\s*(?:original message|mensaje original|message d'origine|"
        r"ursprüngliche nachricht|forwarded message|mensaje reenviado|message transféré)\s*-{2,}",
        re.I,
    ),
    re.compile(r"^\s*-{3,}\s*forwarded by\b", re.I),  # Lotus Notes
    re.compile(r"^\s*begin forwarded message\s*:", re.I),  # Apple Mail
]
_ON_WROTE = re.compile(
    r"^\s*(?:on|el|le|am|op|il)\s.{0,300}?\b(?:wrote|escribió|a écrit|schrieb|schreef|ha scritto)\s*:\s*$",
    re.I,
)
# "Jane Doe <jd@x.org> on 01/02/2001 10:00 AM" (Lotus Notes reply header).
_NOTES_HEADER = re.compile(
    r"^\s*\S.{0,120}\bon\s+\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?\s*$", re.I
)
# "26.06.2014, 14:41, "Name" <a@b.c>:" and similar one-line attributions.
_DATED_ATTRIBUTION = re.compile(r"^.{0,120}\d{1,2}:\d{2}.{0,160}<[^<>\s@]+@[^<>\s]+>\s*:\s*$")
_RULE_LINE = re.compile(r"^\s*(?:_{8,}|-{8,}|={8,})\s*$")


def find_text_quote(text: str) -> tuple[int, str] | None:
    """Offset where quoted history starts in plain text, and what marked it."""
    lines = text.split("\n")
    offsets = line_starts(lines)
    n = len(lines)
    for i, line in enumerate(lines):
        head = line.lstrip()[:1]
        # Every marker below has a colon or starts with one of these characters.
        if not head or (":" not in line and head not in "-_=>*"):
            continue
        for sep in _SEPARATORS:
            if sep.match(line):
                return offsets[i], "separator"
        if _ON_WROTE.match(line):
            return offsets[i], "attribution"
        if i + 1 < n and line.lstrip().lower().startswith(("on ", "el ", "le ", "am ")) and len(line) < 300:
            if _ON_WROTE.match(line + " " + lines[i + 1]):
                return offsets[i], "attribution"
        if _FROM_LINE.match(line) or (_HEADER_LINE.match(line) and i + 1 < n):
            # A header block: at least three header lines within the next six,
            # one of them From.
            run = [j for j in range(i, min(n, i + 6)) if _HEADER_LINE.match(lines[j])]
            has_from = any(_FROM_LINE.match(lines[j]) for j in run)
            if len(run) >= 3 and has_from and run[0] == i:
                start = i
                # A rule line (Outlook's "______") right above belongs to the quote.
                k = i - 1
                while k >= 0 and not lines[k].strip():
                    k -= 1
                if k >= 0 and _RULE_LINE.match(lines[k]):
                    start = k
                return offsets[start], "header-block"
        # Cheap necessary conditions first: both patterns below backtrack over
        # hundreds of characters on every prose line that has a colon ("at 8:45").
        if "/" in line and _NOTES_HEADER.match(line) and any(
            _HEADER_LINE.match(lines[j]) for j in range(i + 1, min(n, i + 4))
        ):
            return offsets[i], "notes-header"
        if "@" in line and "<" in line and _DATED_ATTRIBUTION.match(line):
            return offsets[i], "attribution"
        if line.lstrip().startswith(">"):
            # Only a block of quoted lines counts, not a lone "> 5 students".
            following = [ln for ln in lines[i : i + 3] if ln.strip()]
            if len(following) >= 2 and all(ln.lstrip().startswith(">") for ln in following[:2]):
                return offsets[i], "gt-quote"
    return None


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
    """The parsed HTML of a draft and where its quoted history begins."""

    root: etree._Element
    rendered: Rendered
    boundary: etree._Element | None  # insert new content before this element
    offset: int  # text offset of the boundary (len(text) when no quote)
    marker: str | None
    html_lower: str | None = None  # the source, lower-cased, for cheap marker pre-checks


def split_html(html: str) -> HtmlSplit:
    root = parse_html(html)
    rendered = render(root)
    body = body_of(root)
    text = rendered.text
    candidates: list[tuple[int, int, etree._Element | None, str]] = []
    html_lower = html.lower()
    marker = _html_marker(body) if _mentions(html_lower, _QUOTE_WORDS) else None
    if marker is not None:
        el, name = marker
        start = rendered.start_of(el)
        if start is not None:
            candidates.append((start, 0, el, name))
    found = find_text_quote(text)
    if found is not None:
        off, name = found
        el = element_at_offset(rendered, root, off)
        candidates.append((off, 1, el, name))
    if not candidates:
        return HtmlSplit(root, rendered, None, len(text), None, html_lower)
    off, _, el, name = min(candidates, key=lambda c: (c[0], c[1]))
    if el is not None:
        # Keep the separator rule and Outlook's empty append marker with the quote.
        while True:
            prev = _previous_element(el)
            if prev is None or not (_is_rule_block(prev) or (prev.get("id") or "").lower() in _QUOTE_IDS):
                break
            el = prev
    return HtmlSplit(root, rendered, el, off, name, html_lower)

