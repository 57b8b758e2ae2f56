"""Mail backends: Exchange over EWS (exchangelib) and Microsoft Graph.

Public API (stable; other areas code against this)
---------------------------------------------------

Open the user's configured mailbox::

    from assistant.mail import open_backend
    backend = open_backend()            # config 'account' section + OS keyring

The section's ``kind`` picks the backend: ``EwsBackend`` (Exchange over EWS) or
``GraphBackend`` (Microsoft 365 over Graph; see ``assistant.mail.graph``).
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

EwsBackend and GraphBackend extras: ``test()`` (sign in, count drafts), ``create_draft(draft)``,
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
    from assistant.mail.backend import MailBackend


def open_backend(config: dict[str, Any] | None = None, *, interactive: bool = False,
                 flow: str = "auto") -> "MailBackend":
    """The configured backend: the config's 'account' section and its secret from the keyring.

    EWS (``kind`` "ews", or no kind): an ``EwsBackend`` with the stored password. Graph
    (``kind`` "graph"): a ``GraphBackend`` whose token MSAL refreshes from the keyring's
    cache; with ``interactive`` it may sign the user in (``flow``: auto, browser or
    device), otherwise a missing sign-in is an ``AuthError`` saying to run
    ``mail-assistant account test`` (a server or a scheduled summary never waits on a
    prompt)."""
    from assistant.mail.accounts import load_settings
    from assistant.mail.credentials import load_secret

    settings = load_settings(config)
    if settings.kind == "graph":
        from assistant.mail.graph import GraphBackend

        return GraphBackend(settings, interactive=interactive, flow=flow)  # type: ignore[arg-type]
    from assistant.mail.ews import EwsBackend  # exchangelib takes a while to import: only when connecting

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
