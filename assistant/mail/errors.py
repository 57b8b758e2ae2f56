"""Errors a mail backend raises; messages are written for the user."""

from __future__ import annotations


class MailError(Exception):
    """Anything that went wrong talking to the mail server."""


class MailConfigError(MailError):
    """No usable account settings (not configured, no password stored...)."""


class AuthError(MailError):
    """The server refused the credentials."""


class ConflictError(MailError):
    """The item changed on the server since we read it (stale ChangeKey).

    ``maybe_written`` is True when an earlier attempt of the same write lost
    its answer (connection dropped after sending): the server may hold our
    write, so a caller must re-read rather than assume nothing was saved.
    """

    def __init__(self, message: str = "", *, maybe_written: bool = False) -> None:
        super().__init__(message)
        self.maybe_written = maybe_written


class ItemNotFoundError(MailError):
    """The item or folder does not exist (deleted meanwhile, or a bad id)."""


class ServerError(MailError):
    """The server failed or could not be reached, after the retries allowed."""
