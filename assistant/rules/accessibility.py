"""Accessible mail (RULES.md "Accessible mail", AX101-AX106): BP 1114 Email Protocol I
read through WCAG 2.1 AA, for families who use screen readers, magnification or high
contrast.

The rules read the new text only, as the EM80x formatting rules do: the parsed HTML
of the new part (``assistant.core.accessibility.Page``) and the authored text of the
check context. Each rule first asks a cheap question of the raw source ("is there an
``<img`` at all?", "can any colour written here fail against white?") and parses
nothing more when the answer proves there is nothing to find. Otherwise the six rules
share one ``Page`` per check, built on the content parser's own tree
(``assistant.core.content.parsed_split``), else on one more parse of the body.

Registered with the catalogue by one line in ``RULE_MODULES`` (``assistant/rules/__init__.py``):
``"assistant.rules.accessibility",  # Email Protocol I and WCAG 2.1 AA: AX101-AX106``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from assistant.core.accessibility import BLACK, Page, colours_may_fail, describe, readable_on, sizes_may_fail
from assistant.core.content import MAX_CHECK_CHARS, HtmlSplit, parsed_split, split_html
from assistant.core.lazy_re import lazy
from assistant.core.model import Applicability, Hint, Severity, Span
from assistant.rules.base import Context, Rule, sentence_at, terms, tokens

CITATION = "BP 1114, Email Protocol I"


def ax_terms() -> dict:
    return terms("accessibility.toml")


# --- the parsed new text, shared by the rules of one check ------------------------------------


# The tags the AX rules look for, found in one pass (four "in" scans of 1 MB cost four times as much).
_TAGS = re.compile(r"<(img|a|table|small|mark|font)\b")


# Keyed on the draft's own html string (its hash is computed once and kept by the string);
# a slice made per call would be a new 1 MB string to hash each time. The content parser
# lower-cased the same checked part already: its copy is used while it is kept.
@lru_cache(maxsize=2)
def _lower(html: str) -> tuple[str, frozenset[str]]:
    split = parsed_split(html)
    low = split.html_lower if split is not None and split.html_lower is not None else html[:MAX_CHECK_CHARS].lower()
    return low, frozenset(_TAGS.findall(low))


@lru_cache(maxsize=2)
def _split(html: str) -> HtmlSplit:
    return split_html(html)


def _page(ctx: Context) -> Page:
    html = ctx.draft.html or ""
    c = ctx.content
    split = parsed_split(html) or _split(html[:MAX_CHECK_CHARS])
    return Page(split, c.signature, c.notices)


def source_lower(ctx: Context) -> tuple[str, frozenset[str]] | None:
    """The checked part of the HTML source lower-cased, and which of the tags img, a, table,
    small, mark and font it holds; None for a plain-text draft."""
    html = ctx.draft.html
    if html is None or not html.strip():
        return None
    return _lower(html)


def holds(ctx: Context, tag: str) -> bool:
    """Whether ``ctx``'s draft is HTML whose checked source has a ``tag`` element (one
    of img, a, table, small, mark and font): without one, the rule has nothing to read."""
    src = source_lower(ctx)
    return src is not None and tag in src[1]


def page(ctx: Context) -> Page:
    """The new text of ``ctx``'s HTML body, built once per check for all AX rules (kept
    on the context) on the tree the content parser made (``parsed_split``); the body
    is parsed again only when that tree is no longer kept."""
    found = ctx.__dict__.get("_ax_page")
    if found is None:
        found = ctx.__dict__["_ax_page"] = _page(ctx)
    return found


# --- AX101 --------------------------------------------------------------------------------------

_IMAGE_EXT = r"(?:jpe?g|jfif|png|gif|bmp|tiff?|webp|heic|heif|svg|emz|wmz|emf|wmf)"
_FILE_NAME = lazy(rf"^(?:cid:)?[^\s/\\]*?[\w\-. ()%~]*\.{_IMAGE_EXT}(?:@[\w.]+)?$", re.I)
_CAMERA_NAME = lazy(r"^(?:img|dsc|dscn|dscf|dcim|pxl|mvimg|screenshot|screen shot|captura|image|imagen|photo|foto|picture|pic|scan)[\s_-]*\d[\w\s_.:-]*$", re.I)
_NUMBERED = lazy(r"^(?:image|imagen|picture|photo|foto|graphic|img)\s*\d+$", re.I)
_OFFICE_PREFIX = lazy(r"^(?:description\s*:\s*)+", re.I)


def alt_problem(alt: str | None) -> str | None:
    """Why ``alt`` describes nothing ("no alt text", "a file name"...), or None when it is fine."""
    if alt is None:
        return "has no alt text"
    a = _OFFICE_PREFIX.sub("", " ".join(alt.split())).strip()
    if not a:
        return None  # alt="" marks a decorative picture
    low = a.lower().strip(" .:-_")
    if _FILE_NAME.match(a) or _CAMERA_NAME.match(a) or _NUMBERED.match(low):
        return f'has a file name as its alt text ("{a[:40]}")'
    if low in ax_terms()["alt_placeholders"]["words"]:
        return f'has only "{a}" as its alt text'
    return None


class ImageWithoutAlt(Rule):
    """A picture without a real description (alt text).

    What it does:
        Flags an image in the new text of an HTML message that has no ``alt`` attribute,
        or whose alt text is a file name ("IMG_2041.jpg", "image001.png", "DSC01234") or
        only a word for picture ("image", "photo", "imagen"). Pictures in the signature
        (the school logo), tracking pixels, and pictures marked decorative (``alt=""``,
        ``role="presentation"``) are not flagged.

    Why:
        A screen reader reads the alt text in place of the picture; without it a parent
        hears a file name or nothing at all, and a flyer sent as a picture is lost
        entirely.

    Example:
        A newsletter whose book-fair flyer is pasted as ``<img src="cid:image001.png">``:
        better, alt text "Book fair, Dec 8-12, library, 8 am to 4 pm".

    Policy:
        BP 1114, Email Protocol I: "Watch formatting. Do not overuse colors or graphics
        in your message, because not everyone uses an email program that can display
        the." (sic) Applied to families who use screen readers through WCAG 2.1 success
        criterion 1.1.1 (Non-text Content, Level A).

    Fix:
        None: describe the picture (in Outlook, right-click it and choose Edit Alt Text).
    """

    code = "AX101"
    name = "image-without-alt"
    title = "Image without a description"
    severity = Severity.WARNING
    citation = f"{CITATION}; WCAG 2.1 SC 1.1.1"

    def check(self, ctx: Context) -> Iterable[Hint]:
        if not holds(ctx, "img"):
            return
        bad = []
        for pic in page(ctx).pictures:
            if pic.in_signature or pic.decorative:
                continue
            why = alt_problem(pic.alt)
            if why:
                bad.append(why)
        if not bad:
            return
        if len(bad) == 1:
            msg = f"A picture {bad[0]}: describe what it shows in its alt text."
        else:
            msg = f"{len(bad)} pictures have no real alt text: describe what each one shows."
        yield self.hint(ctx, msg)


# --- AX102 ---------------------------------------------------------------------------------------


class LowContrastText(Rule):
    """Text whose colour is too close to its background.

    What it does:
        Computes, for each piece of text in the new text of an HTML message, its colour
        and the background it is really drawn on (its own background, else the nearest
        enclosing element's, from inline styles and ``bgcolor``, else the page's, else
        white), and flags a contrast ratio below 4.5:1, or below 3:1 for large text
        (18 pt and over, or 14 pt bold). Named colours, ``#rgb``, ``#rrggbb``, ``rgb()``
        and ``rgba()`` (see-through colours blended over the background) are understood;
        text over a background picture is not judged. The confidentiality notice is not
        checked.

    Why:
        Light grey, yellow or pale-blue text on white, and dark text in a dark table
        cell, cannot be read by many parents with low vision, on a phone in the sun, or
        in high-contrast mode.

    Example:
        "Picture day is Thursday" in ``#999999`` on white (2.8:1), or navy text in a
        black banner cell; white text on a dark-blue cell is fine.

    Policy:
        BP 1114, Email Protocol I: "Watch formatting. Do not overuse colors or graphics
        in your message, because not everyone uses an email program that can display
        the." (sic) Applied through WCAG 2.1 success criterion 1.4.3 (Contrast
        (Minimum), Level AA).

    Fix:
        Unsafe (previewed first): give the text the default colour (black, or white on
        a dark background).
    """

    code = "AX102"
    name = "low-contrast-text"
    title = "Low-contrast text"
    severity = Severity.WARNING
    citation = f"{CITATION}; WCAG 2.1 SC 1.4.3"
    fix = "contrast"
    applicability = Applicability.UNSAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        src = source_lower(ctx)
        if src is None or not ("mark" in src[1] or colours_may_fail(src[0])):
            return
        pg = page(ctx)
        found = pg.low_contrast
        if not found:
            return
        worst = min(found, key=lambda f: f.ratio)
        what = f"{describe(worst.fg)} on {describe(worst.bg)} has a contrast of {worst.ratio:.1f}:1 (at least {pg.needed_ratio(worst):g}:1 is needed)"
        more = f" ({len(found)} places)" if len(found) > 1 else ""
        # The first five places are shown (found is in document order).
        spans = sorted({s for f in found[:5] if (s := pg.span_of(f.element, f.start)) is not None})
        advice = "use a darker text colour" if readable_on(worst.bg) == BLACK else "use a light text colour (white) on this dark background"
        yield self.hint(ctx, f"Text in {what}{more}: {advice}.", spans=spans)


# --- AX103 -----------------------------------------------------------------------------------------

_TRIM = " \t\n.,:;!?¡¿»«›‹>→←<-–—()[]\"'“”‘’*•|"
LONG_URL = 40  # characters: a longer address as link text is read out letter by letter
_URL_TEXT = lazy(r"^(?:https?://|www\.)\S+$", re.I)


def vague_link(text: str) -> str | None:
    """Why the link text ``text`` says nothing of where it goes, or None."""
    low = " ".join(text.lower().split()).strip(_TRIM)
    if low in ax_terms()["vague_links"]["phrases"]:
        return f'"{text.strip()}"'
    t = text.strip()
    if _URL_TEXT.match(t) and len(t) > LONG_URL:
        return "a long web address"
    return None


class VagueLinkText(Rule):
    """Link text that does not say where the link goes.

    What it does:
        Flags a link in the new text of an HTML message whose text is "click here",
        "here", "link", "this", "more", "read more", "aquí", "haga clic aquí" and the
        like, or a bare web address longer than 40 characters. Links in the signature
        and picture links (AX101 covers their alt text) are not flagged.

    Why:
        Screen-reader users jump from link to link; a list of "click here, here, more"
        tells them nothing, and a long address is read out character by character.

    Example:
        "To sign up for conferences, <u>click here</u>." Better: "Sign up for a
        <u>parent-teacher conference time</u>."

    Policy:
        BP 1114, Email Protocol I: "Watch formatting. Do not overuse colors or graphics
        in your message, because not everyone uses an email program that can display
        the." (sic) Applied through WCAG 2.1 success criterion 2.4.4 (Link Purpose (In
        Context), Level A).

    Fix:
        None: make the link text name its destination.
    """

    code = "AX103"
    name = "vague-link-text"
    title = "Vague link text"
    severity = Severity.INFO
    citation = f"{CITATION}; WCAG 2.1 SC 2.4.4"

    def check(self, ctx: Context) -> Iterable[Hint]:
        if not holds(ctx, "a"):
            return
        found = [(link, why) for link in page(ctx).links if (why := vague_link(link.text))]
        if not found:
            return
        whats = list(dict.fromkeys(why for _, why in found))
        spans = sorted({link.span for link, _ in found if link.span is not None})[:5]
        yield self.hint(ctx, f"Link text {', '.join(whats[:3])} does not say where it goes: name the page or form instead.", spans=spans)


# --- AX104 -------------------------------------------------------------------------------------------

_EN = r"red|green|yellow|blue|orange|purple|pink|gr[ae]y|brown|gold|violet"
_ES = r"roj[oa]s?|verdes?|amarill[oa]s?|azul(?:es)?|naranjas?|morad[oa]s?|rosad[oa]s?|rosas?|gris(?:es)?|violetas?"
_SHADE = r"(?:(?:bright|light|dark|pale)\s+)?"
_EN_VERBED = r"(?:highlighted|marked|shown|written|printed|typed|shaded|circled|underlined|colou?red|flagged|listed|noted)"
_EN_THINGS = r"(?:text|words?|ones|items?|names?|dates?|rows?|entries|entry|cells?|boxes|fields?|sections?|lines?|numbers?|highlights?|parts?|columns?|comments?|notes?|questions?|assignments?|tasks?|days?|events?)"
_EN_MEANS = r"(?:are|is|were|was|means?|indicates?|shows?|need|needs|must|have|has|still|will|should|requires?|=)"
_EN_MARKS = r"(?:dots?|marks?|circles?|stars?|stickers?|flags?|x|checks?|check ?marks?|highlights?|borders?|boxes|box|backgrounds?|squares?)"
_ES_MARKS = r"(?:puntos?|marcas?|c[ií]rculos?|estrellas?|calcoman[ií]as?|recuadros?|cuadros?|fondos?)"
_ES_VERBED = r"(?:marcad[oa]s?|resaltad[oa]s?|subrayad[oa]s?|señalad[oa]s?|escrit[oa]s?|sombread[oa]s?|indicad[oa]s?)"
_ES_THINGS = r"(?:el texto|las palabras|los nombres|las fechas|las tareas|los art[ií]culos|las filas|las casillas|los campos|las partes|las secciones|los d[ií]as)"
_ES_MEANS = r"(?:son|es|significa|significan|indica|indican|est[aá]n|muestra|muestran|deben|debe|tienen|tiene|faltan|falta)"

# Compiled on first use (3.5 ms at import): only a text with a colour word reaches them.
COLOUR_ONLY = [
    # "marked in red", "highlighted in yellow", "circled in green"
    lazy(rf"\b{_EN_VERBED}\s+(?:in\s+)?{_SHADE}(?:{_EN})\b(?!\s+(?:and|&)\s)", re.I),
    # "items in red are due", "anything in green means ...", "the dates in blue ink:"
    lazy(rf"\bin\s+{_SHADE}(?:{_EN})(?:\s+(?:text|ink|font|type|letters|highlight(?:ing)?))?\s+{_EN_MEANS}\b", re.I),
    # "see the green text", "the red ones are due"
    lazy(rf"\bthe\s+{_SHADE}(?:{_EN})\s+{_EN_THINGS}\b", re.I),
    # "the highlighted names", "items that are highlighted"
    lazy(rf"\b(?:the\s+highlighted\s+{_EN_THINGS}|{_EN_THINGS}\s+(?:that\s+are\s+|which\s+are\s+)?highlighted\b)", re.I),
    # "los que están en rojo", "las que aparecen en amarillo"
    lazy(rf"\b(?:los|las|lo|aquell[oa]s)\s+que\s+(?:est[aá]n|est[eé]n|aparecen|salen|van|vienen|tienen)\s+(?:{_ES_VERBED}\s+)?(?:en|de)\s+(?:color\s+)?(?:{_ES})\b", re.I),
    # "marcados en rojo", "resaltadas en amarillo"
    lazy(rf"\b{_ES_VERBED}\s+(?:en|de)\s+(?:color\s+)?(?:{_ES})\b", re.I),
    # "el texto en verde", "las fechas en azul"
    lazy(rf"\b{_ES_THINGS}\s+(?:en\s+|de\s+color\s+)?(?:{_ES})\b", re.I),
    # "lo que está en rojo significa", "en amarillo son"
    lazy(rf"\ben\s+(?:color\s+)?(?:{_ES})\s+{_ES_MEANS}\b", re.I),
    # "items with a red dot", "names with a green star": a coloured mark is colour too
    lazy(rf"\bwith\s+(?:an?\s+)?{_SHADE}(?:{_EN})\s+(?:{_EN_MARKS})\b", re.I),
    lazy(rf"\bcon\s+(?:una?\s+)?(?:{_ES_MARKS})\s+(?:{_ES})\b", re.I),
]
# A second cue in the same sentence (an asterisk, bold, a label) means colour is not alone.
OTHER_CUE = lazy(
    r"\*|asterisk|asterisco|\bbold\b|negrita|underlin|subrayad[oa]s?\s+y|\bmarked with\b|marcad[oa]s? con|"
    r"\blabel(?:l?ed)?\b|etiqueta|\bthe word\b|la palabra|\bsymbol|s[ií]mbolo|check ?mark|✓|✔|\(due\)|\(late\)",
    re.I,
)
_COLOUR_TOKENS = frozenset(
    "red green yellow blue orange purple pink grey gray brown gold violet highlighted "
    "rojo roja rojos rojas verde verdes amarillo amarilla amarillos amarillas azul azules naranja naranjas "
    "morado morada morados moradas rosado rosada rosa rosas gris grises violeta violetas".split()
)


# A word each pattern of COLOUR_ONLY needs, in the same order: a pattern whose words are
# all absent from the lower-cased text is not run (ten scans of a long text cost more than
# one lower-casing). "ı", "İ" and "ſ" match i and s case-insensitively but do not
# lower-case to them, so a text holding one runs every pattern.
_EN_WORDS = ("red", "green", "yellow", "blue", "orange", "purple", "pink", "gray", "grey", "brown", "gold", "violet")
_ES_WORDS = ("roj", "verde", "amarill", "azul", "naranja", "morad", "rosa", "gris", "violeta")
_NEEDS = (_EN_WORDS, _EN_WORDS, _EN_WORDS, ("highlighted",), _ES_WORDS, _ES_WORDS, _ES_WORDS, _ES_WORDS, _EN_WORDS, _ES_WORDS)
assert len(_NEEDS) == len(COLOUR_ONLY)
_UNLOWERED = lazy("[ıİſ]")


# Every pattern of COLOUR_ONLY matches words, white space, "=" and "&" only: no match holds
# any other character, so the text splits at those into stretches read one by one.
_BREAK = lazy(r"[^\w\s=&]")


def colour_only_spans(text: str) -> list[Span]:
    """Where ``text`` gives an instruction that only a colour carries."""
    out: list[Span] = []
    low = None if _UNLOWERED.search(text) else text.lower()
    todo = [(rx, needs) for rx, needs in zip(COLOUR_ONLY, _NEEDS) if low is None or any(w in low for w in needs)]
    # Several patterns to run over a long text: each reads only the stretches that hold
    # one of its words ("red" in a 100,000-character newsletter), not the whole text.
    where: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for rx, needs in todo:
        if low is None or len(todo) == 1:
            ranges = [(0, len(text))]
        else:
            ranges = where.get(needs)
            if ranges is None:
                ranges = where[needs] = _stretches(text, low, needs)
        for a, b in ranges:
            for m in rx.finditer(text, a, b):
                s, e = sentence_at(text, m.start())
                if OTHER_CUE.search(text, s, e):
                    continue
                out.append(Span(m.start(), m.end()))
    return sorted(set(out))


def _stretches(text: str, low: str, needs: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of the stretches of ``text`` between two _BREAK characters that hold
    one of ``needs`` in ``low`` (the lower-cased text, same offsets), in order; next
    stretches are joined. Each is found from its word: the next break after it, and the
    last break before it in a window that doubles until it holds one (linear: a word
    inside a stretch already found is skipped)."""
    hits = sorted(i for w in needs for i in _find_all(low, w))
    out: list[tuple[int, int]] = []
    for h in hits:
        if out and h < out[-1][1]:
            continue
        m = _BREAK.search(text, h)
        end = m.start() if m else len(text)
        start, width = None, 64
        while start is None:
            lo = max(0, h - width)
            last = -1
            for m in _BREAK.finditer(text, lo, h):
                last = m.start()
            if last != -1 or lo == 0:
                start = last + 1
            width *= 2
        if out and out[-1][1] >= start - 1:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _find_all(low: str, word: str):
    i = low.find(word)
    while i != -1:
        yield i
        i = low.find(word, i + 1)


