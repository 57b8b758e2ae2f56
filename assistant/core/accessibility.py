"""What the accessibility rules (AX101-AX106) read from the new text of an HTML draft.

``Page(split, signature, notices)`` looks at the parsed body once, lazily, per
feature: pictures and their alt text, text colour against the background it is
really drawn on, link text, font sizes, tables. Only elements of the new text
count (the quoted history is never read), the same test the style inventory of
``core.content`` uses: an element whose rendered text starts before the quote.

Colours are parsed by tinycss2 (CSS Color Level 3: every named colour, ``#rgb``,
``#rrggbb``, ``rgb()``, ``rgba()``, ``hsl()``) and cached per written value; the
contrast ratio is WCAG 2.1's relative-luminance formula. The walk visits only
the elements that set a colour or a background (one XPath query, in document
order), so a parent is always resolved before its children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import lxml.etree as etree

from assistant.core.content import HtmlSplit
from assistant.core.htmltext import SKIP_TAGS, body_of, tag_of
from assistant.core.lazy_re import lazy
from assistant.core.model import Span

RGBA = tuple[float, float, float, float]
WHITE: RGBA = (1.0, 1.0, 1.0, 1.0)
BLACK: RGBA = (0.0, 0.0, 0.0, 1.0)
# Browsers draw an unvisited link without a colour of its own in this blue.
LINK_BLUE: RGBA = (0.0, 0.0, 0xEE / 255, 1.0)

NORMAL_RATIO = 4.5  # WCAG 1.4.3, text
LARGE_RATIO = 3.0  # WCAG 1.4.3, large text: >= 18 pt, or >= 14 pt bold
MIN_TEXT_PT = 10.0  # RULES.md AX105: body text under 10 pt ...
MIN_TEXT_PX = 13.0  # ... or under 13 px
BASE_PT = 12.0  # a browser's default size (16 px), for em and % sizes

_WS = " \t\r\n\f\v\u00a0\u200b"
_CSS_DECL = re.compile(r"([a-zA-Z-]+)\s*:\s*([^;]+)")
_HEX_ONLY = lazy(r"[0-9a-f]{3}|[0-9a-f]{6}")
# Outlook's system colour names, which tinycss2 (rightly) does not know.
_SYSTEM = {"windowtext": BLACK, "window": WHITE, "buttontext": BLACK, "buttonface": (0.94, 0.94, 0.94, 1.0)}


# --- colours and contrast ---------------------------------------------------------------


@lru_cache(maxsize=4096)
def parse_colour(value: str) -> RGBA | None:
    """``value`` as (r, g, b, alpha) in 0..1, or None when it names no definite colour."""
    v = value.strip().lower().replace("!important", "").strip().strip("'\"").strip()
    if not v:
        return None
    if v in _SYSTEM:
        return _SYSTEM[v]
    if _HEX_ONLY.fullmatch(v):  # bgcolor="ffcc00": HTML attributes may leave out the #
        v = "#" + v
    import tinycss2.color3  # on first use: most checks never read a colour (2.6 ms to import)

    try:
        c = tinycss2.color3.parse_color(v)
    except (TypeError, ValueError):  # pragma: no cover - tinycss2 returns None on junk
        return None
    if c is None or isinstance(c, str):  # "currentColor", junk
        return None
    return (float(c.red), float(c.green), float(c.blue), float(c.alpha))


@lru_cache(maxsize=1024)
def background_colour(value: str) -> RGBA | None | bool:
    """The colour of a ``background`` shorthand; False when it paints an image (unknown)."""
    if "url(" in value.lower():
        return False
    import tinycss2.color3

    for token in tinycss2.parse_component_value_list(value):
        if token.type in ("whitespace", "literal", "comment"):
            continue
        c = tinycss2.color3.parse_color(token)
        if c is not None and not isinstance(c, str):
            return (float(c.red), float(c.green), float(c.blue), float(c.alpha))
        if token.type == "ident":
            sys = _SYSTEM.get(token.lower_value)
            if sys:
                return sys
    return None


def over(top: RGBA, below: RGBA) -> RGBA:
    """``top`` composited over the opaque ``below`` (alpha blending)."""
    a = top[3]
    if a >= 1.0:
        return top
    return (a * top[0] + (1 - a) * below[0], a * top[1] + (1 - a) * below[1], a * top[2] + (1 - a) * below[2], 1.0)


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


@lru_cache(maxsize=4096)
def luminance(c: RGBA) -> float:
    """WCAG 2.1 relative luminance of an opaque colour."""
    return 0.2126 * _channel(c[0]) + 0.7152 * _channel(c[1]) + 0.0722 * _channel(c[2])


@lru_cache(maxsize=4096)
def contrast(fg: RGBA, bg: RGBA) -> float:
    """WCAG contrast ratio of text ``fg`` (alpha composited) on the opaque ``bg``."""
    a, b = luminance(over(fg, bg)), luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def hex_of(c: RGBA) -> str:
    return "#" + "".join(f"{round(x * 255):02x}" for x in c[:3])


def describe(c: RGBA) -> str:
    name = {"#ffffff": "white", "#000000": "black"}.get(hex_of(c))
    return name or hex_of(c)


def readable_on(bg: RGBA) -> RGBA:
    """Black, the default text colour, unless white reads better on ``bg`` (dark cells)."""
    return BLACK if contrast(BLACK, bg) >= contrast(WHITE, bg) else WHITE


# --- declarations and sizes ----------------------------------------------------------------


@lru_cache(maxsize=4096)
def decls(style: str) -> dict[str, str]:
    return {k.lower(): v.strip() for k, v in _CSS_DECL.findall(style or "")}


_SIZE = lazy(r"^\s*([0-9]*\.?[0-9]+)\s*(pt|px|em|rem|%|pc|in|cm|mm)?\s*$")
_KEYWORD_PX = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0, "x-large": 24.0, "xx-large": 32.0}
_FONT_SIZE_ATTR_PX = {1: 10.0, 2: 13.0, 3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}
_HEADING_EM = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67}
_SHORTHAND_SIZE = lazy(r"(?:^|\s)([0-9]*\.?[0-9]+(?:pt|px|em|rem|%)|xx-small|x-small|small|medium|large|x-large|xx-large)(?:/\S+)?(?=\s)")


@dataclass(frozen=True)
class Size:
    """A written font size: absolute (points, and whether it was written in px) or relative."""

    pt: float | None = None  # absolute size in points
    px: float | None = None  # the same, in px, when written in px or as a keyword
    factor: float | None = None  # relative: em, %, rem (rem counted from the base)


@lru_cache(maxsize=1024)
def parse_size(value: str) -> Size | None:
    v = value.strip().lower().replace("!important", "").strip()
    if v in _KEYWORD_PX:
        px = _KEYWORD_PX[v]
        return Size(pt=px * 0.75, px=px)
    if v == "smaller":
        return Size(factor=0.83)
    if v == "larger":
        return Size(factor=1.2)
    m = _SIZE.match(v)
    if not m:
        return None
    n, unit = float(m.group(1)), m.group(2) or "px"
    if unit == "pt":
        return Size(pt=n)
    if unit == "px":
        return Size(pt=n * 0.75, px=n)
    if unit == "pc":
        return Size(pt=n * 12)
    if unit == "in":
        return Size(pt=n * 72)
    if unit == "cm":
        return Size(pt=n * 72 / 2.54)
    if unit == "mm":
        return Size(pt=n * 72 / 25.4)
    if unit == "rem":
        return Size(pt=n * BASE_PT)
    return Size(factor=n / 100 if unit == "%" else n)


def own_size(el: etree._Element) -> Size | None:
    """The font size ``el`` itself sets (style, ``font`` shorthand, ``<font size>``, heading)."""
    style = el.get("style")
    if style:
        d = decls(style)
        raw = d.get("font-size")
        if raw:
            s = parse_size(raw)
            if s is not None:
                return s
        short = d.get("font")
        if short:
            m = _SHORTHAND_SIZE.search(" " + short + " ")
            if m:
                s = parse_size(m.group(1))
                if s is not None:
                    return s
    tag = tag_of(el)
    if tag == "font" and el.get("size"):
        m = re.match(r"\s*([+-]?)(\d)", el.get("size") or "")
        if m:
            n = int(m.group(2))
            n = 3 + n if m.group(1) == "+" else 3 - n if m.group(1) == "-" else n
            px = _FONT_SIZE_ATTR_PX[min(7, max(1, n))]
            return Size(pt=px * 0.75, px=px)
    if tag in _HEADING_EM:
        return Size(factor=_HEADING_EM[tag])
    if tag == "small":
        return Size(factor=0.83)
    return None


def _own_bold(el: etree._Element) -> bool | None:
    style = el.get("style")
    if style:
        w = decls(style).get("font-weight", "").lower()
        if w:
            if w in ("bold", "bolder"):
                return True
            if w.isdigit():
                return int(w) >= 600
            return False
    if tag_of(el) in ("b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"):
        return True
    return None


def blank(s: str | None) -> bool:
    return not s or not s.strip(_WS)


_WORD_CHAR = re.compile(r"[^\W_]")


def has_words(s: str | None) -> bool:
    """Whether ``s`` holds a letter or a digit."""
    return bool(s) and _WORD_CHAR.search(s) is not None


# --- the page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str | None  # None: no alt attribute at all
    decorative: bool  # alt="" or role=presentation / aria-hidden
    in_signature: bool
    start: int


@dataclass(slots=True)
class LowContrast:
    element: etree._Element
    fg: RGBA
    bg: RGBA
    ratio: float
    start: int  # offset of its text in the new text (``Page.span_of`` makes the span)
    large: bool | None  # large text (None: not worked out, the ratio fails either way)


@dataclass(frozen=True)
class TinyText:
    element: etree._Element
    pt: float
    written: str  # the size as written, for the message
    span: Span | None


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    span: Span | None


@dataclass(frozen=True)
class Table:
    rows: int  # rows with text in at least two cells
    columns: int  # the most cells with text in one row
    has_header: bool
    presentation: bool
    longest_cell: int  # characters in the longest cell
    nested: bool  # holds another table
    in_signature: bool
    span: Span | None


# One descendant:: step each, in document order (see core.text.style._WITH_ATTRIBUTES).
# Attribute tests only: XPath's contains() on every style costs more than the Python
# filter in ``_coloured`` (14 ms against 4 + 2 ms on 1 MB of styled spans).
_MAY_COLOUR = etree.XPath(
    "descendant-or-self::*[@style or @bgcolor or @color or @text or @background or self::mark or (self::a and @href)]"
)


def _coloured(body: etree._Element) -> list[etree._Element]:
    """The elements that may set a text colour or a background, in document order."""
    out = []
    for el in _MAY_COLOUR(body):
        style = el.get("style")
        if style is not None:
            low = style.lower()
            if "color" in low or "background" in low:
                out.append(el)
                continue
        get = el.get
        if get("bgcolor") is not None or get("color") is not None or get("text") is not None or get("background") is not None:
            out.append(el)
        elif el.tag == "mark" or (el.tag == "a" and get("href") is not None):
            out.append(el)
    return out
_SIZED = etree.XPath(
    "descendant::*[self::font[@size] or self::small"
    " or contains(@style,'font') or contains(@style,'FONT') or contains(@style,'Font')]"
)
_HIDDEN = etree.XPath(
    "descendant::*[@hidden or contains(@style,'none') or contains(@style,'NONE') or contains(@style,'hidden')"
    " or contains(@style,'HIDDEN') or contains(@style,'mso-hide')]"
)
_SPACER = lazy(r"(?:^|[/_.-])(?:spacer|clear|blank|pixel|transparent|trans|shim|1x1)\.(?:gif|png)(?:$|\?)", re.I)
_HIDING_WORDS = ("display", "visibility", "mso-hide", "max-height", "hidden")
_IMAGES = etree.XPath("descendant::img")
_ANCHORS = etree.XPath("descendant::a[@href]")
_TABLES = etree.XPath("descendant::table")


def _is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    d = decls(el.get("style") or "")
    if d.get("display", "").lower().startswith("none") or d.get("visibility", "").lower().startswith("hidden"):
        return True
    if d.get("mso-hide", "").lower().startswith("all"):
        return True
    # Newsletter "preheaders": collapsed to nothing.
    return d.get("max-height", "").strip().startswith("0") and "hidden" in d.get("overflow", "").lower()


class Page:
    """The new text of one parsed HTML body, as the accessibility rules see it."""

    def __init__(self, split: HtmlSplit, signature: Span | None = None, notices: tuple[Span, ...] = ()) -> None:
        self.split = split
        self.body = body_of(split.root)
        self.starts = split.rendered.starts
        # The new text's range in the rendered text: before the quote, or below it when
        # the draft is bottom-posted (``HtmlSplit.new_range``).
        self.lo, self.hi = getattr(split, "new_range", (0, split.offset))
        self.end = len(split.rendered.text)
        self.text = split.rendered.text[self.lo : self.hi].rstrip()  # == Content.new_text
        self.new_len = len(self.text)
        self.signature = signature
        self.notices = notices

    # -- where an element is ------------------------------------------------------------------
    def start(self, el: etree._Element) -> int | None:
        """Offset of ``el``'s text in the new text, or None when it is not in the new text."""
        s = self.starts.get(id(el))
        if s is None or el is self.split.boundary:
            return None
        if self.lo <= s < self.hi:
            return s - self.lo
        # An element with no text after it (a flyer pasted last) starts where the next text
        # does: the end of the body, or the quote when the new text is above one.
        if s == self.hi and (s == self.end or id(el) in self._before_quote):
            return s - self.lo
        return None

    @cached_property
    def _before_quote(self) -> frozenset[int]:
        """ids of the elements before the quote's first element, in document order."""
        boundary = self.split.boundary
        if boundary is None or self.lo:
            return frozenset()
        out = set()
        self._keep_before = []
        for e in self.body.iter():
            if e is boundary:
                break
            self._keep_before.append(e)
            out.add(id(e))
        # The ancestors of the boundary hold the quote too.
        return frozenset(out - {id(a) for a in boundary.iterancestors()})

    def in_signature(self, start: int) -> bool:
        sig = self.signature
        if sig is None or start < sig.start:
            return False
        # The span ends at the signature's last character; a logo beneath it starts at
        # the next text (the notice), with only white space in between.
        return start <= sig.end or blank(self.text[sig.end : start])

    def in_notice(self, start: int) -> bool:
        return any(n.start <= start < n.end for n in self.notices)

    def span_of(self, el: etree._Element, start: int) -> Span | None:
        """The first line of ``el``'s text (at most 120 characters), as a span of the new text."""
        if start >= self.new_len:
            return None
        pieces: list[str] = []
        size = 0
        for t in el.itertext():
            pieces.append(t)
            size += len(t)
            if size > 240:
                break
        length = len(" ".join("".join(pieces).split()))
        end = min(start + max(length, 1), start + 120, self.new_len)
        nl = self.text.find("\n", start, end)
        if nl != -1:
            end = nl
        return Span(start, end) if end > start else None

    @cached_property
    def hidden(self) -> frozenset[int]:
        """ids of the elements inside hidden containers (display:none, preheaders)."""
        out: set[int] = set()
        self._keep_hidden = []
        low = getattr(self.split, "html_lower", None)
        if low is not None and not any(w in low for w in _HIDING_WORDS):
            return frozenset()
        for el in _HIDDEN(self.body):
            # Document order: a hidden container inside another was added with it.
            if id(el) not in out and _is_hidden(el):
                for d in el.iter():
                    self._keep_hidden.append(d)
                    out.add(id(d))
        return frozenset(out)

    def own_text(self, el: etree._Element, stop: set[int] | frozenset[int]) -> bool:
        """Whether ``el`` draws words itself: text with a letter or digit that is not inside a
        descendant in ``stop``. A lone "." or "&nbsp;" in the cell's own colour is a spacer."""
        if has_words(el.text):
            return True
        todo = [el]
        while todo:
            node = todo.pop()
            for ch in node:
                if has_words(ch.tail):
                    return True
                if not isinstance(ch.tag, str) or id(ch) in stop or tag_of(ch) in SKIP_TAGS:
                    continue
                if has_words(ch.text):
                    return True
                if len(ch):
                    todo.append(ch)
        return False

    # -- AX101 ---------------------------------------------------------------------------------
    @cached_property
    def pictures(self) -> list[Picture]:
        out = []
        for img in _IMAGES(self.body):
            start = self.start(img)
            if start is None or id(img) in self.hidden:
                continue
            w, h = _int(img.get("width")), _int(img.get("height"))
            if (w is not None and w <= 2) or (h is not None and h <= 2) or _SPACER.search(img.get("src") or ""):
                continue  # tracking pixels, spacers and one-pixel rules draw nothing to describe
            alt = img.get("alt")
            role = (img.get("role") or "").lower()
            decorative = alt is not None and not alt.strip() or role in ("presentation", "none") or (img.get("aria-hidden") or "").lower() == "true"
            out.append(Picture(img.get("src") or "", alt, decorative, self.in_signature(start), start))
        return out

    # -- AX102 ---------------------------------------------------------------------------------
    @cached_property
    def page_background(self) -> RGBA | None:
        """The body's background (white unless set; None when it is an image)."""
        c = self._own_background(self.body)
        if c is False:
            return None
        return over(c, WHITE) if c else WHITE

    def _own_background(self, el: etree._Element) -> RGBA | None | bool:
        """The background ``el`` paints: a colour, None (transparent) or False (an image)."""
        if el.get("background"):
            return False
        style = el.get("style")
        d = decls(style) if style else {}
        if d.get("background-image", "none").lower() not in ("none", ""):
            return False
        for raw in (d.get("background-color"), d.get("background"), el.get("bgcolor")):
            if not raw:
                continue
            c = parse_colour(raw) if raw is not d.get("background") else background_colour(raw)
            if c is False:
                return False
            if c is not None:
                return None if c[3] == 0 else c
        if tag_of(el) == "mark":
            return (1.0, 1.0, 0.0, 1.0)
        return None

    def _own_colour(self, el: etree._Element) -> RGBA | None:
        style = el.get("style")
        if style:
            raw = decls(style).get("color")
            if raw:
                c = parse_colour(raw)
                if c is not None and c[3] > 0:
                    return c
        raw = el.get("color") if tag_of(el) in ("font", "basefont") else el.get("text") if tag_of(el) == "body" else None
        if raw:
            return parse_colour(raw)
        return None

    @cached_property
    def link_colour(self) -> RGBA:
        c = parse_colour(self.body.get("link") or "")
        return c if c is not None else LINK_BLUE

    @cached_property
    def _colour_states(self) -> list[tuple[etree._Element, RGBA, RGBA | None, int]]:
        """(element, text colour, background or None when unknown, start) for every element of
        the new text that sets a colour or a background, parents first."""
        body = self.body
        link = self.link_colour
        own = []
        any_bg = False
        for el in _coloured(body):
            if el is body:
                continue
            fg = self._own_colour(el)
            if fg is None and tag_of(el) == "a":
                fg = link
            bg = self._own_background(el)
            if fg is None and bg is None:
                continue  # e.g. "background-color:transparent": nothing of its own
            any_bg = any_bg or bg is not None
            own.append((el, fg, bg))
        states: dict[int, tuple[RGBA, RGBA | None]] = {}
        out = []
        hidden = self.hidden
        page_bg = self.page_background
        body_fg = self._own_colour(body) or BLACK
        for el, fg, bg in own:
            # The nearest ancestor that set something was visited before (document order).
            # Without any background in the page, a text colour needs nothing from above.
            parent_fg, parent_bg = body_fg, page_bg
            if fg is None or (any_bg and (not isinstance(bg, tuple) or bg[3] < 1)):
                for anc in el.iterancestors():
                    got = states.get(id(anc))
                    if got is not None:
                        parent_fg, parent_bg = got
                        break
            if fg is None:
                fg = parent_fg
            if bg is False:
                bg_eff: RGBA | None = None  # an image: the colour under the text is unknown
            elif bg is None:
                bg_eff = parent_bg
            else:
                bg_eff = over(bg, parent_bg) if parent_bg is not None else (bg if bg[3] >= 1 else None)
            states[id(el)] = (fg, bg_eff)
            start = self.start(el)
            if start is None or id(el) in hidden:
                continue
            out.append((el, fg, bg_eff, start))
        return out

    @cached_property
    def low_contrast(self) -> list[LowContrast]:
        """Every element of the new text whose own text is below the WCAG minimum, in order."""
        out = []
        states = self._colour_states
        carriers = {id(st[0]) for st in states}
        for el, fg, bg, start in states:
            if bg is None:
                continue
            ratio = contrast(fg, bg)
            if ratio >= NORMAL_RATIO:
                continue
            large = None
            if ratio >= LARGE_RATIO:
                large = self.is_large(el)
                if large:
                    continue
            if (self.notices and self.in_notice(start)) or not self.own_text(el, carriers):
                continue
            out.append(LowContrast(el, fg, bg, ratio, start, large))
        # Text drawn in the body's own colours (no element of its own sets any).
        if self.body.get("bgcolor") or self.body.get("text") or self.body.get("style"):
            fg, bg = self._own_colour(self.body) or BLACK, self.page_background
            if bg is not None and contrast(fg, bg) < NORMAL_RATIO and self.own_text(self.body, carriers | self.hidden):
                start = next((s for s in (self.start(c) for c in self.body) if s is not None), 0)
                out.append(LowContrast(self.body, fg, bg, contrast(fg, bg), start, None))
        return out

    def needed_ratio(self, found: "LowContrast") -> float:
        large = found.large if found.large is not None else self.is_large(found.element)
        return LARGE_RATIO if large else NORMAL_RATIO

    # -- sizes -----------------------------------------------------------------------------------
    def size_pt(self, el: etree._Element) -> float:
        """The font size ``el``'s text is drawn at, in points (inherited; em and % resolved)."""
        chain = []
        node = el
        pt = BASE_PT
        while node is not None:
            s = own_size(node)
            if s is not None:
                chain.append(s)
                if s.pt is not None:
                    break
            node = node.getparent()
        for s in reversed(chain):
            pt = s.pt if s.pt is not None else pt * (s.factor or 1.0)
        return pt

    def is_bold(self, el: etree._Element) -> bool:
        node = el
        while node is not None:
            b = _own_bold(node)
            if b is not None:
                return b
            node = node.getparent()
        return False

    def is_large(self, el: etree._Element) -> bool:
        pt = self.size_pt(el)
        return pt >= 18 or (pt >= 14 and self.is_bold(el))

    # -- AX105 -------------------------------------------------------------------------------------
    @cached_property
    def tiny_text(self) -> list[TinyText]:
        sized = [el for el in _SIZED(self.body) if own_size(el) is not None]
        ids = {id(el) for el in sized}
        hidden = self.hidden
        out = []
        for el in sized:
            s = own_size(el)
            if s.px is not None:
                tiny = s.px < MIN_TEXT_PX
                pt = s.pt or 0.0
                written = f"{s.px:g} px"
            else:
                pt = self.size_pt(el)
                tiny = pt < MIN_TEXT_PT
                written = f"{pt:.3g} pt"
            # Sizes of a couple of points are spacers and hidden text, not words to read.
            if not tiny or pt < 3 or id(el) in hidden:
                continue
            start = self.start(el)
            if start is None or self.in_signature(start) or self.in_notice(start):
                continue
            if not self.own_text(el, ids):
                continue
            out.append(TinyText(el, pt, written, self.span_of(el, start)))
        return out

    # -- AX103 ---------------------------------------------------------------------------------------
    @cached_property
    def links(self) -> list[Link]:
        out = []
        for a in _ANCHORS(self.body):
            start = self.start(a)
            if start is None or id(a) in self.hidden or self.in_signature(start) or self.in_notice(start):
                continue
            text = " ".join("".join(a.itertext()).split())
            if not text:
                continue  # a picture link: its alt text is AX101's business
            out.append(Link(text, a.get("href") or "", self.span_of(a, start)))
        return out

    # -- AX106 ----------------------------------------------------------------------------------------
    @cached_property
    def tables(self) -> list[Table]:
        # Rows, header cells and tables inside each table, sorted to their nearest table in
        # one pass: asking every table for all its descendants reads a cell of a table
        # nested five deep five times.
        rows: dict[int, list[etree._Element]] = {}
        has_header: set[int] = set()
        nested: set[int] = set()
        keep: dict[int, etree._Element] = {}  # the tables' proxies stay alive, so their ids stay theirs
        for x in self.body.iter("tr", "th", "thead", "table"):
            t = _nearest_table(x)
            if t is None:
                continue
            keep[id(t)] = t
            tag = x.tag
            if tag == "tr":
                rows.setdefault(id(t), []).append(x)
            elif tag == "table":
                nested.add(id(t))
            else:
                has_header.add(id(t))
        out = []
        for t in _TABLES(self.body):
            start = self.start(t)
            if start is None or id(t) in self.hidden:
                continue
            data_rows = 0
            columns = 0
            longest = 0
            for tr in rows.get(id(t), ()):
                filled = 0
                for cell in tr:
                    if tag_of(cell) not in ("td", "th"):
                        continue
                    text = " ".join(_cell_text(cell).split())
                    longest = max(longest, len(text))
                    if text:
                        filled += 1
                columns = max(columns, filled)
                if filled >= 2:
                    data_rows += 1
            role = (t.get("role") or "").lower()
            out.append(
                Table(
                    rows=data_rows,
                    columns=columns,
                    has_header=id(t) in has_header,
                    presentation=role in ("presentation", "none"),
                    longest_cell=longest,
                    nested=id(t) in nested,
                    in_signature=self.in_signature(start),
                    span=self.span_of(t, start),
                )
            )
        return out


