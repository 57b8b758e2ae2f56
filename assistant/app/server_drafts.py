"""Fixing a draft that lives on the mail server, safely (the retry loop of
``assistant.app.drafts.fix_server_draft``).

Read the draft (with its ChangeKey), compute the fixed draft, write only what
changed with NeverOverwrite. If someone edited the draft meanwhile (Outlook
autosave, a phone), the server refuses the stale ChangeKey: re-read, re-apply
the fix to *their* version, retry. Because fixes are idempotent, a fix already
present is never added twice, and the other edit is never lost.

A write whose answer was lost (the connection dropped after the server
committed) is never reported as "nothing changed": the backend says the
conflict that follows ``maybe_written``, and the result then describes what
the server holds, with ``answer_lost`` set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from assistant.core.model import Draft
from assistant.mail.backend import MailBackend
from assistant.mail.errors import ConflictError

# apply_fn: Draft -> Draft, or Draft -> (Draft, changes) like assistant.core.fixes.apply.
ApplyFn = Callable[[Draft], Any]


@dataclass(frozen=True)
class ServerFixResult:
    draft: Draft  # as now stored on the server (with the new ChangeKey)
    changed: bool  # False when the draft already had every fix
    attempts: int  # 1 unless conflicts forced re-reads
    changes: tuple[Any, ...] = field(default=())
    # True when a write's answer was lost and the result was read back from the server.
    answer_lost: bool = False


def _same_content(a: Draft, b: Draft) -> bool:
    # The version fields and the modification time change with every save.
    plain = {"id": None, "change_key": None, "date": None}
    return a.replace(**plain) == b.replace(**plain)


def fix_server_draft(
    backend: MailBackend,
    item_id: str,
    apply_fn: ApplyFn,
    max_attempts: int = 4,
    conflict_pause: float = 0.2,
) -> ServerFixResult:
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    # What an earlier attempt wrote (and its changes) when its answer was lost.
    pending: tuple[Draft, tuple[Any, ...]] | None = None
    for attempt in range(1, max_attempts + 1):
        current = backend.get_draft(item_id)
        if pending is not None and _same_content(current, pending[0]):
            return ServerFixResult(draft=current, changed=True, attempts=attempt, changes=pending[1], answer_lost=True)
        new, changes = _applied(apply_fn, current)
        if _same_content(current, new):
            if pending is not None:
                # The fix is on the server now and was not when we started: the lost
                # write put it there (someone edited the draft after it landed).
                return ServerFixResult(draft=current, changed=True, attempts=attempt, changes=pending[1],
                                       answer_lost=True)
            return ServerFixResult(draft=current, changed=False, attempts=attempt, changes=changes)
        try:
            saved = backend.update_draft(current, new)
        except ConflictError as exc:
            if getattr(exc, "maybe_written", False):
                pending = (new, changes)
            if attempt == max_attempts:
                break
            time.sleep(conflict_pause * attempt)  # let the other writer finish its burst
            continue
        return ServerFixResult(draft=saved, changed=True, attempts=attempt, changes=changes)
    raise ConflictError(
        f"the draft kept changing on the server while it was being fixed ({max_attempts} attempts); "
        "close it in Outlook and try again"
    )


def _applied(apply_fn: ApplyFn, draft: Draft) -> tuple[Draft, tuple[Any, ...]]:
    result = apply_fn(draft)
    changes: tuple[Any, ...] = ()
    if isinstance(result, tuple):
        new, changes = result[0], tuple(result[1])
    else:
        new = result
    if not isinstance(new, Draft):
        raise TypeError("apply_fn must return a Draft (or a (Draft, changes) pair)")
    return new, changes


__all__ = ["ServerFixResult", "fix_server_draft"]
