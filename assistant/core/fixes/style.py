"""Unsafe look fixes: ALL CAPS (EM804), colours (EM801), fonts (EM802), background (EM803).

They change how the author's text looks (or its case), so the UI previews
them first. Like the safe fixes they patch the original markup in place and
only inside the new text: the quoted history keeps every byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from assistant.core.content import HtmlSplit, normalize_color, is_default_text_color, split_html, split_text, words
from assistant.core.fixes.block import MARK_ATTR, _insertion_point, _normalize_newlines, prepare_html
from assistant.core.fixes.common import Change, FixError
from assistant.core.fixes.source import SourceMap, apply_patches, parse_start_tag, start_tag_html
from assistant.core.htmltext import BLOCK_TAGS, body_of, tag_of
from assistant.core.model import Applicability, Draft
from assistant.policy import Policy

_WORD = re.compile(r"&#?\w+;|[^\W\d_]+(?:['’][^\W\d_]+)*")


# --- the region of an HTML draft a fix may touch ------------------------------------------


@dataclass
class _Region:
    src: str
    smap: SourceMap
    lo: int  # just past <body ...> (or 0)
    hi: int  # where the quoted history starts (or the end)
    split: object
    protected: list[tuple[int, int]]  # our signature / notice blocks


def _region(html: str, split: HtmlSplit | None = None) -> _Region:
    """Where a fix may patch ``html``; ``split``: ``split_html`` of it, when already made."""
    src, shift = prepare_html(html)
    split = split if split is not None and src == html else split_html(src)
    if split.bottom_posted:
        # The region below assumes the quote comes last; never risk touching it.
        raise FixError("the new text of this reply is below the quoted history; change its look by hand")
    smap = SourceMap(src, split.root, shift)
    body = body_of(split.root)
    bt = smap.tag(body) if tag_of(body) == "body" else None
    lo = bt.end if bt is not None else 0
    hi = _insertion_point(src, split, smap)[0] if split.marker is not None else len(src)
    protected = []
    for el in body.iter():
        if isinstance(el.tag, str) and el.get(MARK_ATTR) in ("signature", "notice"):
            ext = smap.extent(el)
            if ext is not None:
                protected.append(ext)
    return _Region(src, smap, lo, hi, split, protected)


def _in_protected(reg: _Region, offset: int) -> bool:
    return any(a <= offset < b for a, b in reg.protected)


def _check_html(before: str, after: str, reg: _Region, same_case: bool) -> None:
    if not after.endswith(reg.src[reg.hi :]):
        raise FixError("internal check failed: the quoted history would change; the draft was not changed")
    a = split_html(before)
    b = split_html(after)
    wa = words(a.rendered.text[: a.offset])
    wb = words(b.rendered.text[: b.offset])
    if not same_case:
        wa, wb = [w.casefold() for w in wa], [w.casefold() for w in wb]
    if wa != wb or words(a.rendered.text[a.offset :]) != words(b.rendered.text[b.offset :]):
        raise FixError("internal check failed: the text would change; the draft was not changed")


# --- declarations -------------------------------------------------------------------------


def _split_style(style: str) -> list[tuple[str, str]]:
    out = []
    for part in style.split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out.append((k.strip(), v.strip()))
        elif part.strip():
            out.append((part.strip(), ""))
    return out


def _join_style(decls: list[tuple[str, str]]) -> str:
    return ";".join(f"{k}:{v}" if v else k for k, v in decls)


def _rewrite_tags(
    html: str,
    edit: Callable[[str, list[tuple[str, str | None]], bool], list[tuple[str, str | None]] | None],
    include_body: bool = False,
) -> tuple[str, int, _Region]:
    """Apply ``edit`` to every start tag in the new text; returns (html, tags changed)."""
    reg = _region(html)
    patches: list[tuple[int, int, str]] = []
    for t in reg.smap.tags:
        if t.closing:
            continue
        in_new = reg.lo <= t.start < reg.hi
        is_body = include_body and t.name == "body" and t.end == reg.lo
        if not (in_new or is_body) or _in_protected(reg, t.start):
            continue
        raw = reg.src[t.start : t.end]
        try:
            name, attrs, selfclosing = parse_start_tag(raw)
        except ValueError:
            continue
        new_attrs = edit(name, attrs, is_body)
        if new_attrs is None or new_attrs == attrs:
            continue
        patches.append((t.start, t.end, start_tag_html(name, new_attrs, selfclosing)))
    return apply_patches(reg.src, patches), len(patches), reg


def _color_edit(name: str, attrs: list[tuple[str, str | None]], is_body: bool) -> list[tuple[str, str | None]] | None:
    if name == "a":
        return None
    out: list[tuple[str, str | None]] = []
    for k, v in attrs:
        lk = k.lower()
        if lk == "color" and name == "font":
            c = normalize_color(v or "")
            if c and not is_default_text_color(c):
                continue
        if lk == "style" and v:
            decls = []
            for prop, val in _split_style(v):
                p = prop.lower()
                c = normalize_color(val)
                if p == "color" and c and not is_default_text_color(c):
                    continue
                if p in ("background-color", "background") and name in ("span", "font", "mark", "b", "i", "u", "em", "strong"):
                    continue  # highlighting
                decls.append((prop, val))
            if not decls:
                continue
            v = _join_style(decls)
        out.append((k, v))
    return out


def _font_edit(default: str) -> Callable:
    def edit(name: str, attrs: list[tuple[str, str | None]], is_body: bool) -> list[tuple[str, str | None]] | None:
        out: list[tuple[str, str | None]] = []
        for k, v in attrs:
            lk = k.lower()
            if lk == "face" and name == "font":
                continue
            if lk == "style" and v:
                decls = [(p, default if p.lower() == "font-family" else val) for p, val in _split_style(v)]
                v = _join_style(decls)
            out.append((k, v))
        return out

    return edit


_BG_TAGS = frozenset("body table td th div p tr center tbody".split())


def _background_edit(name: str, attrs: list[tuple[str, str | None]], is_body: bool) -> list[tuple[str, str | None]] | None:
    if name not in _BG_TAGS:
        return None
    out: list[tuple[str, str | None]] = []
    for k, v in attrs:
        lk = k.lower()
        if lk in ("bgcolor", "background"):
            continue
        if lk == "style" and v:
            decls = [(p, val) for p, val in _split_style(v) if not p.lower().startswith("background")]
            if not decls:
                continue
            v = _join_style(decls)
        out.append((k, v))
    return out


def _look_fix(fix_id: str, what: str, edit: Callable, include_body: bool = False, colours: bool = False) -> Callable:
    """A fix that applies ``edit`` to the new text's start tags. ``colours``: it changes
    text colours or backgrounds, so text it leaves unreadable is repaired (``readable``)."""

    def fix(draft: Draft, policy: Policy) -> tuple[Draft, list[Change]]:
        if draft.html is None:
            return draft, []  # plain text has no colours, fonts or backgrounds
        html, n, reg = _rewrite_tags(draft.html, edit if not callable(getattr(edit, "__self__", None)) else edit, include_body)
        kept = 0
        if n and colours:
            from assistant.core.fixes.readable import keep_readable  # imports this module

            html, kept = keep_readable(reg.split, html)
        if n == 0 or html == draft.html:
            return draft, []
        _check_html(reg.src, html, reg, same_case=True)
        also = f"; gave {kept} element{'s' if kept != 1 else ''} a text colour that reads on its background" if kept else ""
        return draft.replace(html=html), [
            Change(fix_id, f"{what} ({n} element{'s' if n != 1 else ''}){also}", Applicability.UNSAFE)
        ]

    return fix


fix_colors = _look_fix("colors", "removed text colours and highlighting from the new text", _color_edit, colours=True)
fix_background = _look_fix("background", "removed page and table backgrounds", _background_edit, include_body=True,
                           colours=True)


def fix_fonts(draft: Draft, policy: Policy) -> tuple[Draft, list[Change]]:
    return _look_fix("fonts", f"set the new text's font to {policy.default_font}", _font_edit(policy.default_font))(
        draft, policy
    )


# --- ALL CAPS ---------------------------------------------------------------------------------


def _is_caps(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# Names that keep their capital when a shouted word is re-cased.
_PROPER = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july "
    "august september october november december".split()
)


def _lower_same_length(tok: str) -> str:
    # Keep every offset valid: a character whose lower case is longer stays as it is.
    low = "".join(c.lower() if len(c.lower()) == 1 else c for c in tok)
    return low[0].upper() + low[1:] if low.lower() in _PROPER else low


def _caps_plan(tokens: list[str], sentence_start: list[bool], policy: Policy) -> dict[int, str]:
    """Index -> replacement for the all-caps words to re-case."""
    acr = policy.acronyms
    is_word = [not t.startswith("&") for t in tokens]
    caps = [is_word[i] and _is_caps(t) and t.upper() not in acr for i, t in enumerate(tokens)]
    lower = [False] * len(tokens)
    run: list[int] = []
    need = int(policy.threshold("caps_run"))

    def close() -> None:
        if len([i for i in run if caps[i]]) >= need:
            for i in run:
                if caps[i]:
                    lower[i] = True
        run.clear()

    for i, t in enumerate(tokens):
        if not is_word[i]:
            continue
        if _is_caps(t):  # acronyms do not break a run, they just stay
            run.append(i)
        else:
            close()
    close()
    counted = [i for i, t in enumerate(tokens) if is_word[i] and len(t) > 3]
    shouty = [i for i in counted if caps[i]]
    if len(counted) >= policy.threshold("caps_min_words") and len(shouty) > policy.threshold("caps_ratio") * len(counted):
        for i in shouty:
            lower[i] = True
    plan: dict[int, str] = {}
    for i, t in enumerate(tokens):
        if not lower[i]:
            continue
        new = _lower_same_length(t)
        if sentence_start[i] or new.startswith(("i'", "i’")) and len(new) <= 4:
            new = new[0].upper() + new[1:]
        plan[i] = new
    return plan


def _sentence_starts(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    out = []
    for a, _ in spans:
        k = a - 1
        while k >= 0 and text[k] in " \t\"'(“‘*-•":
            k -= 1
        out.append(k < 0 or text[k] in ".!?\n:")
    return out


def _recase_text(text: str, policy: Policy) -> tuple[str, int]:
    spans = [m.span() for m in _WORD.finditer(text)]
    tokens = [text[a:b] for a, b in spans]
    plan = _caps_plan(tokens, _sentence_starts(text, spans), policy)
    if not plan:
        return text, 0
    chars = list(text)
    for i, new in plan.items():
        a, b = spans[i]
        chars[a:b] = list(new)
    return "".join(chars), len(plan)


def fix_caps(draft: Draft, policy: Policy) -> tuple[Draft, list[Change]]:
    changes: list[Change] = []
    after = draft
    subject = draft.subject
    if subject and _is_caps("".join(w for w in words(subject) if w.upper() not in policy.acronyms) or "a"):
        spans = [m.span() for m in _WORD.finditer(subject)]
        toks = [subject[a:b] for a, b in spans]
        acr = policy.acronyms
        chars = list(subject)
        first = True
        for (a, b), t in zip(spans, toks):
            if t.upper() in acr or not _is_caps(t):
                first = False
                continue
            new = _lower_same_length(t)
            if first:
                new = new[0].upper() + new[1:]
            first = False
            chars[a:b] = list(new)
        new_subject = "".join(chars)
        if new_subject != subject:
            after = after.replace(subject=new_subject)
            changes.append(Change("caps", "put the subject in sentence case (acronyms kept)", Applicability.UNSAFE))
    if draft.html is not None:
        html, n = _caps_html(draft.html, policy)
        if n:
            after = after.replace(html=html)
    else:
        text = draft.text or ""
        norm, back = _normalize_newlines(text)
        found = split_text(norm)
        if found is not None and found.new_start is not None:
            # Bottom-posted: the new text is below the quote, which stays as it is.
            cut = back[found.new_start]
            new, n = _recase_text(text[cut:], policy)
            if n:
                after = after.replace(text=text[:cut] + new)
        else:
            cut = back[found.quote_start] if found else len(text)
            new, n = _recase_text(text[:cut], policy)
            if n:
                after = after.replace(text=new + text[cut:])
    if n:
        changes.append(
            Change("caps", f"re-cased {n} ALL-CAPS word{'s' if n != 1 else ''} in sentence case (acronyms kept)", Applicability.UNSAFE)
        )
    return after, changes


def _caps_html(html: str, policy: Policy) -> tuple[str, int]:
    reg = _region(html)
    runs = [r for r in reg.smap.text_runs(reg.lo, reg.hi) if not _in_protected(reg, r[0])]
    tokens: list[str] = []
    where: list[tuple[int, int]] = []
    starts: list[bool] = []
    ends_at = {t.end: t for t in reg.smap.tags}
    prev_char = "\n"
    for a, b in runs:
        before_tag = ends_at.get(a)
        line_start = before_tag is not None and (before_tag.name in BLOCK_TAGS or before_tag.name == "br")
        chunk = reg.src[a:b]
        for m in _WORD.finditer(chunk):
            pre = chunk[: m.start()].rstrip(" \t\r\n\"'(“‘*-•")
            if pre:
                last = pre[-1]
            elif line_start and not tokens_in_run(m.start(), chunk):
                last = "\n"
            else:
                last = prev_char
            starts.append(last in ".!?\n:")
            tokens.append(m.group())
            where.append((a + m.start(), a + m.end()))
            prev_char = m.group()[-1]
        tail = chunk.rstrip()
        if tail and not tail[-1].isalnum():
            prev_char = tail[-1]
    plan = _caps_plan(tokens, starts, policy)
    if not plan:
        return html, 0
    patches = [(where[i][0], where[i][1], new) for i, new in plan.items()]
    result = apply_patches(reg.src, patches)
    _check_html(reg.src, result, reg, same_case=False)
    return result, len(plan)


def tokens_in_run(pos: int, chunk: str) -> bool:
    """Whether a word already appeared earlier in this text run."""
    return bool(_WORD.search(chunk[:pos]))


__all__ = ["fix_background", "fix_caps", "fix_colors", "fix_fonts"]