def _nearest_table(el: etree._Element) -> etree._Element | None:
    for anc in el.iterancestors("table"):
        return anc
    return None


def _cell_text(cell: etree._Element) -> str:
    """A cell's text in document order, without the text of tables nested in it (nor of
    scripts, styles and comments; their tails count). A stack, not recursion: each piece
    of text is read once, however deep the cell's markup."""
    parts = [cell.text] if cell.text else []
    stack = [(cell, iter(cell))]
    while stack:
        el, children = stack[-1]
        for ch in children:
            if isinstance(ch.tag, str) and (name := tag_of(ch)) != "table" and name not in SKIP_TAGS:
                if ch.text:
                    parts.append(ch.text)
                stack.append((ch, iter(ch)))
                break
            if ch.tail:
                parts.append(ch.tail)
        else:
            stack.pop()
            if el is not cell and el.tail:
                parts.append(el.tail)
    return "".join(parts)


def _int(value: str | None) -> int | None:
    if not value:
        return None
    m = re.match(r"\s*(\d+)", value)
    return int(m.group(1)) if m else None


# --- cheap proofs that there is nothing to find ---------------------------------------------------

# Literal-prefixed patterns: sre scans for "color" / "font" quickly (1 ms over 1 MB),
# where an alternation at the start costs five times that.
_COLOUR_VALUE = lazy(r"""color\s*[:=]\s*["']?\s*(#?[\w.-]+(?:\([^)]*\))?)""")
_BODY_TAG = lazy(r"<body\b[^>]*>")
_BODY_COLOURS = lazy(r"""\b(?:text|link)\s*=\s*["']?\s*(#?\w+)""")
_FONT_SIZE_ANY = lazy(r"""font(?:-size\s*:\s*([^;"'>]+)|\s*:|\s[^>]*?\bsize\s*=\s*["']?\s*([-+]?)(\d))""")


