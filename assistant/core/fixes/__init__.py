"""One-click fixes as pure functions: ``apply(draft, fixes) -> (draft, changes)``.

Safe fixes keep every word the author wrote (signature, notice, recipients);
unsafe ones change the author's text or look (caps, colours, fonts,
background) and are meant to be previewed first (``visible_diff``).
Each fix is idempotent: applying it to its own output changes nothing.
"""

from __future__ import annotations

from typing import Iterable

from assistant.core.diff import unified_diff
from assistant.core.fixes.accessibility import fix_contrast, fix_text_size
from assistant.core.fixes.block import BlockRequest, fix_html, fix_text
from assistant.core.fixes.common import Change, FixError
from assistant.core.fixes.recipients import fix_bcc, fix_reply_sender_only
from assistant.core.fixes.style import fix_background, fix_caps, fix_colors, fix_fonts
from assistant.core.htmltext import parse_html, render
from assistant.core.model import Applicability, Draft
from assistant.core.signature import Signature
from assistant.policy import Policy, default_policy

SAFE_FIXES = ("signature", "notice", "bcc", "reply-sender-only")
UNSAFE_FIXES = ("caps", "colors", "fonts", "background", "contrast", "text-size")
ALL_FIXES = SAFE_FIXES + UNSAFE_FIXES
# Which fix answers which rule (RULES.md "fix" column).
FIX_FOR_CODE = {
    "EM701": "signature",
    "EM501": "notice",
    "EM502": "notice",
    "EM401": "bcc",
    "EM301": "reply-sender-only",
    "EM804": "caps",
    "EM801": "colors",
    "EM802": "fonts",
    "EM803": "background",
    "AX102": "contrast",
    "AX105": "text-size",
}


def applicability(fix_id: str) -> Applicability:
    if fix_id in SAFE_FIXES:
        return Applicability.SAFE
    if fix_id in UNSAFE_FIXES:
        return Applicability.UNSAFE
    raise FixError(f"unknown fix {fix_id!r}; known fixes: {', '.join(ALL_FIXES)}")


def parse_fix_list(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"signature,notice"`` or rule codes (``EM701``) to fix ids, in canonical order."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted: set[str] = set()
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        fix_id = FIX_FOR_CODE.get(item.upper(), item.lower())
        applicability(fix_id)  # raises with the list of known fixes
        wanted.add(fix_id)
    return tuple(f for f in ALL_FIXES if f in wanted)


def apply(
    draft: Draft,
    fixes: Iterable[str],
    *,
    signature: Signature | None = None,
    policy: Policy | None = None,
) -> tuple[Draft, list[Change]]:
    """Apply the named fixes in a fixed order; returns the new draft and what changed.

    Raises ``FixError`` (and changes nothing) when a fix cannot be applied
    safely, e.g. ``signature`` without a configured signature.
    """
    policy = policy or default_policy()
    wanted = parse_fix_list(list(fixes))
    changes: list[Change] = []
    # Look fixes first, so the signature and notice are never restyled.
    for fix_id, fn in (("caps", fix_caps), ("colors", fix_colors), ("fonts", fix_fonts), ("background", fix_background),
                       ("contrast", fix_contrast), ("text-size", fix_text_size)):
        if fix_id in wanted:
            draft, more = fn(draft, policy)
            changes += more
    if "signature" in wanted or "notice" in wanted:
        if "signature" in wanted and signature is None:
            raise FixError("no signature is configured: set your name and contact details first")
        req = BlockRequest(
            signature=signature if "signature" in wanted else None,
            notice="notice" in wanted,
            notice_text=policy.notice_text,
            notice_words=policy.notice_words,
            font=policy.default_font,
        )
        # A multipart draft has both bodies; each keeps its own kind.
        more: list[Change] = []
        if draft.html is not None:
            html, more = fix_html(draft.html, req)
            draft = draft.replace(html=html) if more else draft
        if draft.text is not None or draft.html is None:
            text, more_text = fix_text(draft.text or "", req)
            draft = draft.replace(text=text) if more_text else draft
            more = more or more_text
        changes += more
    if "bcc" in wanted:
        draft, more = fix_bcc(draft)
        changes += more
    if "reply-sender-only" in wanted:
        draft, more = fix_reply_sender_only(draft, policy)
        changes += more
    return draft, changes


def visible_text(draft: Draft) -> str:
    """What a reader sees: rendered HTML, or the text body."""
    if draft.html is not None:
        return render(parse_html(draft.html)).text
    return (draft.text or "").replace("\r\n", "\n").replace("\r", "\n")


def _header_lines(draft: Draft) -> list[str]:
    def fmt(rs: tuple) -> str:
        return ", ".join(r.display() for r in rs)

    return [
        f"Subject: {draft.subject}",
        f"To: {fmt(draft.to)}",
        f"Cc: {fmt(draft.cc)}",
        f"Bcc: {fmt(draft.bcc)}",
        "",
    ]


def visible_diff(before: Draft, after: Draft, name: str = "draft") -> str:
    """A unified diff of headers and visible text (for ``--dry-run`` and previews)."""
    a = _header_lines(before) + visible_text(before).split("\n")
    b = _header_lines(after) + visible_text(after).split("\n")
    # A linear-bounded diff: difflib's matcher is quadratic on large drafts.
    diff = unified_diff(a, b, f"{name} (before)", f"{name} (after)")
    return diff + "\n" if diff else ""


def default_fixes(draft: Draft, policy: Policy | None = None, have_signature: bool = True) -> tuple[str, ...]:
    """The safe fixes worth applying when the user names none."""
    policy = policy or default_policy()
    # Both are idempotent: on a draft that already has them they change nothing.
    out = ["signature", "notice"] if have_signature else ["notice"]
    visible = sum(r.count for r in draft.visible_recipients)
    if visible >= policy.threshold("bcc_min_recipients"):
        out.append("bcc")
    return tuple(out)


__all__ = [
    "ALL_FIXES",
    "Change",
    "FIX_FOR_CODE",
    "FixError",
    "SAFE_FIXES",
    "UNSAFE_FIXES",
    "applicability",
    "apply",
    "default_fixes",
    "parse_fix_list",
    "visible_diff",
    "visible_text",
]
