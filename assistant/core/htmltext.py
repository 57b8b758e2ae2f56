"""HTML to visible text, remembering where each element's text starts.

A real HTML parser (lxml) builds the tree; an iterative walk renders the text
the reader sees, so rules, spans and quote splitting all work on the same
string, and a fix can map a text offset back to the element to insert before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.etree as etree

# Elements that start a new line when rendered.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset("head script style title template noscript object embed iframe xml meta link".split())
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS_CHARS = " \t\r\n\f\v\u00a0\u200b\u2028\u2029"
_WS = re.compile(f"[{_WS_CHARS}]+")


class HtmlError(ValueError):
    pass


# libxml2's HTML parser with lxml's own element proxies. lxml.html's parser builds the
# same tree but calls a Python class lookup for every element the walks touch (4 ms on
# a 1 MB draft), for HtmlElement methods nothing here uses. Like lxml.html's module
# parser, one parser serves every call (lxml serialises its use across threads).
_PARSER = etree.HTMLParser()


def parse_html(html: str) -> etree._Element:
    """Parse HTML (fragment or document) into an ``<html>`` root; never raises on junk."""
    if "\x00" in html:
        html = html.replace("\x00", "")
    # lxml refuses str input that carries an encoding declaration.
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        html = "<html><body></body></html>"
    try:
        root = _document(html)
    except (etree.ParserError, ValueError):
        # lxml refuses some inputs (e.g. only a comment); wrap them in a body.
        root = _document(f"<html><body>{_escape(html)}</body></html>")
    return root


def _document(html: str) -> etree._Element:
    """What ``lxml.html.document_fromstring`` returns, as plain lxml elements."""
    root = etree.fromstring(html, _PARSER)
    if root is None:
        raise etree.ParserError("Document is empty")
    return root


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tag_of(el: etree._Element) -> str:
    tag = el.tag
    return _tag_name(tag) if isinstance(tag, str) else ""


@lru_cache(maxsize=512)
def _tag_name(tag: str) -> str:
    # Outlook's namespaced tags (o:p, v:shape) keep their prefix, so <o:p>
    # is never mistaken for a paragraph.
    return tag.rpartition("}")[2].lower()


@dataclass
class Rendered:
    text: str
    # id(element) -> offset of the element's first visible character (or of
    # the text that follows it, for empty elements).
    starts: dict[int, int] = field(default_factory=dict)
    # id(element) -> the element, for lookups from an offset.
    elements: dict[int, etree._Element] = field(default_factory=dict)
    # id(block element) -> offset just past its text (a bottom-posted quote's end).
    ends: dict[int, int] = field(default_factory=dict)

    def start_of(self, el: etree._Element) -> int | None:
        return self.starts.get(id(el))


_INLINE, _BLOCK, _SKIP = 0, 1, 2


def _kind(tag: object) -> tuple[str, int]:
    """(tag_of's name, how render treats it) of a raw tag; comments and processing
    instructions (whose tag is not a string) are skipped with their tails."""
    if not isinstance(tag, str):
        return "", _SKIP
    name = _tag_name(tag)
    return name, _SKIP if not name or name in SKIP_TAGS else _BLOCK if name in BLOCK_TAGS else _INLINE


def render(root: etree._Element) -> Rendered:
    """Visible text of ``root`` with single newlines between blocks.

    One walk over the tree's start and end events; the text is written in one place
    at the bottom of the loop (no call per piece of text: a 1 MB draft has some
    20,000 of them). ``tests/core/test_render_paths.py`` holds the plain version this
    one must match.
    """
    out: list[str] = []
    length = 0
    pending_break = False  # a block began or ended: a line break before the next text
    blank_line = False  # an empty <p>/<div> ended: that break is a blank line
    last_char = "\n"  # nothing written yet counts as "at line start"
    waiting: list[int] = []  # ids of the elements whose text has not started yet
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    elements: dict[int, etree._Element] = {}
    pre_depth = 0
    skip_depth = 0
    block_had_text: list[int] = []
    kinds: dict[object, tuple[str, int]] = {}  # raw tag -> (name, kind), one lookup per event
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        got = kinds.get(tag)
        if got is None:
            got = kinds[tag] = _kind(tag)
        name, kind = got
        # What this event writes: ``s``, collapsed like any text (not in <pre>), after
        # ``lead``, written as is (a <br>'s line break).
        lead = ""
        if event == "start":
            if skip_depth or kind == _SKIP:
                if kind == _SKIP:
                    skip_depth += 1
                continue
            key = id(el)
            elements[key] = el
            waiting.append(key)
            s = el.text
            if kind == _BLOCK:
                pending_break = True
                block_had_text.append(length)
                if name == "pre":
                    pre_depth += 1
            elif name == "br":
                lead = "\n"
            elif name == "img":
                alt = (el.get("alt") or "").strip()
                if alt:
                    # Writing " alt " and then the text is writing both at once: the
                    # space ending the first joins the white space opening the second.
                    s = f" {alt} {s or ''}"
        elif skip_depth:
            if kind != _SKIP:
                continue
            skip_depth -= 1
            if skip_depth:
                continue
            s = el.tail
        else:
            s = el.tail if el is not root else None
            if kind == _BLOCK:
                if name == "pre":
                    pre_depth -= 1
                ends[id(el)] = length
                began = block_had_text.pop() if block_had_text else length
                if began == length and length and (name == "p" or name == "div"):
                    # An empty paragraph is a blank line in Outlook HTML.
                    blank_line = True
                if name == "td" or name == "th":
                    pending_break = False
                    # A cell ends with a space, not a line break (the next cell's start
                    # breaks the line; a space left before a break is dropped below).
                    s = " " + s if s else " "
                else:
                    pending_break = True
        if s:
            if pre_depth:
                s = s.replace("\r\n", "\n")
            else:
                # Fast paths with the same result as the substitution: text made only of
                # collapsible white space becomes one space, and printable text without a
                # double space has nothing to collapse (every _WS character but " " is
                # unprintable).
                if not s.strip(_WS_CHARS):
                    s = " "
                elif not s.isprintable() or "  " in s:
                    s = _WS.sub(" ", s)
                if lead or pending_break or last_char == " " or last_char == "\n":
                    s = s.lstrip(" ")
            if lead:
                s = lead + s
        elif lead:
            s = lead
        else:
            continue
        if not s:
            continue
        if pending_break:
            if length:
                if last_char != "\n":
                    brk = "\n\n" if blank_line else "\n"
                    out.append(brk)
                    length += len(brk)
                elif blank_line and not out[-1].endswith("\n\n"):
                    out.append("\n")
                    length += 1
            pending_break = False
        blank_line = False
        if waiting:
            for key in waiting:
                starts[key] = length
            waiting.clear()
        out.append(s)
        length += len(s)
        last_char = s[-1]
    # Elements that never saw text start at the end.
    for key in waiting:
        starts[key] = length
    rendered = "".join(out)
    # Trailing spaces on lines come from inline whitespace before a break.
    if " \n" in rendered:
        return _strip_line_ends(rendered, starts, elements, ends)
    return Rendered(rendered, starts, elements, ends)


# A run of spaces ending a line; the look-behind makes each run one match from its first
# space (a long run of spaces that does not end a line costs one scan, not one per space).
_LINE_END_SPACES = re.compile(r"(?<! ) +(?=\n)")


def _strip_line_ends(
    text: str, starts: dict[int, int], elements: dict[int, etree._Element], ends: dict[int, int]
) -> Rendered:
    # Remove spaces before newlines and remap offsets (monotone map): an offset moves
    # back by the spaces removed before it (one inside a run moves to the run's start).
    runs = [m.span() for m in _LINE_END_SPACES.finditer(text)]
    run_starts = [a for a, _ in runs]
    before = [0]  # before[i]: spaces removed ahead of run i
    for a, b in runs:
        before.append(before[-1] + b - a)

    def moved(v: int) -> int:
        i = bisect_right(run_starts, v) - 1
        if i < 0:
            return v
        a, b = runs[i]
        return v - before[i] - (min(v, b) - a)

    pieces = []
    last = 0
    for a, b in runs:
        pieces.append(text[last:a])
        last = b
    pieces.append(text[last:])
    return Rendered(
        "".join(pieces),
        {k: moved(v) for k, v in starts.items()},
        elements,
        {k: moved(v) for k, v in ends.items()},
    )


def body_of(root: etree._Element) -> etree._Element:
    body = root.find("body")
    return body if body is not None else root


def element_at_offset(rendered: Rendered, root: etree._Element, offset: int) -> etree._Element | None:
    """The outermost block element whose text starts exactly at ``offset``.

    Used to turn a quote header found in the text back into the element that
    opens the quoted history.
    """
    body = body_of(root)
    best: etree._Element | None = None
    for el in body.iter():
        if el is body or tag_of(el) not in BLOCK_TAGS:
            continue
        start = rendered.starts.get(id(el))
        if start == offset:
            best = el
            break  # iter() is document order: the first hit is the outermost
    return best
