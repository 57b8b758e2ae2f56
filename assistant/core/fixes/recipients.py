"""Recipient fixes: Bcc for large groups (EM401), reply to the sender only (EM301)."""

from __future__ import annotations

import re

from assistant.core.content import EMAIL_RE, parse
from assistant.core.fixes.common import Change, FixError
from assistant.core.model import ComposeType, Draft, Recipient
from assistant.policy import Policy


def _key(r: Recipient) -> str:
    return r.address.strip().casefold()


def fix_bcc(draft: Draft) -> tuple[Draft, list[Change]]:
    """Move every To/Cc recipient to Bcc and address the message to the sender."""
    if draft.sender is None or not draft.sender.address:
        raise FixError("the sender's address is unknown, so it cannot be put in To; set the From address first")
    me = _key(draft.sender)
    visible = [r for r in draft.visible_recipients if _key(r) != me]
    if not visible:
        return draft, []
    bcc: list[Recipient] = list(draft.bcc)
    seen = {_key(r) for r in bcc}
    for r in visible:
        if _key(r) not in seen:
            bcc.append(r)
            seen.add(_key(r))
    after = draft.replace(to=(draft.sender,), cc=(), bcc=tuple(bcc))
    n = len({_key(r) for r in visible})
    return after, [Change("bcc", f"moved {n} To/Cc recipient{'s' if n != 1 else ''} to Bcc; you are in To")]


_FROM_LINE = re.compile(r"^\s*[*>]*\s*(?:from|de|von)\s*\*?\s*:\s*(.+)$", re.I | re.M)


def _original_sender(draft: Draft, policy: Policy) -> Recipient | None:
    """Who wrote the message being answered: the first "From:" of the quoted history."""
    quoted = parse(draft, policy.notice_words).quoted_text
    candidates = {_key(r): r for r in draft.visible_recipients}
    m = _FROM_LINE.search(quoted)
    if m:
        for addr in EMAIL_RE.findall(m.group(1)):
            if addr.casefold() in candidates:
                return candidates[addr.casefold()]
        name = m.group(1).split("[")[0].split("<")[0].strip().strip('"').casefold()
        for r in draft.visible_recipients:
            if name and r.name.casefold() == name:
                return r
    # Outlook, OWA and Gmail put the person replied to first in To.
    return draft.to[0] if draft.to else None


def fix_reply_sender_only(draft: Draft, policy: Policy) -> tuple[Draft, list[Change]]:
    recipients = draft.visible_recipients
    if len(recipients) <= 1 and draft.compose_type is not ComposeType.REPLY_ALL:
        return draft, []
    sender = _original_sender(draft, policy)
    if sender is None:
        raise FixError("cannot tell who sent the message being answered; remove the other recipients by hand")
    dropped = len([r for r in recipients if _key(r) != _key(sender)])
    compose = ComposeType.REPLY if draft.compose_type is ComposeType.REPLY_ALL else draft.compose_type
    after = draft.replace(to=(sender,), cc=(), compose_type=compose)
    if after == draft:
        return draft, []
    return after, [
        Change(
            "reply-sender-only",
            f"replying to {sender.display()} only; removed {dropped} other recipient{'s' if dropped != 1 else ''}",
        )
    ]


__all__ = ["fix_bcc", "fix_reply_sender_only"]