class ColourOnlyMeaning(Rule):
    """Instructions that rely on colour alone.

    What it does:
        Flags sentences in the new text that point the reader to something by its colour
        only: "the items in red are due", "see the green text", "highlighted in yellow",
        "los que están en rojo", "marcados en amarillo". A sentence that also gives
        another cue (an asterisk, bold, "marked with", a label) is not flagged, nor are
        colours that are things ("wear red on Friday", "the yellow permission slip").

    Why:
        A parent who is colour-blind, uses a screen reader, or reads the message as plain
        text on a phone cannot tell which items are red.

    Example:
        "The assignments in red are missing." Better: "These assignments are missing:
        (list)", or "Missing assignments are marked with an asterisk (*) and shown in red."

    Policy:
        BP 1114, Email Protocol I: "Do not overuse colors or graphics in your message,
        because not everyone uses an email program that can display the." (sic) Applied
        through WCAG 2.1 success criterion 1.4.1 (Use of Color, Level A).

    Fix:
        None: say it in words as well (a label, an asterisk, a list).
    """

    code = "AX104"
    name = "colour-only-meaning"
    title = "Meaning shown by colour alone"
    severity = Severity.INFO
    citation = f"{CITATION}; WCAG 2.1 SC 1.4.1"

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text
        if not (tokens(text)[2] & _COLOUR_TOKENS):
            return  # no colour word at all: the patterns below cannot match
        spans = colour_only_spans(text)
        if spans:
            yield self.hint(ctx, "This points to things by colour alone: say it in words too (a label, an asterisk or a list).", spans=spans[:5])


