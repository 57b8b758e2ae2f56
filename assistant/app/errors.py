"""The one error type of the application layer.

Every use case reports a failure the user can act on as an ``AppError`` with a
``kind``; the adapters translate the kind, never the message: the command line
to an exit status (assistant/cli.py), the HTTP API to a status code
(assistant/server/app.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from assistant.core.model import Draft


class Kind(str, Enum):
    BAD_INPUT = "bad_input"  # the request or file is wrong: say what to change
    NOT_FOUND = "not_found"  # no such draft, rule or file
    CONFLICT = "conflict"  # the draft changed elsewhere since the user saw it
    REFUSED = "refused"  # a send blocked by errors in the draft
    UNSAFE = "unsafe"  # a fix that cannot be applied safely (nothing was changed)
    CONFIG = "config"  # the settings or the account need fixing first
    UNAVAILABLE = "unavailable"  # the mail server failed or refused the sign-in
    NOT_AVAILABLE = "not_available"  # this version does not have the feature
    TOO_LARGE = "too_large"  # a request beyond the size cap


@dataclass(frozen=True)
class Conflict:
    """Both versions of a draft whose save was refused as stale."""

    yours: "Draft"  # what the user tried to write
    theirs: "Draft"  # what the server holds now


class AppError(Exception):
    """A one-line ``message`` for the user, its ``kind``, and for a stale
    write the ``conflict`` (both versions, so nothing is silently lost)."""

    def __init__(self, kind: Kind, message: str, conflict: Conflict | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.conflict = conflict


def mail_error(exc: Exception) -> AppError:
    """The AppError for a mail backend's error (assistant.mail.errors)."""
    from assistant.mail.errors import ConflictError, ItemNotFoundError, MailConfigError

    if isinstance(exc, MailConfigError):
        kind = Kind.CONFIG
    elif isinstance(exc, ItemNotFoundError):
        kind = Kind.NOT_FOUND
    elif isinstance(exc, ConflictError):
        kind = Kind.CONFLICT
    else:  # AuthError, ServerError and the rest: the server side failed
        kind = Kind.UNAVAILABLE
    return AppError(kind, str(exc) or type(exc).__name__)


__all__ = ["AppError", "Conflict", "Kind", "mail_error"]
