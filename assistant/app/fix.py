"""Use cases: fix a draft file, or a draft sent by the API with the fixes the user chose.

Both use the context's policy and the one signature loader
(``assistant.app.signature.load_signature``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from assistant.app import fixing
from assistant.app.check import Checked, check_draft
from assistant.app.context import AppContext
from assistant.app.diff import DraftDiff, draft_diff
from assistant.app.errors import AppError, Kind
from assistant.app.fixing import FixResult
from assistant.app.signature import load_signature, preview_signature
from assistant.config import StaleFileError
from assistant.core.fixes import ALL_FIXES, UNSAFE_FIXES, Change, FixError, parse_fix_list
from assistant.core.model import Draft, DraftError
from assistant.core.signature import Signature

MAX_FIX_IDS = 50


def fix_ids(only: str | Iterable[str] | None) -> tuple[str, ...]:
    """Fix ids or rule codes (``"signature,EM501"``) to fix ids; an unknown one is BAD_INPUT."""
    try:
        return parse_fix_list(only) if only else ()
    except FixError as exc:
        raise AppError(Kind.BAD_INPUT, str(exc)) from None


def fix_file(
    ctx: AppContext, path: str | Path, output: str | None = None, only: str | None = None, dry_run: bool = False
) -> FixResult:
    """Fix a draft file in place, into ``output`` ("-": standard output), or only
    compute the diff (``dry_run``). A file that changed on disk meanwhile is a
    CONFLICT and a fix that cannot be applied safely is UNSAFE (nothing written)."""
    fix_ids(only)
    signature = load_signature(ctx)
    try:
        return fixing.fix_file(path, output, only, dry_run, policy=ctx.policy, signature=signature)
    except DraftError as exc:
        raise AppError(Kind.BAD_INPUT, str(exc)) from None
    except StaleFileError as exc:
        raise AppError(Kind.CONFLICT, f"{exc}; nothing was changed, run fix again") from None
    except FixError as exc:
        raise AppError(Kind.UNSAFE, f"{path}: {exc}") from None


@dataclass(frozen=True)
class Fixed:
    """A draft before and after the chosen fixes, and what ``check`` says of the result."""

    before: Draft
    after: Draft
    changes: list[Change]
    checked: Checked

    @property
    def diff(self) -> DraftDiff:
        return draft_diff(self.before, self.after)


def chosen_ids(ids: Any) -> list[str]:
    """The fix ids an API request names: a non-empty list of known fix ids."""
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
        raise AppError(Kind.BAD_INPUT, "'fixes' must be a non-empty list of fix ids")
    if len(ids) > MAX_FIX_IDS:
        raise AppError(Kind.BAD_INPUT, "too many fixes in one request")
    fix_ids(ids)
    return ids


_CONFIGURED: Any = object()  # apply_chosen's default: the signature from the settings


def apply_chosen(
    ctx: AppContext, draft: Draft, ids: list[str], signature: Signature | None = _CONFIGURED
) -> tuple[Draft, list[Change]]:
    """Exactly the fixes the user chose (the UI offers them from the hints), with
    ``signature`` when given (the hosted service has no settings), else the configured one."""
    from assistant.core import fixes

    if signature is _CONFIGURED:
        signature = load_signature(ctx)
    try:
        new, changes = fixes.apply(draft, ids, policy=ctx.policy, signature=signature)
    except FixError as exc:
        raise AppError(Kind.UNSAFE, f"cannot apply fix: {exc}") from None
    except DraftError as exc:
        raise AppError(Kind.BAD_INPUT, str(exc)) from None
    except (KeyError, ValueError) as exc:
        raise AppError(Kind.BAD_INPUT, f"cannot apply fix: {exc}") from None
    return new, list(changes)


def fix_draft(ctx: AppContext, draft: Draft, ids: Any) -> Fixed:
    """Apply the chosen fixes to a draft being written (nothing is saved)."""
    new, changes = apply_chosen(ctx, draft, chosen_ids(ids))
    return Fixed(draft, new, changes, check_draft(ctx, new))


def sent_signature(fields: Any) -> Signature | None:
    """The signature a request carries as fields (None when it carries none); a
    bad field is BAD_INPUT naming it."""
    return None if fields is None else preview_signature(fields).signature


def fix_draft_stateless(ctx: AppContext, draft: Draft, ids: Any, signature_fields: Any = None) -> Fixed:
    """``fix_draft`` for the District-hosted service: the signature comes with the
    request (the add-in's roaming settings), never from a settings file."""
    signature = sent_signature(signature_fields)
    new, changes = apply_chosen(ctx, draft, chosen_ids(ids), signature)
    return Fixed(draft, new, changes, check_draft(ctx, new))


__all__ = ["ALL_FIXES", "UNSAFE_FIXES", "Change", "Fixed", "apply_chosen", "chosen_ids", "fix_draft", "fix_draft_stateless",
           "fix_file", "fix_ids", "sent_signature"]
