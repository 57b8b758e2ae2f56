"""Drafts as the checker needs them: distribution lists counted by their size."""

from __future__ import annotations

from typing import Sequence

from assistant.core.model import Draft, Recipient
from assistant.mail.backend import MailBackend


def with_group_sizes(backend: MailBackend, drafts: Sequence[Draft]) -> list[Draft]:
    """Resolve every distinct recipient once (one ResolveNames request, plus one
    ExpandDL per list) and put the expanded sizes on the drafts (EM401)."""
    addresses = sorted({r.address.lower() for d in drafts for r in d.all_recipients if r.address})
    if not addresses:
        return list(drafts)
    resolved = {r.address.lower(): r for r in backend.resolve_recipients(addresses)}

    def fill(rs: tuple[Recipient, ...]) -> tuple[Recipient, ...]:
        out = []
        for r in rs:
            found = resolved.get(r.address.lower())
            size = found.group_size if found is not None else None
            out.append(Recipient(address=r.address, name=r.name or (found.name if found else ""), group_size=size))
        return tuple(out)

    return [d.replace(to=fill(d.to), cc=fill(d.cc), bcc=fill(d.bcc)) for d in drafts]
