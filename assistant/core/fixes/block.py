"""Signature and confidentiality notice: placed once, never stacked.

The block (signature, then the BP 1114 E notice directly beneath it) goes at
the end of the new text: above the quoted history in replies and forwards.
Before inserting, older copies in the new text are taken out: the notice
wherever the author pasted it, and a signature block only when it is provably
one this tool inserted and nobody edited since: its lines are exactly a
rendering of the configured signature or of one configured before it
(``Signature.previous``; the settings keep that history). In HTML our blocks
also carry a ``data-mail-assistant`` marker, which says where the block is;
the exact rendering is what proves it unedited. Hand-written signatures, and
ours with a word changed, are the author's text and are never removed. Quoted history is never touched: the original string
from the insertion point to the end is kept byte for byte, and every result is
re-parsed and checked (words kept, one signature, one notice) before it is
returned; a result that fails the check is an error, never a silent loss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree as etree

from assistant.core.content import (
    HtmlSplit,
    find_notice_fragments,
    find_notices,
    mask,
    split_html,
    split_text,
    words,
)
from assistant.core.fixes.common import Change, FixError, find_inserted_signature, matches_rendering
from assistant.core.fixes.source import SourceMap, apply_patches
from assistant.core.htmltext import BLOCK_TAGS, body_of, tag_of
from assistant.core.model import Span
from assistant.core.signature import Signature, notice_html

# Elements a <div> may be placed in; anywhere else the inline form is used.
_FLOW = frozenset(
    "body div td th li blockquote section article center form dd main aside header footer nav html".split()
)
_CONTAINERS = frozenset("div section article center main".split())
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
MARK_ATTR = "data-mail-assistant"


@dataclass(frozen=True)
class BlockRequest:
    signature: Signature | None  # None: leave any signature as it is
    notice: bool  # add (or move) the notice
    notice_text: str
    notice_words: tuple[str, ...]
    font: str | None = None


# --- plain text ---------------------------------------------------------------------


def _normalize_newlines(text: str) -> tuple[str, list[int]]:
    """``text`` with CRLF/CR as LF, and for each LF-offset its original offset."""
    out: list[str] = []
    back: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        back.append(i)
        if ch == "\r":
            out.append("\n")
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
        else:
            out.append(ch)
            i += 1
    back.append(n)
    return "".join(out), back


def _line_bounds(text: str, span: Span) -> Span:
    """Grow ``span`` to whole lines when the rest of those lines is blank."""
    a = text.rfind("\n", 0, span.start) + 1
    b = text.find("\n", span.end)
    b = len(text) if b == -1 else b
    if text[a : span.start].strip() == "" and text[span.end : b].strip(" \t.") == "":
        return Span(a, b)
    return span


def _paragraph_end(text: str, start: int) -> int:
    idx = text.find("\n\n", start)
    return len(text) if idx == -1 else idx


def _remove(text: str, spans: list[Span]) -> str:
    """``text`` without ``spans``; only the whitespace at each cut is tidied."""
    out = ""
    pos = 0
    for s in sorted(spans):
        if s.start < pos:
            continue
        out = _join(out, text[pos : s.start])
        pos = s.end
    rest = text[pos:]
    return _join(out, rest) if spans else text


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b.strip():
        return a + b
    if a.endswith("\n") or b.startswith("\n") or not a.strip():
        # A removed block leaves one blank line between the pieces.
        return a.rstrip(" \t\n") + ("\n\n" if a.strip() else "") + b.lstrip(" \t\n")
    return a + b


def _text_notice_spans(new: str, req: BlockRequest) -> list[Span]:
    exact = list(find_notices(new, req.notice_words))
    spans = [_line_bounds(new, s) for s in exact]
    for frag in find_notice_fragments(new, req.notice_words):
        if any(s.start <= frag.start < s.end for s in spans):
            continue
        # An altered copy (older wording): its paragraph, when it starts the paragraph.
        line_start = new.rfind("\n", 0, frag.start) + 1
        if new[line_start : frag.start].strip() == "":
            spans.append(Span(line_start, _paragraph_end(new, frag.start)))
    return sorted(spans)


def _text_parts(norm: str) -> tuple[int, int, int]:
    """(new start, new end, quote start) of a plain-text body with LF line ends.

    Top-posted: the new text is ``norm[:end]`` and the quote ``norm[end:]``.
    Bottom-posted: the quote (and the blank lines after it) is ``norm[:start]``
    and the new text runs to the end (no quote below it).
    """
    found = split_text(norm)
    if found is None:
        return 0, len(norm), len(norm)
    if found.new_start is not None:
        return found.new_start, len(norm), found.quote_start
    return 0, found.quote_start, found.quote_start


def fix_text(text: str, req: BlockRequest) -> tuple[str, list[Change]]:
    norm, back = _normalize_newlines(text)
    lo, cut, _ = _text_parts(norm)
    new = norm[lo:cut]
    quoted_orig = text[back[cut] :]
    head_orig = text[: back[lo]]  # bottom-posted: the quote above the new text
    crlf = text.count("\r\n") > 0 and text.count("\r\n") >= text.count("\n") - text.count("\r\n")

    notice_spans = _text_notice_spans(new, req)
    handle_notice = req.notice or bool(notice_spans)
    remove: list[Span] = list(notice_spans) if handle_notice else []
    removed_sig: list[str] = []
    if req.signature is not None:
        masked = mask(new, notice_spans)
        own = find_inserted_signature(masked.rstrip(), req.signature.known())
        if own is not None:
            remove.append(own)
            removed_sig.append(new[own.start : own.end])
    base = _remove(new, remove).rstrip()
    parts = []
    if req.signature is not None:
        parts.append(req.signature.text())
    if handle_notice:
        parts.append(" ".join(req.notice_text.split()))
    block = "\n\n".join(parts)
    prefix = (base + "\n\n" if base.strip() else "") + block
    if quoted_orig:
        prefix += "\n\n"
    elif norm.endswith("\n"):
        prefix += "\n"
    if crlf:
        prefix = prefix.replace("\n", "\r\n")
    result = head_orig + prefix + quoted_orig

    _verify_text(result, new, remove, base, block, head_orig, quoted_orig, req, handle_notice)
    return result, _changes(text, result, req, handle_notice, removed_sig, new, notice_spans)


def _verify_text(
    result: str,
    new: str,
    removed: list[Span],
    base: str,
    block: str,
    head: str,
    quoted: str,
    req: BlockRequest,
    notice: bool,
) -> None:
    if words(mask(new, removed)) != words(base):
        raise FixError("internal check failed: a word of the new text would change; the draft was not changed")
    norm, _ = _normalize_newlines(result)
    lo, cut, _ = _text_parts(norm)
    if quoted and not result.endswith(quoted) or head and not result.startswith(head):
        raise FixError("internal check failed: the quoted history would change; the draft was not changed")
    if bool(head) != (lo > 0):
        raise FixError("internal check failed: the quoted history would be read differently; the draft was not changed")
    new_after = norm[lo:cut]
    at = new_after.rfind(block)
    if at == -1 or new_after[at + len(block) :].strip():
        raise FixError(
            "the signature could not be placed above the quoted history (the inserted block would be read "
            "as part of it); the draft was not changed"
        )
    if notice and len(find_notices(new_after, req.notice_words)) != 1:
        raise FixError("internal check failed: the notice would not appear exactly once; the draft was not changed")


def _changes(
    before: str,
    after: str,
    req: BlockRequest,
    handle_notice: bool,
    removed_sig: list[str],
    new_before: str,
    notice_spans: list[Span],
) -> list[Change]:
    if before == after:
        return []
    out: list[Change] = []
    if req.signature is not None:
        what = "replaced an older version of your signature" if removed_sig else "added your signature"
        out.append(Change("signature", f"{what} at the end of the new text", removed=tuple(removed_sig)))
    if handle_notice:
        removed = tuple(new_before[s.start : s.end] for s in notice_spans)
        if removed:
            desc = "moved the confidentiality notice directly beneath the signature (one copy)"
        else:
            desc = "added the BP 1114 confidentiality notice beneath the signature"
        out.append(Change("notice", desc, removed=removed))
    return out


# --- HTML -----------------------------------------------------------------------------


def _is_marked(el: etree._Element, kind: str) -> bool:
    if (el.get(MARK_ATTR) or "") == kind:
        return True
    return f"mdusd-{kind}" in (el.get("class") or "").lower().split()


class _Ranges:
    """Rendered text range [start, end) of every element of the body."""

    def __init__(self, split: HtmlSplit) -> None:
        body = body_of(split.root)
        starts = split.rendered.starts
        order: list[etree._Element] = []
        following: dict[int, int] = {}
        stack: list[etree._Element] = []
        for event, el in etree.iterwalk(body, events=("start", "end")):
            if not isinstance(el.tag, str):
                continue
            if event == "start":
                order.append(el)
                stack.append(el)
            else:
                following[id(el)] = len(order)
                stack.pop()
        self.order = order
        self.range: dict[int, tuple[int, int]] = {}
        n = len(split.rendered.text)
        for el in order:
            s = starts.get(id(el))
            if s is None:
                continue
            j = following[id(el)]
            end = n
            while j < len(order):
                e2 = starts.get(id(order[j]))
                if e2 is not None:
                    end = e2
                    break
                j += 1
            self.range[id(el)] = (s, max(s, end))

    def covering(self, text: str, span: Span) -> list[etree._Element] | None:
        """The outermost elements lying inside ``span`` that together hold all of its text."""
        # Punctuation and spaces around the words belong with them ("Thank you.").
        b = span.end
        while b < len(text) and not text[b].isalnum():
            b += 1
        a = span.start
        while a > 0 and not text[a - 1].isalnum() and text[a - 1] != "\n":
            a -= 1
        chosen: list[etree._Element] = []
        skip_until: etree._Element | None = None
        for el in self.order:
            if skip_until is not None:
                if _is_descendant(el, skip_until):
                    continue
                skip_until = None
            r = self.range.get(id(el))
            if r is None:
                continue
            s, e = r
            if a <= s and e <= b and s < b and tag_of(el) != "body":
                chosen.append(el)
                skip_until = el
        covered = [False] * (span.end - span.start)
        for el in chosen:
            s, e = self.range[id(el)]
            for i in range(max(s, span.start), min(e, span.end)):
                covered[i - span.start] = True
        if any(not c and not text[span.start + i].isspace() for i, c in enumerate(covered)):
            return None
        return chosen


def _is_descendant(el: etree._Element, ancestor: etree._Element) -> bool:
    p = el.getparent()
    while p is not None:
        if p is ancestor:
            return True
        p = p.getparent()
    return False


def _only_breaks(src: str, smap: SourceMap, lo: int, hi: int) -> bool:
    """Nothing but whitespace, <br> tags and comments between two offsets."""
    for a, b in smap.text_runs(lo, hi):
        if src[a:b].replace("&nbsp;", " ").strip():
            return False
    for t in smap.tags:
        if lo <= t.start < hi and t.name != "br":
            return False
    return True


def _insertion_point(src: str, split: HtmlSplit, smap: SourceMap) -> tuple[int, etree._Element | None]:
    """Source offset where the block goes, and the element it goes into."""
    text = split.rendered.text
    if split.boundary is not None:
        el = split.boundary
        off = smap.start(el)
        if off is None:
            first = next((d for d in el.iter() if smap.start(d) is not None), None)
            off = smap.start(first) if first is not None else None
        if off is None:
            raise FixError("could not find where the quoted history begins in this HTML; the draft was not changed")
        return off, el.getparent()
    if split.marker is not None:
        return _mid_block(src, split, smap, text)
    return _end_of_content(src, split, smap)


def _end_of_content(src: str, split: HtmlSplit, smap: SourceMap) -> tuple[int, etree._Element | None]:
    """No quote below the new text: the end of the body, inside Outlook's
    WordSection1-style wrapper."""
    body = body_of(split.root)
    container = body
    while True:
        kids = [k for k in container if isinstance(k.tag, str)]
        if not kids:
            break
        last = kids[-1]
        if (last.tail or "").strip() or tag_of(last) not in _CONTAINERS:
            break
        if _is_marked(last, "signature") or _is_marked(last, "notice"):
            break
        if not any(tag_of(k) in BLOCK_TAGS for k in last if isinstance(k.tag, str)):
            break
        if smap.end_tag(last) is None:
            break
        container = last
    end = smap.end_tag(container) if container is not body or smap.tag(body) is not None else None
    if end is not None:
        return end.start, container
    return _end_of_body(src, split, smap)


def _end_of_body(src: str, split: HtmlSplit, smap: SourceMap) -> tuple[int, etree._Element | None]:
    body = body_of(split.root)
    end = smap.end_tag(body) if smap.tag(body) is not None else None
    if end is not None:
        return end.start, body
    # No </body> written: before </html> when it closes the string, else the very end.
    m = re.search(r"</html\s*>\s*$", src, re.I)
    return (m.start() if m else len(src)), body


def _insertion_points(src: str, split: HtmlSplit, smap: SourceMap) -> list[tuple[int, etree._Element | None]]:
    """The preferred place, then fallbacks for markup whose tags are badly nested
    (each candidate is verified; the first that passes is used)."""
    # Bottom-posted: the new text is below the quote and runs to the end.
    first = _end_of_content(src, split, smap) if split.bottom_posted else _insertion_point(src, split, smap)
    out = [first]
    if split.marker is None or split.bottom_posted:
        for alt in (_end_of_body(src, split, smap), (len(src), body_of(split.root))):
            if alt[0] not in [o[0] for o in out]:
                out.append(alt)
    return out


def _mid_block(src: str, split: HtmlSplit, smap: SourceMap, text: str) -> tuple[int, etree._Element | None]:
    """The quote starts inside a block (after a <br>, or in text after a closed block)."""
    off = split.offset
    head = " ".join(text[off : off + 60].split())[:25]
    body = body_of(split.root)
    found: tuple[int, etree._Element] | None = None
    starts = split.rendered.starts
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        start = starts.get(id(el))
        if start is not None and start > off:
            break  # document order: nothing further on can open the quote
        own = " ".join((el.text or "").split())
        if start == off and own and _same_start(own, head) and smap.tag(el) is not None:
            found = (smap.tag(el).end, el)  # the quote is the first text of this element
            break
        if el is body:
            continue
        tail = " ".join((el.tail or "").split())
        if start == off and tag_of(el) not in BLOCK_TAGS and smap.start(el) is not None:
            found = (smap.start(el), el.getparent())  # an inline element opens the quote line
            break
        if head and tail and _same_start(tail, head):
            ext = smap.extent(el)
            if ext is not None:
                found = (ext[1], el.getparent())  # the last match before the quote wins
    if found is None:
        raise FixError(
            "the quoted history starts in the middle of a paragraph here, so the signature cannot be placed "
            "above it safely; the draft was not changed"
        )
    at, parent = found
    # Climb out of blocks that hold nothing but line breaks before the quote, so the
    # block goes above the wrapper (Thunderbird's forward container, iOS's <div>).
    while parent is not None and parent is not body:
        t = smap.tag(parent)
        if t is None or not _only_breaks(src, smap, t.end, at):
            break
        at, parent = t.start, parent.getparent()
    return at, parent


def _same_start(a: str, b: str) -> bool:
    """One string begins the other (a tail may hold only the first words of the line)."""
    return a.startswith(b) if len(a) >= len(b) else len(a) >= 3 and b.startswith(a)


def _html_chunk(req: BlockRequest, outlook: bool, inline: bool, notice: bool) -> str:
    parts = []
    if req.signature is not None:
        parts.append(req.signature.html(outlook=outlook, font=req.font, inline=inline))
    if notice:
        parts.append(notice_html(req.notice_text, outlook=outlook, font=req.font, inline=inline))
    return "".join(parts)


def prepare_html(html: str) -> tuple[str, int]:
    """What both parsers read (NULs dropped, as the renderer does) and the line shift."""
    src = html.replace("\x00", "") if "\x00" in html else html
    m = _XML_DECL.match(src)
    return src, (-src[: m.end()].count("\n") if m else 0)


def fix_html(html: str, req: BlockRequest) -> tuple[str, list[Change]]:
    src, shift = prepare_html(html)
    split = split_html(src)
    smap = SourceMap(src, split.root, shift)
    ranges = _Ranges(split)
    error: FixError | None = None
    for ins, parent in _insertion_points(src, split, smap):
        try:
            return _fix_html_at(html, src, split, smap, ranges, ins, parent, req)
        except FixError as exc:
            error = error or exc
    assert error is not None
    raise error


def _fix_html_at(
    html: str,
    src: str,
    split: HtmlSplit,
    smap: SourceMap,
    ranges: "_Ranges",
    ins: int,
    parent: etree._Element | None,
    req: BlockRequest,
) -> tuple[str, list[Change]]:
    text = split.rendered.text
    lo, hi = split.new_range
    # The new text at its own offsets: a quote above it (bottom-posting) blanked out.
    new = mask(text[:hi], [Span(0, lo)]) if lo else text[:hi]
    body = body_of(split.root)

    def in_quote_above(el: etree._Element) -> bool:
        r = ranges.range.get(id(el))
        return lo > 0 and (r is None or r[0] < lo)

    patches: list[tuple[int, int, str]] = []
    removed_ranges: list[tuple[int, int]] = []
    removed_sig: list[str] = []
    removed_notice: list[str] = []
    taken: list[etree._Element] = []
    kept_sigs = 0  # marked signature blocks edited by hand: the author's now, left alone

    def take(el: etree._Element, bucket: list[str]) -> bool:
        ext = smap.extent(el)
        r = ranges.range.get(id(el))
        if ext is None or ext[1] > ins or any(el is t or _is_descendant(el, t) for t in taken):
            return False
        taken.append(el)
        patches.append((ext[0], ext[1], ""))
        if r is not None:
            removed_ranges.append(r)
            bucket.append(text[r[0] : r[1]].strip())
        return True

    # 1. Our own marked blocks in the new text.
    exact = list(find_notices(new, req.notice_words))
    frags = [f for f in find_notice_fragments(new, req.notice_words) if not any(s.start <= f.start < s.end for s in exact)]
    handle_notice = req.notice or bool(exact) or any(
        _is_marked(el, "notice")
        for el in body.iter()
        if isinstance(el.tag, str) and (smap.start(el) or 10**12) < ins and not in_quote_above(el)
    )
    for el in list(body.iter()):
        if not isinstance(el.tag, str):
            continue
        start = smap.start(el)
        if start is None or start >= ins or in_quote_above(el):
            continue
        if req.signature is not None and _is_marked(el, "signature"):
            if any(el is t or _is_descendant(el, t) for t in taken):
                continue
            r = ranges.range.get(id(el))
            if r is None or not matches_rendering(text[r[0] : r[1]], req.signature.known()):
                kept_sigs += 1
                continue
            if not take(el, removed_sig):
                raise FixError("an older signature block could not be located in the markup; the draft was not changed")
        elif handle_notice and _is_marked(el, "notice"):
            if not take(el, removed_notice):
                raise FixError("an older notice block could not be located in the markup; the draft was not changed")

    def inside_taken(span: Span) -> bool:
        return any(a <= span.start and span.end <= b for a, b in removed_ranges)

    # 2. The notice wherever else it sits in the new text (EM502), and altered copies.
    if handle_notice:
        for span in exact + frags:
            if inside_taken(span):
                continue
            if span in frags:
                span = Span(span.start, _paragraph_end(new, span.start))
            els = ranges.covering(new, span)
            if not els or not all(take(el, removed_notice) for el in els):
                raise FixError(
                    "the confidentiality notice sits inside a paragraph with other text; move it out by hand "
                    "(the draft was not changed)"
                )
    # 3. A copy of a known signature that lost our markers (Outlook rewrote the
    #    HTML, or "resend"): replaced only when its lines are exactly a rendering.
    if req.signature is not None:
        masked = list(new)
        for a, b in removed_ranges:
            for i in range(a, min(b, len(masked))):
                if masked[i] != "\n":
                    masked[i] = " "
        for span in exact + frags:
            for i in range(span.start, min(span.end, len(masked))):
                if masked[i] != "\n":
                    masked[i] = " "
        masked_text = "".join(masked).rstrip()
        own = find_inserted_signature(masked_text, req.signature.known())
        if own is not None:
            els = ranges.covering(new, own)
            if els:
                for el in els:
                    take(el, removed_sig)

    outlook = "msonormal" in src.lower() or "urn:schemas-microsoft-com:office" in src.lower()
    inline = parent is not None and tag_of(parent) not in _FLOW
    chunk = _html_chunk(req, outlook, inline, handle_notice)
    patches.append((ins, ins, chunk))
    try:
        result = apply_patches(src, patches)
    except ValueError:
        raise FixError("older signature or notice blocks overlap; the draft was not changed") from None
    if result == html:
        return html, []
    _verify_html(src, result, ins, patches, chunk, split, removed_ranges, req, handle_notice, kept_sigs)
    changes: list[Change] = []
    if req.signature is not None:
        what = "replaced an older version of your signature" if removed_sig else "added your signature"
        changes.append(Change("signature", f"{what} at the end of the new text", removed=tuple(removed_sig)))
    if handle_notice:
        desc = (
            "moved the confidentiality notice directly beneath the signature (one copy)"
            if removed_notice
            else "added the BP 1114 confidentiality notice beneath the signature"
        )
        changes.append(Change("notice", desc, removed=tuple(removed_notice)))
    return result, changes


def _verify_html(
    src: str,
    result: str,
    ins: int,
    patches: list[tuple[int, int, str]],
    chunk: str,
    split: HtmlSplit,
    removed_ranges: list[tuple[int, int]],
    req: BlockRequest,
    handle_notice: bool,
    kept_sigs: int = 0,
) -> None:
    """Re-parse the result and prove the guarantees, or refuse."""
    if not result.endswith(src[ins:]):
        raise FixError("internal check failed: the quoted history would change; the draft was not changed")
    removed_before = sum(b - a for a, b, t in patches if t == "")
    chunk_at = ins - removed_before
    if result[chunk_at : chunk_at + len(chunk)] != chunk:
        raise FixError("internal check failed: the block was not inserted where planned; the draft was not changed")
    after = split_html(result)
    if after.bottom_posted != split.bottom_posted:
        raise FixError("internal check failed: the quoted history would be read differently; the draft was not changed")
    smap = SourceMap(result, after.root, prepare_html(result)[1])
    text = after.rendered.text
    lo_after, hi_after = after.new_range
    new_after = mask(text[:hi_after], [Span(0, lo_after)]) if lo_after else text[:hi_after]
    ranges = _Ranges(after)
    inserted: list[tuple[int, int]] = []
    for el in body_of(after.root).iter():
        if not isinstance(el.tag, str):
            continue
        t = smap.tag(el)
        if t is not None and chunk_at <= t.start < chunk_at + len(chunk) and (el.get(MARK_ATTR) in ("signature", "notice")):
            r = ranges.range.get(id(el))
            if r is not None:
                inserted.append(r)
    if not inserted:
        raise FixError(
            "this HTML is damaged (e.g. an unclosed <title> or attribute), so the signature would not be "
            "visible; the draft was not changed"
        )
    block_end = max(b for _, b in inserted)
    if block_end < hi_after and new_after[block_end:].strip():
        raise FixError(
            "the signature could not be placed at the end of the new text in this HTML; the draft was not changed"
        )
    first_inserted = min(a for a, _ in inserted)
    if after.marker is not None and not lo_after <= first_inserted < max(hi_after, lo_after + 1):
        raise FixError("the block would land inside the quoted history; the draft was not changed")
    lo, hi = split.new_range
    before_new = mask(split.rendered.text[:hi], [Span(0, lo)]) if lo else split.rendered.text[:hi]
    before_words = words(_mask_ranges(before_new, removed_ranges))
    after_words = words(_mask_ranges(new_after, inserted))
    if before_words != after_words:
        raise FixError(
            "this HTML is damaged (e.g. an unclosed tag or attribute), so the signature could not be added "
            "without risking the text; the draft was not changed"
        )
    q0, q1 = split.quote_range
    a0, a1 = after.quote_range
    before_quote = split.rendered.text[q0:q1]
    after_quote = text[a0:a1]
    if words(before_quote) != words(after_quote):
        raise FixError("internal check failed: the quoted history would read differently; the draft was not changed")
    if handle_notice and len(find_notices(new_after, req.notice_words)) != 1:
        raise FixError("internal check failed: the notice would not appear exactly once; the draft was not changed")
    if req.signature is not None:
        sigs = [
            el
            for el in body_of(after.root).iter()
            if isinstance(el.tag, str)
            and el.get(MARK_ATTR) == "signature"
            and lo_after <= (after.rendered.starts.get(id(el)) or 0) < max(hi_after, block_end)
        ]
        if len(sigs) != 1 + kept_sigs:
            raise FixError("internal check failed: the signature would not appear exactly once; the draft was not changed")


def _mask_ranges(text: str, ranges: list[tuple[int, int]]) -> str:
    return mask(text, [Span(a, b) for a, b in ranges])


__all__ = ["BlockRequest", "fix_html", "fix_text", "prepare_html", "MARK_ATTR"]
