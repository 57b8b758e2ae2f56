"""Use cases on the drafts in the user's mailbox: list, open, fix, save, send.

Every write carries the version the user saw (the draft's ``change_key``): a
stale one is refused with a CONFLICT error that carries both versions, never
silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.app.check import Checked, check_draft
from assistant.app.context import AppContext
from assistant.app.diff import DraftDiff, draft_diff
from assistant.app.errors import AppError, Conflict, Kind
from assistant.core.model import Draft, Severity

if TYPE_CHECKING:  # pragma: no cover
    from assistant.core.fixes import Change
    from assistant.mail.backend import MailBackend

STALE_MESSAGE = (
    "this draft was changed elsewhere (in Outlook or on another device) since you opened it; "
    "nothing was overwritten: choose which version to keep"
)


def list_drafts(ctx: AppContext) -> list[Checked]:
    """The drafts on the server, checked with distribution lists counted by their
    members (EM401: one ResolveNames for all recipients, one ExpandDL per list)."""
    from assistant.mail.drafts import with_group_sizes

    drafts = ctx.mail(lambda b: with_group_sizes(b, b.list_drafts()))
    return [check_draft(ctx, d) for d in drafts]


def get_draft(ctx: AppContext, item_id: str) -> Checked:
    return check_draft(ctx, ctx.mail(lambda b: b.get_draft(item_id)))


@dataclass(frozen=True)
class ServerFix:
    """A server draft before and after a fix. ``saved``: written to the server
    (False for a dry run); ``answer_lost``: the write's answer was lost and
    ``after`` is what the server holds, read back."""

    before: Draft
    after: Draft
    changes: list["Change"]
    checked: Checked
    saved: bool
    answer_lost: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def diff(self) -> DraftDiff:
        return draft_diff(self.before, self.after)


def fix_server_draft(
    ctx: AppContext, item_id: str, fixes: Any = None, *, dry_run: bool = False, chosen: bool = False,
    seen_change_key: str | None = None,
) -> ServerFix:
    """Fix a draft on the server, or with ``dry_run`` only say what would change.

    ``chosen``: apply exactly ``fixes`` (the UI's one-click fixes); otherwise
    ``fixes`` (or the defaults) run only where ``check`` reports their rule, as
    ``fix`` does for files. A conflicting edit is re-read and the fix re-applied
    to it (``assistant.app.server_drafts``). ``seen_change_key``: the version the
    person looked at (e.g. in the fix's preview); when the server holds another one,
    nothing is written and the answer is a CONFLICT, so an approved diff is never
    applied to a draft the person has not seen.
    """
    from assistant.app import fixing
    from assistant.app.fix import apply_chosen, chosen_ids, fix_ids
    from assistant.app.server_drafts import fix_server_draft as save_fixed
    from assistant.app.signature import load_signature
    from assistant.core.fixes import FixError

    ids = chosen_ids(fixes) if chosen else fix_ids(fixes)
    before = ctx.mail(lambda b: b.get_draft(item_id))
    signature = load_signature(ctx)  # after the mailbox is open: the directory fills empty fields
    notes: list[str] = []

    def apply(d: Draft) -> tuple[Draft, list[Any]]:
        if seen_change_key and not dry_run and d.change_key != seen_change_key:
            mine = apply_chosen(ctx, d, ids)[0] if chosen else d
            raise AppError(Kind.CONFLICT, "the draft changed on the server after you looked at it; nothing was "
                           "written: look at it again before fixing", Conflict(yours=mine, theirs=d))
        if chosen:
            return apply_chosen(ctx, d, ids)
        try:
            r = fixing.fix_draft(d, ids or None, policy=ctx.policy, signature=signature)
        except FixError as exc:
            raise AppError(Kind.UNSAFE, f"{item_id}: {exc}") from None
        notes[:] = r.notes
        return r.after, r.changes

    if dry_run:
        after, changes = apply(before)
        return ServerFix(before, after, list(changes), check_draft(ctx, after), saved=False, notes=notes)
    # The result is what the server holds now (read back when a save's answer was
    # lost), with the changes of the write that put it there.
    saved = ctx.mail(lambda b: save_fixed(b, item_id, apply))
    return ServerFix(before, saved.draft, list(saved.changes), check_draft(ctx, saved.draft), saved=True,
                     answer_lost=saved.answer_lost, notes=notes)


# -- writes carry the version the user saw ------------------------------------------------


def _versioned(draft: Draft) -> Draft:
    if draft.id and not draft.change_key:
        # A malformed request, not a conflict: without the version we cannot
        # tell whether someone else's edit would be overwritten.
        raise AppError(Kind.BAD_INPUT, "the draft has an id but no change_key: open it again from Drafts")
    return draft


def _stale(backend: "MailBackend", mine: Draft) -> AppError:
    """CONFLICT with both versions: the user's, and the server's as it is now."""
    assert mine.id is not None
    return AppError(Kind.CONFLICT, STALE_MESSAGE, Conflict(yours=mine, theirs=backend.get_draft(mine.id)))


def _write_version(backend: "MailBackend", draft: Draft) -> Draft:
    """Update a stored draft only if it is still the version the user loaded.

    The check here gives a clear answer early; the write itself carries the
    user's ChangeKey with NeverOverwrite, so the server refuses an edit that
    lands between the two.
    """
    from assistant.mail.errors import ConflictError

    assert draft.id is not None
    current = backend.get_draft(draft.id)
    if current.change_key != draft.change_key:
        raise _stale(backend, draft)
    try:
        return backend.update_draft(current, draft)
    except ConflictError:
        raise _stale(backend, draft) from None


def save_draft(ctx: AppContext, draft: Draft) -> Draft:
    """Create a new draft, or update the one named by its id (CONFLICT when it
    changed on the server since the version the draft carries)."""
    draft = _versioned(draft)
    return ctx.mail(lambda b: _write_version(b, draft) if draft.id else b.create_draft(draft))  # type: ignore[attr-defined]


def send_draft(ctx: AppContext, draft: Draft, override: bool = False) -> None:
    """Send a draft (saved first when it is stored, with the version the user saw).
    A draft with errors is REFUSED unless ``override`` (the user chose to send anyway)."""
    from assistant.mail.errors import ConflictError

    draft = _versioned(draft)
    if not draft.all_recipients:
        raise AppError(Kind.BAD_INPUT, "add at least one recipient before sending")
    blocking = [h for h in check_draft(ctx, draft).hints if h.severity is Severity.ERROR]
    if blocking and not override:
        raise AppError(Kind.REFUSED, "this draft has errors: " + "; ".join(f"{h.code} {h.message}" for h in blocking))

    def send(b: "MailBackend") -> None:
        if not draft.id:
            b.send(draft)
            return
        saved = _write_version(b, draft)
        try:
            # Sent with the version just written: an edit in between is refused.
            b.send_draft(draft.id, saved.change_key)
        except ConflictError:
            raise _stale(b, draft) from None

    ctx.mail(send)


__all__ = ["STALE_MESSAGE", "ServerFix", "fix_server_draft", "get_draft", "list_drafts", "save_draft", "send_draft"]
