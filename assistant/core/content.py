"""What a draft says: new text vs quoted history, signature, notice, styling.

``parse(draft, policy)`` renders the body to the text a reader sees and splits
it into the part the author is writing now (``new_text``: checked and fixed)
and the quoted history (never linted, never rewritten). Spans everywhere are
offsets into ``new_text``.
"""

from __future__ import annotations

import email.utils
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
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
from assistant.core.model import Draft, Span

# Bodies beyond this many characters are checked on their first part only, so a
# 25 MB paste stays a best-effort check instead of a hang.
MAX_CHECK_CHARS = 1_000_000

WORD_RE = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")

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


def line_starts(lines: list[str]) -> list[int]:
    """Offset of each line of ``"\\n".join(lines)``."""
    out, pos = [], 0
    for line in lines:
        out.append(pos)
        pos += len(line) + 1
    return out


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


# --- the parsed draft ---------------------------------------------------------


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


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


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


# --- signature -----------------------------------------------------------------

_VALEDICTION = re.compile(
    r"^\s*(?:thanks(?: (?:so much|again|again and again))?|thank you(?: (?:so much|again|all))?|many thanks|"
    r"best(?: regards| wishes)?|kind regards|warm(?:est)? regards|regards|sincerely(?: yours)?|"
    r"yours (?:truly|sincerely)|respectfully(?: yours)?|cheers|cordially|take care|all the best|warmly|"
    r"with (?:appreciation|gratitude|thanks)|v/r|thx|gracias|saludos|atentamente|cordialmente|"
    r"muchas gracias|un saludo)\s*[,.!\-–—]*\s*$",
    re.I,
)
_SIG_DELIM = re.compile(r"^-- ?$")
PHONE_RE = re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b(?:\s*(?:x|ext\.?)\s*\d{1,5})?")
EMAIL_RE = re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")
TITLE_RE = re.compile(
    r"\b(?:teacher|principal|vice principal|assistant principal|counselor|counsellor|psychologist|"
    r"nurse|librarian|secretary|clerk|manager|director|coordinator|specialist|superintendent|"
    r"administrator|assistant|aide|technician|analyst|officer|instructor|coach|president|chair|"
    r"supervisor|lead|registrar|attendance|custodian|therapist|pathologist|case manager|"
    r"paraeducator|consultant|engineer|accountant|advisor|adviser|dean|head)\b",
    re.I,
)
ORG_RE = re.compile(
    r"\b(?:school|elementary|middle|high|academy|department|dept\.?|office|district|center|centre|"
    r"services|unified|usd|college|university|program|division|campus|mdusd)\b",
    re.I,
)
_SIG_MARKERS_ID = {"signature", "x_signature", "divtagdefaultwrapper_signature", "mdusd-signature"}
_SIG_MARKERS_CLASS = {"gmail_signature", "moz-signature", "mdusd-signature", "elementtoproof_signature"}
_SIG_WORDS = (*_SIG_MARKERS_ID, *_SIG_MARKERS_CLASS, "gmail_signature", 'data-mail-assistant="signature"', "_mailautosig")


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def looks_like_contact(text: str) -> bool:
    return bool(PHONE_RE.search(text) or EMAIL_RE.search(text) or (TITLE_RE.search(text) and ORG_RE.search(text)))


# find_text_signature reads at most the last 14 non-blank lines (a block of up to 8
# lines plus the one that stops it), so it looks at a tail with this many.
_SIG_TAIL_LINES = 15


def find_text_signature(text: str) -> Span | None:
    """The signature block at the end of ``text`` (notice already masked)."""
    start = _tail_start(text, _SIG_TAIL_LINES)
    if not start:
        return _find_text_signature(text)
    found = _find_text_signature(text[start:])
    return Span(found.start + start, found.end + start) if found else None


def _tail_start(text: str, nonblank: int) -> int:
    """Offset of the line that begins the last ``nonblank`` non-blank lines (0 if fewer)."""
    pos, seen = len(text), 0
    while True:
        nl = text.rfind("\n", 0, pos)
        if text[nl + 1 : pos].strip():
            seen += 1
            if seen >= nonblank:
                return nl + 1
        if nl < 0:
            return 0
        pos = nl