# --- AX105 ---------------------------------------------------------------------------------------------


class TinyText(Rule):
    """Body text smaller than 10 points.

    What it does:
        Flags text in the new text of an HTML message set smaller than 10 pt (or 13 px,
        ``<font size="1">``, ``x-small``), em and % sizes resolved against the enclosing
        text. The signature and the confidentiality notice (small print by custom) are
        not checked, nor are hidden text and spacers of a point or two.

    Why:
        Small print is hard for many parents to read, above all on a phone, and it is the
        part of a notice (deadlines, fees) that most needs reading.

    Example:
        The permission-slip deadline written in 7.5 pt grey under the flyer.

    Policy:
        BP 1114, Email Protocol I: "Watch formatting. Do not overuse colors or graphics
        in your message, because not everyone uses an email program that can display
        the." (sic) Readable text for parents with low vision (WCAG 2.1 success
        criterion 1.4.4, Resize text, is the nearest criterion).

    Fix:
        Unsafe (previewed first): give the text the default size.
    """

    code = "AX105"
    name = "tiny-text"
    title = "Tiny text"
    severity = Severity.INFO
    citation = CITATION
    fix = "text-size"
    applicability = Applicability.UNSAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        src = source_lower(ctx)
        if src is None or not ("small" in src[1] or sizes_may_fail(src[0])):
            return
        found = page(ctx).tiny_text
        if not found:
            return
        smallest = min(found, key=lambda t: t.pt)
        spans = sorted({t.span for t in found if t.span is not None})[:5]
        yield self.hint(ctx, f"Text set at {smallest.written} is hard to read: use at least 10 pt.", spans=spans)


