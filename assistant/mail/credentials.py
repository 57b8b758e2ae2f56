"""Secrets in the OS keyring only (Secret Service, Keychain, Windows Credential Locker).

Nothing here writes a file: the config holds the account's address and server,
the keyring holds the password (or the OAuth token cache).
"""

from __future__ import annotations

import keyring
import keyring.errors

from assistant.mail.errors import MailConfigError

SERVICE = "mail-assistant"


def _key(email: str, kind: str) -> str:
    return f"{kind}:{email.strip().lower()}"


def store_secret(email: str, secret: str, kind: str = "password") -> None:
    if not secret:
        raise MailConfigError("an empty password cannot be stored")
    try:
        keyring.set_password(SERVICE, _key(email, kind), secret)
    except keyring.errors.KeyringError as exc:
        raise MailConfigError(f"cannot store the {kind} in the system keyring: {exc}") from None


def load_secret(email: str, kind: str = "password") -> str | None:
    try:
        return keyring.get_password(SERVICE, _key(email, kind))
    except keyring.errors.KeyringError as exc:
        raise MailConfigError(f"cannot read the system keyring: {exc}") from None


def delete_secret(email: str, kind: str = "password") -> bool:
    try:
        keyring.delete_password(SERVICE, _key(email, kind))
        return True
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise MailConfigError(f"cannot change the system keyring: {exc}") from None