def _find_text_signature(text: str) -> Span | None:
    lines = _line_spans(text)
    nonblank = [i for i, (a, b) in enumerate(lines) if text[a:b].strip()]
    if not nonblank:
        return None
    last = nonblank[-1]
    end = lines[last][1]
    tail = nonblank[-14:]
    # 1. The standard delimiter "-- ".
    for i in reversed(tail):
        a, b = lines[i]
        if _SIG_DELIM.match(text[a:b]):
            return Span(a, end)
    # 2. A closing ("Thanks,", "Sincerely,") followed by a few short lines.
    for i in reversed(tail):
        a, b = lines[i]
        if _VALEDICTION.match(text[a:b]):
            after = [j for j in nonblank if j > i]
            # "Thanks!" alone is the message, not a signature: a name must follow.
            if 1 <= len(after) <= 10 and all(lines[j][1] - lines[j][0] <= 90 for j in after):
                return Span(a, end)
            break
    # 3. A trailing block of short lines (after the last blank line) with contact details.
    block: list[int] = []
    for i in reversed(range(0, last + 1)):
        a, b = lines[i]
        line = text[a:b].strip()
        if not line:
            if block:
                break
            continue
        if len(line) > 80 or len(block) >= 8:
            break
        block.append(i)
    if len(block) >= 2:
        start = lines[block[-1]][0]
        chunk = text[start:end]
        if looks_like_contact(chunk) and not _VALEDICTION.match(text[lines[block[-1]][0] : lines[block[-1]][1]]):
            # The first line should be a name: short, mostly capitalised words.
            first = text[lines[block[-1]][0] : lines[block[-1]][1]].strip()
            ws = words(first)
            if 1 <= len(ws) <= 5 and all(w[0].isupper() or not w[0].isalpha() for w in ws):
                return Span(start, end)
    return None


def _html_signature(split: HtmlSplit) -> Span | None:
    if split.html_lower is not None and not _mentions(split.html_lower, _SIG_WORDS):
        return None
    body = body_of(split.root)
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        el_id = (el.get("id") or "").lower()
        classes = set((el.get("class") or "").lower().split())
        marked = (
            el_id in _SIG_MARKERS_ID
            or classes & _SIG_MARKERS_CLASS
            or (el.get("data-smartmail") or "").lower() == "gmail_signature"
            or (el.get("data-mail-assistant") or "") == "signature"
            or (tag_of(el) == "a" and (el.get("name") or "") == "_MailAutoSig")
        )
        if not marked:
            continue
        start = split.rendered.start_of(el)
        if start is None or start >= split.offset:
            continue
        if tag_of(el) == "a":
            end = split.offset
        else:
            end = _element_end(split, el)
        return Span(start, min(end, split.offset))
    return None


def _element_end(split: HtmlSplit, el: etree._Element) -> int:
    """Text offset just past ``el``: the start of whatever follows it."""
    node = el
    while node is not None:
        nxt = node.getnext()
        while nxt is not None:
            start = split.rendered.start_of(nxt) if isinstance(nxt.tag, str) else None
            if start is not None:
                return start
            nxt = nxt.getnext()
        node = node.getparent()
    return len(split.rendered.text)


# --- notice --------------------------------------------------------------------


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


# --- style inventory -------------------------------------------------------------

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


# One descendant:: step each: ".//x | .//y" makes libxml2 merge node sets per step
# (68 ms on a 1 MB draft against 3.5 ms for the same nodes in document order).
_STYLED = etree.XPath(
    "descendant::*[@style or @color or @face or @bgcolor or @background or self::img or self::mark]"
)
_LINKS = etree.XPath("descendant::a")


def inventory(split: HtmlSplit, signature: Span | None) -> Style:
    body = body_of(split.root)
    colors: dict[str, None] = {}
    fonts: dict[str, None] = {}
    backgrounds: list[str] = []
    images: list[Image] = []
    starts = split.rendered.starts
    limit = split.offset
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
    # Only elements that can carry formatting, found by libxml2; link text keeps its colour.
    # The list keeps the proxies alive, so their ids stay theirs while in use.
    linked = [d for a in _LINKS(body) for d in a.iter(etree.Element)]
    in_link = {id(e) for e in linked}
    for el in _STYLED(body):
        tag = tag_of(el)
        start = starts.get(id(el))
        if start is None or start >= limit or el is split.boundary:
            continue
        style = el.get("style") or ""
        d = _decls(style) if style else {}
        if id(el) not in in_link:
            for raw in (el.get("color"), d.get("color")):
                c = normalize_color(raw or "")
                if c and not is_default_text_color(c):
                    colors.setdefault(c)
            hl = normalize_color(d.get("background-color", "")) if tag in ("span", "font", "mark", "b", "i", "u", "em", "strong") else None
            if tag == "mark":
                hl = hl or "#ffff00"
            if hl and not _is_white(hl):
                colors.setdefault(hl)
        for raw in (el.get("face"), d.get("font-family")):
            if raw:
                f = _primary_font(raw)
                if f:
                    fonts.setdefault(f)
        if tag in ("table", "td", "th", "div", "p", "tr", "center"):
            in_sig = signature is not None and signature.start <= start < signature.end
            bgimg = el.get("background") or d.get("background-image") or ("url(" in d.get("background", ""))
            bg = normalize_color(el.get("bgcolor") or d.get("background-color") or "")
            if bgimg and not in_sig:
                backgrounds.append(f"{tag} background image")
            elif bg and not _is_white(bg) and not in_sig and not is_default_text_color(bg):
                backgrounds.append(f"{tag} background {bg}")
        if tag == "img":
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


