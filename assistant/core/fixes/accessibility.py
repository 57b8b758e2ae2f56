"""Unsafe accessibility fixes: low-contrast text (AX102) and tiny text (AX105).

Like the look fixes of ``fixes.style`` they patch start tags of the original markup
in place, only in the new text and never inside the assistant's own signature and
notice blocks, and verify that no word changed. They find what to change with the
same analysis the rules use (``core.accessibility.Page``), so a fixed draft has
nothing left for its rule to flag, and a second run changes nothing.
"""

from __future__ import annotations

from typing import Callable, Iterable

import lxml.etree as etree

from assistant.core.accessibility import Page, hex_of, readable_on
from assistant.core.content import parse, split_html
from assistant.core.fixes.block import prepare_html
from assistant.core.fixes.common import Change, FixError
from assistant.core.fixes.readable import keep_readable
from assistant.core.fixes.source import apply_patches, parse_start_tag, start_tag_html
from assistant.core.fixes.style import _check_html, _in_protected, _join_style, _region, _Region, _split_style
from assistant.core.model import Applicability, Draft
from assistant.policy import Policy

DEFAULT_SIZE = "11.0pt"  # Outlook's and OWA's default body size (Calibri / Aptos 11)

Attrs = list[tuple[str, str | None]]


def _page(reg: _Region, draft: Draft, policy: Policy) -> Page:
    # The signature and notice as check found them, on the very string the region parsed.
    content = parse(draft.replace(html=reg.src), policy.notice_words)
    return Page(reg.split, content.signature, content.notices)


def _set_style(attrs: Attrs, drop: Iterable[str], add: tuple[str, str] | None) -> Attrs:
    """``attrs`` with the style declarations named in ``drop`` removed and ``add`` appended."""
    drop = {d.lower() for d in drop}
    out: Attrs = []
    done = False
    for k, v in attrs:
        if k.lower() == "style":
            decls = [(p, val) for p, val in _split_style(v or "") if p.lower() not in drop]
            if add is not None:
                decls.append(add)
            done = True
            if not decls:
                continue
            v = _join_style(decls)
        out.append((k, v))
    if not done and add is not None:
        out.append(("style", _join_style([add])))
    return out


def _patch(
    draft: Draft,
    policy: Policy,
    pick: Callable[[Page], list[tuple[etree._Element, Callable[[str, Attrs], Attrs]]]],
) -> tuple[str, int] | None:
    """Apply each picked element's start-tag edit; the new html and how many tags changed."""
    reg = _region(draft.html or "")
    page = _page(reg, draft, policy)
    patches: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for el, edit in pick(page):
        t = reg.smap.tag(el)
        if t is None or t.start in seen:
            continue
        is_body = t.end == reg.lo and t.name == "body"
        if not (reg.lo <= t.start < reg.hi or is_body) or _in_protected(reg, t.start):
            continue
        if is_body and getattr(reg.split, "marker", None) is not None:
            # The <body> look reaches the quoted history too: never change that.
            raise FixError("the look is set on the whole message, quoted history included; change it by hand")
        try:
            name, attrs, selfclosing = parse_start_tag(reg.src[t.start : t.end])
        except ValueError:
            continue
        new_attrs = edit(name, attrs)
        if new_attrs != attrs:
            seen.add(t.start)
            patches.append((t.start, t.end, start_tag_html(name, new_attrs, selfclosing)))
    if not patches:
        return None
    html = apply_patches(reg.src, patches)
    _check_html(reg.src, html, reg, same_case=True)
    return html, len(patches)


def fix_contrast(draft: Draft, policy: Policy) -> tuple[Draft, list[Change]]:
    """Low-contrast text takes the default colour: black, or white on a dark background."""
    if draft.html is None:
        return draft, []

    def pick(page: Page):
        out = []
        for found in page.low_contrast:
            colour = readable_on(found.bg)

            def edit(name: str, attrs: Attrs, colour=colour) -> Attrs:
                kept = [(k, v) for k, v in attrs if not (k.lower() in ("color", "text") and name in ("font", "basefont", "body"))]
                return _set_style(kept, ("color",), ("color", hex_of(colour).upper()))

            out.append((found.element, edit))
        return out

    done = _patch(draft, policy, pick)
    if done is None:
        return draft, []
    html, n = done
    # Black given to a paragraph also reaches a span inside it on its own dark highlight.
    html, kept = keep_readable(split_html(prepare_html(draft.html)[0]), html)
    n += kept
    return draft.replace(html=html), [
        Change("contrast", f"gave low-contrast text the default colour, black or white on dark backgrounds ({n} element{'s' if n != 1 else ''})", Applicability.UNSAFE)
    ]


def fix_text_size(draft: Draft, policy: Policy) -> tuple[Draft, list[Change]]:
    """Text under 10 pt takes the default size (11 pt)."""
    if draft.html is None:
        return draft, []

    def edit(name: str, attrs: Attrs) -> Attrs:
        kept = [(k, v) for k, v in attrs if not (k.lower() == "size" and name == "font")]
        return _set_style(kept, ("font-size",), ("font-size", DEFAULT_SIZE))

    def pick(page: Page):
        return [(t.element, edit) for t in page.tiny_text]

    done = _patch(draft, policy, pick)
    if done is None:
        return draft, []
    html, n = done
    return draft.replace(html=html), [
        Change("text-size", f"set small text to the default size, {DEFAULT_SIZE} ({n} element{'s' if n != 1 else ''})", Applicability.UNSAFE)
    ]


__all__ = ["DEFAULT_SIZE", "fix_contrast", "fix_text_size"]
