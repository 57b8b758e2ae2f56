"""Mail backends: Exchange over EWS (exchangelib) and Microsoft Graph.

Public API (stable; other areas code against this)
---------------------------------------------------

Open the user's configured mailbox::

    from assistant.mail import open_backend
    backend = open_backend()            # config 'account' section + OS keyring

``open_backend`` raises ``MailConfigError`` (no account configured / no
password in the keyring) or ``AuthError`` (server refused the credentials)
with a message meant for the user.

The demo mailbox is not opened here: the EWS emulator lives in the separate
``emulators`` package, which only ``demo``, ``serve --demo``, ``drafts --demo``
and the ``emulator`` command import::

    from emulators.ews import start_emulator
    with start_emulator(seed="demo") as handle, handle.backend() as backend:
        ...

The backend protocol (``assistant.mail.backend.MailBackend``)::

    backend.list_drafts() -> list[Draft]            # full drafts with id + change_key
    backend.get_draft(item_id) -> Draft
    backend.update_draft(original, new) -> Draft    # only changed fields, ChangeKey +
                                                    # NeverOverwrite; raises ConflictError
    backend.resolve_recipients(addresses) -> list[Recipient]  # names + DL sizes (EM401)
    backend.expand_group(address) -> list[Recipient]
    backend.me() -> DirectoryEntry                 # name, title, department, phone...
    backend.iter_items(folder="inbox", fields=SUMMARY_FIELDS, since=None, until=None,
                       page_size=1000) -> Iterator[MailItem]   # a folder's list view, paged
    backend.sync_drafts(state=None) -> DraftChanges  # SyncFolderItems; .state for next call
    backend.send(draft) -> None                     # new mail, saved to Sent Items
    backend.send_draft(item_id) -> None             # send an existing draft
    backend.close()

EwsBackend extras: ``test()`` (sign in, count drafts), ``create_draft(draft)``,
``delete_draft(item_id)``. For EM401, put distribution-list sizes on drafts
before checking them: ``assistant.mail.drafts.with_group_sizes(backend, drafts)``
(one ResolveNames for all recipients, one ExpandDL per list).

Errors (all subclass ``MailError``): ``MailConfigError``, ``AuthError``,
``ConflictError``, ``ItemNotFoundError``, ``ServerError``.

Imports inside the package run one way: ``ews`` -> ``accounts``, ``convert``,
``retry``, ``errors``; ``accounts`` -> ``credentials``, ``errors``; nothing
here imports ``emulators``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.mail.errors import (
    AuthError,
    ConflictError,
    ItemNotFoundError,
    MailConfigError,
    MailError,
    ServerError,
)

if TYPE_CHECKING:  # pragma: no cover
    from assistant.mail.ews import EwsBackend


def open_backend(config: dict[str, Any] | None = None) -> "EwsBackend":
    """The configured EWS backend: the config's 'account' section, the password from the keyring."""
    from assistant.mail.accounts import load_settings
    from assistant.mail.credentials import load_secret
    from assistant.mail.ews import EwsBackend  # exchangelib takes a while to import: only when connecting

    settings = load_settings(config)
    if settings.auth == "oauth":
        return EwsBackend(settings)
    password = load_secret(settings.email)
    if not password:
        raise MailConfigError(
            f"no password for {settings.email} in the system keyring; run `mail-assistant account add` again"
        )
    return EwsBackend(settings, password=password)


__all__ = [
    "AuthError",
    "ConflictError",
    "ItemNotFoundError",
    "MailConfigError",
    "MailError",
    "ServerError",
    "open_backend",
]
