"""Shared checks for the fix tests: what "no word lost" and "one block" mean."""

from __future__ import annotations

from pathlib import Path

from assistant.core.content import find_notices, parse, split_html, split_text, words
from assistant.core.fixes.block import MARK_ATTR, prepare_html
from assistant.core.fixes.source import SourceMap
from assistant.core.htmltext import body_of
from assistant.core.model import Draft
from assistant.core.signature import Signature
from assistant.policy import default_policy

POLICY = default_policy()
NOTICE_WORDS = POLICY.notice_words
CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"

JANE = Signature.from_config(
    {
        "name": "Jane Doe",
        "title": "Teacher",
        "school": "Valle Verde Elementary School",
        "phone": "(925) 555-0100",
        "email": "jdoe@mdusd.org",
    }
)


def text_parts(text: str) -> tuple[str, str]:
    """(new text, quoted history) of a plain-text body, quoted part as raw bytes.

    Bottom-posted replies have the quote first: the new text is what follows it.
    """
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    found = split_text(norm)
    if not found:
        return text, ""

    def raw(offset: int) -> int:
        # Map an LF offset back to the original string.
        i = j = 0
        while i < offset:
            j += 2 if text[j] == "\r" and j + 1 < len(text) and text[j + 1] == "\n" else 1
            i += 1
        return j

    if found.new_start is not None:
        j = raw(found.new_start)
        return text[j:], text[:j]
    j = raw(found.quote_start)
    return text[:j], text[j:]


def html_quote_source(html: str) -> str:
    """The original markup from the start of the quoted history to the end.

    "Byte-identical quoted history" in the tests means: this string is a
    suffix of the fixed HTML, unchanged.
    """
    src, shift = prepare_html(html)
    split = split_html(src)
    if split.marker is None or split.bottom_posted:
        return ""
    smap = SourceMap(src, split.root, shift)
    if split.boundary is not None:
        start = smap.start(split.boundary)
        assert start is not None
        return src[start:]
    # A quote that starts inside a block: from the first character of its text.
    head = split.rendered.text[split.offset : split.offset + 12].strip()
    idx = src.find(head.split()[0]) if head else -1
    return src[idx:] if idx >= 0 else ""


def our_blocks(html: str) -> tuple[list[str], list[str]]:
    """Rendered text of our marked signature and notice blocks in the new text."""
    split = split_html(html)
    sigs, notices = [], []
    for el in body_of(split.root).iter():
        if not isinstance(el.tag, str):
            continue
        kind = el.get(MARK_ATTR)
        start = split.rendered.starts.get(id(el))
        lo, hi = split.new_range
        if kind in ("signature", "notice") and start is not None and lo <= start < max(hi, lo + 1):
            (sigs if kind == "signature" else notices).append(" ".join(el.itertext()))
    return sigs, notices


def authored_words_after(draft: Draft) -> list[str]:
    """Words of the new text with our inserted signature and notice taken out."""
    c = parse(draft, NOTICE_WORDS)
    text = c.new_text
    if draft.html is not None:
        split = split_html(draft.html)
        lo, hi = split.new_range
        cut = []
        for el in body_of(split.root).iter():
            if isinstance(el.tag, str) and el.get(MARK_ATTR) in ("signature", "notice"):
                s = split.rendered.starts.get(id(el))
                if s is not None and lo <= s < max(hi, lo + 1):
                    cut.append((s - lo, s - lo + len(_rendered_len_text(split, el))))
        for a, b in sorted(cut, reverse=True):
            text = text[:a] + " " * (b - a) + text[b:]
        return words(text)
    # Plain text: our block starts at the "-- " line (or the notice).
    sig_at = ("\n" + text).rfind("\n-- \n")
    notices = find_notices(text, NOTICE_WORDS)
    if sig_at != -1:
        text = text[:sig_at]
    elif notices:
        text = text[: notices[-1].start]
    return words(text)


def _rendered_len_text(split, el) -> str:  # noqa: ANN001
    from assistant.core.fixes.block import _Ranges

    r = _Ranges(split).range[id(el)]
    return split.rendered.text[r[0] : r[1]]


def count_notices_new(draft: Draft) -> int:
    return len(parse(draft, NOTICE_WORDS).notices)
