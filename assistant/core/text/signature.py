"""The signature block of the new text.

In plain text: the ``-- `` delimiter, a closing ("Thanks,", "Saludos,")
followed by a few short lines, a phone's "Sent from my iPhone" line, or a trailing
block of short lines with contact details. In HTML: an element the mail client marked as the signature (Outlook's
``id="Signature"``, Gmail's ``gmail_signature``, ours).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.core.htmltext import body_of, tag_of
from assistant.core.lazy_re import lazy
from assistant.core.model import Span
from assistant.core.text.spans import words
from assistant.core.text.split import HtmlSplit, _mentions

if TYPE_CHECKING:  # annotations only: lxml is imported by the HTML path (htmltext)
    import lxml.etree as etree


_VALEDICTION = lazy(
    r"^\s*(?:thanks(?: (?:so much|again|again and again))?|thank you(?: (?:so much|again|all))?|many thanks|"
    r"best(?: regards| wishes)?|kind regards|warm(?:est)? regards|regards|sincerely(?: yours)?|"
    r"yours (?:truly|sincerely)|respectfully(?: yours)?|cheers|cordially|take care|all the best|warmly|"
    r"with (?:appreciation|gratitude|thanks)|v/r|thx|gracias|saludos|atentamente|cordialmente|"
    r"muchas gracias|un saludo)\s*[,.!\-–—]*\s*$",
    re.I,
)
_SIG_DELIM = lazy(r"^-- ?$")
# The line a phone's or a mail app's client adds under what was written.
_DEVICE_LINE = lazy(
    r"^\s*(?:sent from my [\w .-]{1,40}|sent from (?:outlook|mail|yahoo mail|gmail)(?: for [\w .-]{1,20})?|"
    r"get outlook for (?:ios|android)|enviado desde mi [\w .-]{1,40})\s*$",
    re.I,
)
PHONE_RE = lazy(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b(?:\s*(?:x|ext\.?)\s*\d{1,5})?")
EMAIL_RE = lazy(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")
TITLE_RE = lazy(
    r"\b(?:teacher|principal|vice principal|assistant principal|counselor|counsellor|psychologist|"
    r"nurse|librarian|secretary|clerk|manager|director|coordinator|specialist|superintendent|"
    r"administrator|assistant|aide|technician|analyst|officer|instructor|coach|president|chair|"
    r"supervisor|lead|registrar|attendance|custodian|therapist|pathologist|case manager|"
    r"paraeducator|consultant|engineer|accountant|advisor|adviser|dean|head)\b",
    re.I,
)
ORG_RE = lazy(
    r"\b(?:school|elementary|middle|high|academy|department|dept\.?|office|district|center|centre|"
    r"services|unified|usd|college|university|program|division|campus|mdusd)\b",
    re.I,
)
_SIG_MARKERS_ID = {"signature", "x_signature", "divtagdefaultwrapper_signature", "mdusd-signature"}
_SIG_MARKERS_CLASS = {"gmail_signature", "moz-signature", "mdusd-signature", "elementtoproof_signature"}
_SIG_WORDS = (*_SIG_MARKERS_ID, *_SIG_MARKERS_CLASS, "gmail_signature", 'data-mail-assistant="signature"', "_mailautosig")


def is_device_line(line: str) -> bool:
    """Whether ``line`` is a phone's or a mail app's "Sent from my iPhone"."""
    return _DEVICE_LINE.match(line) is not None


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
    # 3. A phone's "Sent from my iPhone" as the last line, with no other signature.
    a, b = lines[last]
    if is_device_line(text[a:b]):
        return Span(a, end)
    # 4. A trailing block of short lines (after the last blank line) with contact details.
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
        lo, hi = split.new_range
        start = split.rendered.start_of(el)
        if start is None or not lo <= start < hi:
            continue
        if tag_of(el) == "a":
            end = hi
        else:
            end = _element_end(split, el)
        # Offsets into the new text, which starts at ``lo``.
        return Span(start - lo, min(end, hi) - lo)
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