# --- entry point -------------------------------------------------------------------


def parse(draft: Draft, notice_words: tuple[str, ...] = ()) -> Content:
    """Split and inventory ``draft``'s body (cached on the body text)."""
    if draft.html is not None and draft.html.strip():
        return _parse_html(draft.html, notice_words)
    return _parse_text(draft.text or "", notice_words)


def body_text(draft: Draft) -> tuple[str, str]:
    """``(new_text, quoted_text)`` of the whole body, as ``parse`` splits it but without
    its MAX_CHECK_CHARS cut: a preview of a fix must show an edit past the checked part."""
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
        text = split.rendered.text
        texts = (text[: split.offset].rstrip(), text[split.offset :])
        _remember_body_text(html, texts)
    return texts


@lru_cache(maxsize=8)
def _text_body_text(text: str) -> tuple[str, str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = find_text_quote(text)
    cut = found[0] if found else len(text)
    return text[:cut].rstrip(), text[cut:]


@lru_cache(maxsize=64)
def _parse_text(text: str, notice_words: tuple[str, ...]) -> Content:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    truncated = len(text) > MAX_CHECK_CHARS
    if truncated:
        text = text[:MAX_CHECK_CHARS]
    found = find_text_quote(text)
    cut = found[0] if found else len(text)
    new_text, quoted = text[:cut].rstrip(), text[cut:]
    return _finish(new_text, quoted, found[1] if found else None, notice_words, truncated, None)


@lru_cache(maxsize=64)
def _parse_html(html: str, notice_words: tuple[str, ...]) -> Content:
    truncated = len(html) > MAX_CHECK_CHARS
    if truncated:
        html = html[:MAX_CHECK_CHARS]
    split = split_html(html)
    text = split.rendered.text
    new_text, quoted = text[: split.offset].rstrip(), text[split.offset :]
    if not truncated:
        _remember_body_text(html, (new_text, quoted))
    return _finish(new_text, quoted, split.marker, notice_words, truncated, split)


def _finish(
    new_text: str,
    quoted: str,
    marker: str | None,
    notice_words: tuple[str, ...],
    truncated: bool,
    split: HtmlSplit | None,
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
    )


# --- the replied-to message's date -------------------------------------------------

_SENT_LINE = re.compile(r"^\s*[*>]*\s*(?:sent|date|enviado|fecha|gesendet)\s*\*?\s*:\s*(.+?)\s*$", re.I | re.M)
_ON_DATE = re.compile(
    r"^\s*on\s+([^\n]{6,80}?),?\s+at\s+(\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?),?\s+.{0,200}?wrote\s*:", re.I | re.M | re.S
)
_NOTES_DATE = re.compile(r"\bon\s+(\d{1,2}/\d{1,2}/\d{2,4})\s+(\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?)", re.I)
_DATE_FORMATS = (
    "%A, %B %d, %Y %I:%M %p",
    "%A, %B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %I:%M %p",
    "%a, %b %d, %Y %I:%M %p",
    "%a, %b %d, %Y",
    "%A, %B %d, %Y",
    "%B %d, %Y",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M",
)


def parse_loose_date(value: str) -> datetime | None:

    v = re.sub(r"\s+", " ", value.replace("\u200e", "")).strip().rstrip(",")
    try:
        dt = email.utils.parsedate_to_datetime(v)
        if dt is not None:
            return dt
    except (TypeError, ValueError, IndexError):
        pass
    v = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", r"\1", v).replace(" at ", " ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(v, fmt)
        except ValueError:
            continue
    return None


def quoted_date(quoted_text: str) -> datetime | None:
    """When the replied-to message was sent, read from the quote's header."""
    head = quoted_text[:2000]
    m = _SENT_LINE.search(head)
    if m:
        dt = parse_loose_date(m.group(1))
        if dt:
            return dt
    m = _ON_DATE.search(head)
    if m:
        dt = parse_loose_date(m.group(1) + (" " + m.group(2) if m.group(2) else ""))
        if dt:
            return dt
    m = _NOTES_DATE.search(head)
    if m:
        return parse_loose_date(f"{m.group(1)} {m.group(2)}")
    return None
