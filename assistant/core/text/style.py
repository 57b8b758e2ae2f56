"""Formatting in the new text of an HTML draft (EM801-EM803): colours, fonts,
backgrounds and images, read from the elements before the quote."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import lxml.etree as etree

from assistant.core.htmltext import body_of, tag_of
from assistant.core.model import Span
from assistant.core.text.split import HtmlSplit


@dataclass(frozen=True)
class Image:
    src: str
    alt: str = ""
    width: int | None = None
    height: int | None = None
    in_signature: bool = False


@dataclass(frozen=True)
class Style:
    """Formatting found in the new text of an HTML draft (EM801-EM803)."""

    colors: tuple[str, ...] = ()  # distinct non-default colours, normalised
    fonts: tuple[str, ...] = ()  # distinct primary font families, as written
    backgrounds: tuple[str, ...] = ()  # e.g. "body background image", "table #ffcc00"
    images: tuple[Image, ...] = ()




_CSS_DECL = re.compile(r"([a-zA-Z-]+)\s*:\s*([^;]+)")
_NAMED = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
    "navy": "#000080", "purple": "#800080", "maroon": "#800000", "olive": "#808000", "teal": "#008080",
    "gray": "#808080", "grey": "#808080", "silver": "#c0c0c0", "yellow": "#ffff00", "lime": "#00ff00",
    "aqua": "#00ffff", "cyan": "#00ffff", "fuchsia": "#ff00ff", "magenta": "#ff00ff", "orange": "#ffa500",
    "pink": "#ffc0cb", "brown": "#a52a2a", "gold": "#ffd700", "darkblue": "#00008b", "darkred": "#8b0000",
    "darkgreen": "#006400", "windowtext": "#000000", "hotpink": "#ff69b4", "violet": "#ee82ee",
    "indigo": "#4b0082", "crimson": "#dc143c", "coral": "#ff7f50", "tomato": "#ff6347",
}
_NO_COLOR = {"", "auto", "inherit", "initial", "currentcolor", "transparent", "none", "unset"}


@lru_cache(maxsize=1024)
def normalize_color(value: str) -> str | None:
    v = value.strip().lower().replace("!important", "").strip().strip("'\"")
    if v in _NO_COLOR:
        return None
    if v in _NAMED:
        return _NAMED[v]
    m = re.fullmatch(r"#?([0-9a-f]{3}|[0-9a-f]{6})", v)
    if m:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return "#" + h
    m = re.fullmatch(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})(?:\s*,\s*([\d.]+))?\s*\)", v)
    if m:
        if m.group(4) is not None and float(m.group(4)) == 0:
            return None
        r, g, b = (min(255, int(x)) for x in m.group(1, 2, 3))
        return f"#{r:02x}{g:02x}{b:02x}"
    return v if re.fullmatch(r"[a-z]{3,20}", v) else None


@lru_cache(maxsize=1024)
def is_default_text_color(hexcolor: str) -> bool:
    """Black, greys and near-black: what a reader perceives as plain text."""
    if not hexcolor.startswith("#") or len(hexcolor) != 7:
        return False
    r, g, b = (int(hexcolor[i : i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 24 and max(r, g, b) <= 0x99


def _is_white(hexcolor: str | None) -> bool:
    return hexcolor in (None, "#ffffff", "#fefefe", "#fdfdfd", "white")


@lru_cache(maxsize=1024)
def _decls(style: str) -> dict[str, str]:
    return {k.lower(): v.strip() for k, v in _CSS_DECL.findall(style or "")}


@lru_cache(maxsize=1024)
def _primary_font(value: str) -> str | None:
    first = " ".join(value.split(",")[0].replace("!important", "").split()).strip("'\"").strip()
    return first or None


def _int(value: str | None) -> int | None:
    if not value:
        return None
    m = re.match(r"\s*(\d+)", value)
    return int(m.group(1)) if m else None


# Every element with an attribute, in document order: one plain test per node
# ("@style or @color or @face ..." makes libxml2 look up each name in turn: 5 ms on
# a 1 MB draft against 1.7 ms). Pictures and <mark>s format without an attribute too:
# when the body has one bare, the second query adds them.
_WITH_ATTRIBUTES = etree.XPath("descendant::*[@*]")
_FORMATTED = etree.XPath("descendant::*[@* or self::img or self::mark]")
_LINKS = etree.XPath("descendant::a")
_BOX_TAGS = frozenset(("table", "td", "th", "div", "p", "tr", "center"))
_HIGHLIGHT_TAGS = frozenset(("span", "font", "mark", "b", "i", "u", "em", "strong"))


# What one element's own attributes add to the inventory: (colours, fonts, background
# such as "td background #ffcc00", counted unless in the signature). A plain tuple: a
# dataclass costs 0.4 ms to create at import.
_Look = tuple[tuple[str, ...], tuple[str, ...], "str | None"]


def _look(el: etree._Element, tag: str, in_link: bool) -> _Look:
    style = el.get("style") or ""
    d = _decls(style) if style else {}
    colors = []
    if not in_link:  # link text keeps its colour
        for raw in (el.get("color"), d.get("color")):
            c = normalize_color(raw or "")
            if c and not is_default_text_color(c):
                colors.append(c)
        hl = normalize_color(d.get("background-color", "")) if tag in _HIGHLIGHT_TAGS else None
        if tag == "mark":
            hl = hl or "#ffff00"
        if hl and not _is_white(hl):
            colors.append(hl)
    fonts = []
    for raw in (el.get("face"), d.get("font-family")):
        if raw:
            f = _primary_font(raw)
            if f:
                fonts.append(f)
    background = None
    if tag in _BOX_TAGS:
        bgimg = el.get("background") or d.get("background-image") or ("url(" in d.get("background", ""))
        bg = normalize_color(el.get("bgcolor") or d.get("background-color") or "")
        if bgimg:
            background = f"{tag} background image"
        elif bg and not _is_white(bg) and not is_default_text_color(bg):
            background = f"{tag} background {bg}"
    return tuple(colors), tuple(fonts), background


def inventory(split: HtmlSplit, signature: Span | None) -> Style:
    body = body_of(split.root)
    colors: dict[str, None] = {}
    fonts: dict[str, None] = {}
    backgrounds: list[str] = []
    images: list[Image] = []
    starts = split.rendered.starts
    lo, limit = split.new_range
    boundary = split.boundary
    # <body> itself: its background covers the whole page.
    for el in (body,):
        d = _decls(el.get("style") or "")
        bg = normalize_color(el.get("bgcolor") or d.get("background-color") or "")
        if el.get("background") or "url(" in d.get("background", "") or d.get("background-image"):
            backgrounds.append("page background image")
        elif bg and not _is_white(bg):
            backgrounds.append(f"page background {bg}")
        elif "background" in d:
            bgv = normalize_color(d["background"].split()[0])
            if bgv and not _is_white(bgv):
                backgrounds.append(f"page background {bgv}")
    # The list keeps the proxies alive, so their ids stay theirs while in use.
    linked = [d for a in _LINKS(body) for d in a.iter(etree.Element)]
    in_link = {id(e) for e in linked}
    # An element's look depends only on its tag, its attributes and whether it is in a
    # link: a long draft repeats a few (a 1 MB one: two), worked out once each. Colours
    # and fonts keep their first-seen order, so a repeated look adds nothing new.
    looks: dict[tuple, _Look] = {}
    bare = any(not len(e.attrib) for e in body.iter("img", "mark"))
    names: dict[str, str] = {}  # raw tag -> tag_of's name
    for el in (_FORMATTED if bare else _WITH_ATTRIBUTES)(body):
        start = starts.get(id(el))
        if start is None or not lo <= start < limit or el is boundary:
            continue
        start -= lo  # an offset into the new text, as the signature's are
        tag = names.get(el.tag)
        if tag is None:
            tag = names[el.tag] = tag_of(el)
        linked_el = id(el) in in_link
        key = (tag, linked_el, *el.items())
        look = looks.get(key)
        if look is None:
            look = looks[key] = _look(el, tag, linked_el)
            for c in look[0]:
                colors.setdefault(c)
            for f in look[1]:
                fonts.setdefault(f)
        background = look[2]
        if background is not None and not (signature is not None and signature.start <= start < signature.end):
            backgrounds.append(background)
        if tag == "img":
            style = el.get("style") or ""
            d = _decls(style) if style else {}
            in_sig = signature is not None and signature.start <= start <= signature.end
            images.append(
                Image(
                    src=el.get("src") or "",
                    alt=el.get("alt") or "",
                    width=_int(el.get("width") or d.get("width")),
                    height=_int(el.get("height") or d.get("height")),
                    in_signature=in_sig,
                )
            )
    return Style(tuple(colors), tuple(fonts), tuple(dict.fromkeys(backgrounds)), tuple(images))