# --- AX106 ----------------------------------------------------------------------------------------------

LAYOUT_CELL = 200  # characters: a cell holding a paragraph is layout, not data


class LayoutTable(Rule):
    """A data table without a header row, or a table that lays out text.

    What it does:
        Flags a table in the new text of an HTML message that has at least two rows with
        text in two or more cells and no header row (no ``<th>``, no ``<thead>``), and a
        table that sets paragraphs of text side by side in columns. A single cell wrapping
        the message, a one-column list, a row of pictures, tables marked
        ``role="presentation"``, tables with a header row and tables in the signature are
        not flagged.

    Why:
        Without a header row a screen reader reads a schedule or a supply list as a string
        of unlabelled cells; text laid out in columns is read cell by cell, out of order.

    Example:
        A conference schedule pasted from Excel whose first row (Time, Teacher, Room) is
        just bold cells. Mark it as a header row (Table Design, Header Row).

    Policy:
        BP 1114, Email Protocol I: "Watch formatting. Do not overuse colors or graphics
        in your message, because not everyone uses an email program that can display
        the." (sic) Applied through WCAG 2.1 success criterion 1.3.1 (Info and
        Relationships, Level A).

    Fix:
        None: mark the header row, or write the text as paragraphs.
    """

    code = "AX106"
    name = "layout-table"
    title = "Table without headers or used for layout"
    severity = Severity.INFO
    citation = f"{CITATION}; WCAG 2.1 SC 1.3.1"

    def check(self, ctx: Context) -> Iterable[Hint]:
        if not holds(ctx, "table"):
            return
        data, layout = [], []
        for t in page(ctx).tables:
            if t.in_signature or t.presentation or t.columns < 2:
                continue
            if t.longest_cell > LAYOUT_CELL and not t.has_header:
                layout.append(t)
            elif t.rows >= 2 and not t.has_header and not t.nested:
                data.append(t)
        spans = sorted({t.span for t in data + layout if t.span is not None})[:5]
        if data:
            yield self.hint(ctx, "This table has no header row: mark its first row as a header so screen readers name each column.", spans=spans)
        elif layout:
            yield self.hint(ctx, "This table sets text side by side in columns, which screen readers read cell by cell: write it as paragraphs.", spans=spans)


ACCESSIBILITY_RULES: tuple[type[Rule], ...] = (
    ImageWithoutAlt,
    LowContrastText,
    VagueLinkText,
    ColourOnlyMeaning,
    TinyText,
    LayoutTable,
)

__all__ = [
    "ACCESSIBILITY_RULES",
    "ColourOnlyMeaning",
    "ImageWithoutAlt",
    "LayoutTable",
    "LowContrastText",
    "TinyText",
    "VagueLinkText",
    "alt_problem",
    "colour_only_spans",
    "page",
    "vague_link",
]
