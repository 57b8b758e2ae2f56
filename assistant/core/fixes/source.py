"""Where each parsed HTML element sits in the original markup.

Fixes never re-serialise a draft: they patch the original string at known
offsets, so everything they do not touch (above all the quoted history, but
also Outlook's conditional comments and styles) stays byte-identical.

lxml builds the tree the rest of the product reasons about, but it does not
report columns. ``SourceMap`` tokenises the same string with the standard
library's HTML tokenizer (which does report positions) and aligns the two:
every element lxml built from a real start tag gets that tag's offsets;
elements lxml invented (an implied ``<body>``) get none.
"""

from __future__ import annotations

import html as htmllib
import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.etree as etree

from assistant.core.htmltext import tag_of

VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont frame isindex keygen".split()
)
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp"))
# How far ahead an element may look for its start tag (junk lxml dropped).
_LOOKAHEAD = 400


@dataclass
class Tag:
    name: str
    attrs: tuple[str, ...]  # attribute names, first occurrence order
    start: int  # offset of "<"
    end: int  # offset just past ">"
    line: int
    closing: bool = False
    self_closing: bool = False


class _Tokenizer(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.tags: list[Tag] = []
        # Markup that is not text: tags, comments, declarations (start, end).
        self.markup: list[tuple[int, int]] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _add(self, name: str, attrs: list[tuple[str, str | None]], closing: bool, self_closing: bool) -> None:
        start = self._pos()
        if closing:
            gt = self.source.find(">", start)
            end = len(self.source) if gt == -1 else gt + 1
        else:
            text = self.get_starttag_text() or ""
            end = start + len(text)
        seen: dict[str, None] = {}
        for k, _ in attrs:
            seen.setdefault(k.lower())
        self.tags.append(Tag(name.lower(), tuple(seen), start, end, self.getpos()[0], closing, self_closing))
        self.markup.append((start, end))

    def handle_starttag(self, tag, attrs):  # noqa: ANN001 - stdlib signature
        self._add(tag, attrs, False, False)

    def handle_startendtag(self, tag, attrs):  # noqa: ANN001
        self._add(tag, attrs, False, True)

    def handle_endtag(self, tag):  # noqa: ANN001
        self._add(tag, [], True, False)

    def _other(self, kind: str) -> None:
        # Comments, doctype, <![if ...]> and processing instructions: find
        # their raw extent from the current position.
        start = self._pos()
        closer = {"comment": "-->", "decl": ">", "pi": ">", "unknown": "]>"}[kind]
        idx = self.source.find(closer, start + 2)
        end = len(self.source) if idx == -1 else idx + len(closer)
        self.markup.append((start, end))

    def handle_comment(self, data):  # noqa: ANN001
        self._other("comment")

    def handle_decl(self, decl):  # noqa: ANN001
        self._other("decl")

    def handle_pi(self, data):  # noqa: ANN001
        self._other("pi")

    def unknown_decl(self, data):  # noqa: ANN001
        self._other("unknown")


class SourceMap:
    """Offsets of lxml elements in the HTML string both parsers read."""

    def __init__(self, source: str, root: etree._Element, line_shift: int = 0) -> None:
        self.source = source
        tok = _Tokenizer(source)
        try:
            tok.feed(source)
            tok.close()
        except Exception:  # the stdlib tokenizer is forgiving; belt and braces
            pass
        self.tags = tok.tags
        self.markup = sorted(tok.markup)
        self._markup_starts = [a for a, _ in self.markup]
        self._by_el: dict[int, int] = {}  # id(element) -> index into self.tags
        # lxml element proxies are recreated on access; holding them keeps id() stable.
        self._keep: list[etree._Element] = []
        self._align(root, line_shift)

    # -- alignment ------------------------------------------------------------
    def _align(self, root: etree._Element, line_shift: int) -> None:
        starts = [i for i, t in enumerate(self.tags) if not t.closing]
        pos = 0
        for el in root.iter():
            name = tag_of(el)
            if not name:
                continue
            self._keep.append(el)
            keys = set(k.lower() for k in el.attrib.keys())
            line = el.sourceline
            for j in range(pos, min(len(starts), pos + _LOOKAHEAD)):
                t = self.tags[starts[j]]
                if t.name != name or set(t.attrs) != keys:
                    continue
                if line is not None and line < 65535:
                    # lxml reports the line where the start tag ends.
                    first = t.line + line_shift
                    if not first <= line <= first + self.source.count("\n", t.start, t.end):
                        continue
                if not self._text_agrees(el, t):
                    continue
                self._by_el[id(el)] = starts[j]
                pos = j + 1
                break

    def _text_agrees(self, el: etree._Element, t: Tag) -> bool:
        """An implied element must not steal a later real tag of the same name."""
        if t.self_closing or t.name in VOID_TAGS or t.name in _RAW_TEXT:
            return True
        expected = " ".join((el.text or "").split())
        nxt = self.source.find("<", t.end)
        raw = self.source[t.end : len(self.source) if nxt == -1 else nxt]
        got = " ".join(htmllib.unescape(raw).split())
        if not expected:
            return not got
        return got.startswith(expected[:40]) or expected.startswith(got[:40])

    # -- queries ----------------------------------------------------------------
    def tag(self, el: etree._Element) -> Tag | None:
        i = self._by_el.get(id(el))
        return None if i is None else self.tags[i]

    def start(self, el: etree._Element) -> int | None:
        t = self.tag(el)
        return None if t is None else t.start

    def end_tag(self, el: etree._Element) -> Tag | None:
        """The matching end tag of ``el`` (same-name nesting counted), if written."""
        i = self._by_el.get(id(el))
        if i is None:
            return None
        t = self.tags[i]
        if t.self_closing or t.name in VOID_TAGS:
            return None
        depth = 0
        for k in range(i + 1, len(self.tags)):
            u = self.tags[k]
            if u.name != t.name or (not u.closing and (u.self_closing or u.name in VOID_TAGS)):
                continue
            if not u.closing:
                depth += 1
            elif depth == 0:
                return u
            else:
                depth -= 1
        return None

    def extent(self, el: etree._Element) -> tuple[int, int] | None:
        """Source range of the whole element, start tag to end tag (no tail)."""
        t = self.tag(el)
        if t is None:
            return None
        if t.self_closing or t.name in VOID_TAGS:
            return t.start, t.end
        e = self.end_tag(el)
        return None if e is None else (t.start, e.end)

    def in_markup(self, offset: int) -> bool:
        i = bisect_right(self._markup_starts, offset) - 1
        return i >= 0 and self.markup[i][0] < offset < self.markup[i][1]

    def text_runs(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Raw text ranges (outside any tag or comment) between ``lo`` and ``hi``,
        excluding the contents of script/style/title elements."""
        runs: list[tuple[int, int]] = []
        pos = lo
        raw_depth = 0
        tags_by_start = {t.start: t for t in self.tags}
        for a, b in self.markup:
            if b <= lo:
                continue
            if a >= hi:
                break
            if a > pos and not raw_depth:
                runs.append((pos, min(a, hi)))
            t = tags_by_start.get(a)
            if t is not None and t.name in _RAW_TEXT:
                raw_depth += -1 if t.closing else 1
                raw_depth = max(raw_depth, 0)
            pos = max(pos, b)
        if pos < hi and not raw_depth:
            runs.append((pos, hi))
        return [(a, b) for a, b in runs if b > a]


def apply_patches(source: str, patches: list[tuple[int, int, str]]) -> str:
    """Replace ``source[a:b]`` by ``text`` for each patch (ranges must not overlap)."""
    out = []
    pos = 0
    for a, b, text in sorted(patches, key=lambda p: (p[0], p[1])):
        if a < pos:
            raise ValueError("overlapping edits")
        out.append(source[pos:a])
        out.append(text)
        pos = b
    out.append(source[pos:])
    return "".join(out)


def start_tag_html(name: str, attrs: list[tuple[str, str | None]], self_closing: bool = False) -> str:
    """Serialise one start tag (only for tags a fix deliberately changes)."""
    parts = [name]
    for k, v in attrs:
        parts.append(k if v is None else f'{k}="{htmllib.escape(v, quote=True)}"')
    return "<" + " ".join(parts) + (" />" if self_closing else ">")


def parse_start_tag(text: str) -> tuple[str, list[tuple[str, str | None]], bool]:
    """Name, attributes (in order) and self-closing flag of one start tag."""
    found: list[tuple[str, list[tuple[str, str | None]], bool]] = []

    class _One(HTMLParser):
        def handle_starttag(self, tag, attrs):  # noqa: ANN001
            found.append((tag, attrs, False))

        def handle_startendtag(self, tag, attrs):  # noqa: ANN001
            found.append((tag, attrs, True))

    p = _One(convert_charrefs=True)
    p.feed(text)
    p.close()
    if not found:
        raise ValueError(f"not a start tag: {text[:40]!r}")
    return found[0]


__all__ = ["SourceMap", "Tag", "VOID_TAGS", "apply_patches", "parse_start_tag", "start_tag_html"]