def colours_may_fail(html_lower: str) -> bool:
    """False when no text of the source can be below 4.5:1: nothing paints a background
    (so every text is on white) and every colour written passes against white. A
    ``<mark>`` (yellow by default) is the caller's to look for."""
    if "background" in html_lower or "bgcolor" in html_lower:
        return True
    values = set(_COLOUR_VALUE.findall(html_lower))
    body = _BODY_TAG.search(html_lower)
    if body:
        values.update(_BODY_COLOURS.findall(body.group()))
    for value in values:
        c = parse_colour(value)
        if c is not None and contrast(c, WHITE) < NORMAL_RATIO:
            return True
    return False


def sizes_may_fail(html_lower: str) -> bool:
    """False when every font size written is absolute and at least 10 pt / 13 px
    (``<small>`` is the caller's to look for)."""
    for value, sign, digit in set(_FONT_SIZE_ANY.findall(html_lower)):
        if digit:  # <font size=N>: 2 is 13 px; 1 and "-N" are smaller
            if sign == "-" or (not sign and digit in "01"):
                return True
            continue
        if not value:
            return True  # a "font:" shorthand: read it properly
        s = parse_size(value)
        if s is None:
            continue
        if s.factor is not None and s.factor < 1:
            return True
        if s.px is not None and s.px < MIN_TEXT_PX or s.pt is not None and s.pt < MIN_TEXT_PT:
            return True
    return False


__all__ = [
    "LARGE_RATIO",
    "NORMAL_RATIO",
    "Page",
    "colours_may_fail",
    "contrast",
    "describe",
    "parse_colour",
    "readable_on",
    "sizes_may_fail",
]
