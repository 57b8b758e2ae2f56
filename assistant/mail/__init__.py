"""Mail backends: Exchange over EWS (exchangelib) and the EWS emulator.

Public API (stable; other areas code against this)
---------------------------------------------------

Open the user's configured mailbox, or the demo mailbox::

    from assistant.mail import open_backend
    backend = open_backend()            # config 'account' section + OS keyring
    backend = open_backend(demo=True)   # starts (once per process) the emulator
                                        # with the demo mailbox and connects to it

``open_backend`` raises ``MailConfigError`` (no account configured / no
password in the keyring) or ``AuthError`` (server refused the credentials)
with a message meant for the user.

Run the EWS emulator yourself (tests, ``demo``, ``serve``)::

    from assistant.mail import start_emulator
    handle = start_emulator(seed="demo", port=0)  # background thread, 127.0.0.1
    handle.url        # "http://127.0.0.1:PORT/EWS/Exchange.asmx" (https with tls=True)
    handle.username, handle.password, handle.email
    handle.ca_file    # with tls=True: the certificate to trust
    handle.backend()  # an EwsBackend connected to it (context manager; close())
    handle.store      # the SQLite mailbox (assistant.mail.emulator.store.MailboxStore)
    handle.faults     # fault injection (see assistant.mail.emulator.faults)
    handle.stats      # requests served, by EWS operation; handle.requests(op) = recent bodies
    handle.stop()     # also a context manager: ``with start_emulator() as h:``

``seed`` is "demo" (the District demo mailbox), "empty", a directory of
``.eml`` files, or a callable ``seed(store)``.

The backend protocol (``assistant.mail.backend.MailBackend``)::

    backend.list_drafts() -> list[Draft]            # full drafts with id + change_key
    backend.get_draft(item_id) -> Draft
    backend.update_draft(original, new) -> Draft    # only changed fields, ChangeKey +
                                                    # NeverOverwrite; raises ConflictError
    backend.resolve_recipients(addresses) -> list[Recipient]  # names + DL sizes (EM401)
    backend.expand_group(address) -> list[Recipient]
    backend.me() -> DirectoryEntry                 # name, title, department, phone...
    backend.iter_items(folder="inbox", fields=SUMMARY_FIELDS, since=None, until=None,
                       page_size=1000) -> Iterator[MailItem]
    backend.sync_drafts(state=None) -> DraftChanges  # SyncFolderItems; .state for next call
    backend.watch_drafts(interval=5.0, stop=None) -> Iterator[DraftChanges]
    backend.send(draft) -> None                     # new mail, saved to Sent Items
    backend.send_draft(item_id) -> None             # send an existing draft
    backend.close()

EwsBackend extras: ``test()`` (sign in, count drafts), ``create_draft(draft)``,
``delete_draft(item_id)``. For EM401, put distribution-list sizes on drafts
before checking them: ``assistant.mail.drafts.with_group_sizes(backend, drafts)``
(one ResolveNames for all recipients, one ExpandDL per list).

Errors (all subclass ``MailError``): ``MailConfigError``, ``AuthError``,
``ConflictError``, ``ItemNotFoundError``, ``ServerError``.

Fixing a draft on the server: ``assistant.services.server_drafts.fix_server_draft
(backend, item_id, apply_fn, max_attempts=4)`` (re-read, re-apply, retry on
conflicts).
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
    from assistant.mail.emulator import EmulatorHandle
    from assistant.mail.ews import EwsBackend


def open_backend(config: dict[str, Any] | None = None, demo: bool = False) -> "EwsBackend":
    """The configured EWS backend (or the demo mailbox); see the module doc."""
    from assistant.mail.accounts import open_backend as _open

    return _open(config=config, demo=demo)


def start_emulator(seed: Any = "demo", port: int = 0, **options: Any) -> "EmulatorHandle":
    """Start the EWS emulator in a background thread; see the module doc."""
    from assistant.mail.emulator import start_emulator as _start

    return _start(seed=seed, port=port, **options)


__all__ = [
    "AuthError",
    "ConflictError",
    "ItemNotFoundError",
    "MailConfigError",
    "MailError",
    "ServerError",
    "open_backend",
    "start_emulator",
]
