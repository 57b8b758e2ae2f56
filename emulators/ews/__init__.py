"""An EWS emulator: real EWS SOAP over HTTP, a SQLite mailbox, fault injection.

No Exchange server can run on a developer machine or in CI, so the tests, the
benchmarks and ``demo`` talk to this server with the real exchangelib client.

Supported operations (one module each in ``ops/``): ConvertId (EwsId, EntryId,
HexEntryId; the answer names the id's mailbox), GetFolder, FindFolder, FindItem
(IndexedPageItemView paging, Restriction, SortOrder), GetItem, CreateItem (SaveOnly,
SendOnly, SendAndSaveCopy; MimeContent), UpdateItem (ChangeKey + ConflictResolution),
DeleteItem, SendItem, ResolveNames (with contact data), ExpandDL, SyncFolderItems.
Extended (MAPI) properties work in shapes, restrictions, sort orders and updates
(``extended``); items carry MimeContent both ways (``mime``). The mailbox has the
standard folders, Calendar, Contacts and Tasks included.

Besides exchangelib, DavMail's IMAP gateway (an independent EWS client) runs against
it (tests/mail/test_davmail.py).

Basic auth (the UPN or ``DOMAIN\\user``) is checked from the headers before a body is
read, and failed logons lock the account and the client address out as Active Directory does (see
``lockout``): ``start_emulator(lockout=LockoutPolicy(...))``, ``handle.lockout``.
Faults are injected through ``handle.faults`` (see ``faults``).

Use::

    from emulators.ews import start_emulator
    handle = start_emulator(seed="demo", port=0)  # background thread, 127.0.0.1
    handle.url        # "http://127.0.0.1:PORT/EWS/Exchange.asmx" (https with tls=True)
    handle.username, handle.password, handle.email
    handle.ca_file    # with tls=True: the certificate to trust
    handle.backend()  # an EwsBackend connected to it (context manager; close())
    handle.store      # the SQLite mailbox (emulators.ews.store.MailboxStore)
    handle.faults     # fault injection (see emulators.ews.faults)
    handle.lockout    # failed-logon tracker (see emulators.ews.lockout)
    handle.stats      # requests served, by EWS operation; handle.requests(op) = recent bodies
    handle.stop()     # also a context manager: ``with start_emulator() as h:``

``seed`` is "demo" (the District demo mailbox in ``demo/``), "empty", a
directory of ``.eml`` files, "module[:function]", or a callable ``seed(store)``.

The emulator depends on the product (``handle.backend()`` builds an
``assistant.mail.ews.EwsBackend``); the product never imports the emulator
outside ``demo``, ``serve --demo``, ``drafts --demo`` and ``emulator``.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from emulators.ews.faults import Faults
from emulators.ews.lockout import Lockout, LockoutPolicy
from emulators.ews.seed import DEMO_OWNER
from emulators.ews.server import EwsServer
from emulators.ews.store import MailboxStore
from emulators.handle import ServerHandle, serve_in_background


@dataclass
class EmulatorHandle(ServerHandle[tuple[float, str, bytes]]):
    """A running EWS emulator; ``requests(op)`` gives (monotonic time, operation, SOAP body)."""

    url: str
    username: str
    password: str
    email: str
    store: MailboxStore
    _server: EwsServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    ca_file: str | None = None  # with tls=True: the certificate to trust
    _tmp: Any = field(default=None, repr=False)
    domain: str = "MDUSD"  # NetBIOS domain of the account: DOMAIN\\user logons

    @property
    def domain_login(self) -> str:
        """``DOMAIN\\user``: the down-level logon name of the mailbox's account."""
        return f"{self.domain}\\{self.username.rpartition(chr(92))[2].partition('@')[0]}"

    @property
    def faults(self) -> Faults:
        return self._server.faults

    @property
    def lockout(self) -> Lockout:
        """The live failed-logon tracker (``reset()`` unlocks everything)."""
        return self._server.lockout

    def settings(self) -> Any:
        from assistant.mail.accounts import AccountSettings  # the product, imported only when asked for

        return AccountSettings(email=self.email, server=self.url, username=self.username, auth="basic",
                               ca_file=self.ca_file)

    def backend(self, password: str | None = None, **options: Any) -> Any:
        """An EwsBackend connected to this emulator (``password`` to test wrong ones)."""
        from assistant.mail.ews import EwsBackend  # exchangelib is slow to import; the server needs none of it

        return EwsBackend(self.settings(), password=self.password if password is None else password, **options)


def start_emulator(
    seed: str | Callable[[MailboxStore], Any] | None = "demo",
    port: int = 0,
    *,
    email: str | None = None,
    name: str | None = None,
    username: str | None = None,
    password: str | None = None,
    db_path: str = ":memory:",
    tls: bool = False,
    lockout: LockoutPolicy | None = None,
    domain: str = "MDUSD",
) -> EmulatorHandle:
    """Start the emulator on 127.0.0.1 in a daemon thread; see the module doc.

    ``domain`` is the account's NetBIOS domain: Basic logons as ``DOMAIN\\user`` (or the DNS
    domain, the bare user name, the UPN) are the same account.
    ``lockout`` sets the failed-logon policy (default: ``LockoutPolicy()``, AD's
    baseline; ``LockoutPolicy(threshold=0, address_threshold=0)`` turns it off)."""
    from emulators.ews.seed import seeded_mailbox

    # Both demo mailboxes belong to the demo owner.
    store, email, name = seeded_mailbox(seed, email, name, db_path, demo_seeds=("demo", "emulators.ews.demo_week"))
    username = username or email
    password = password or secrets.token_urlsafe(12)
    server = EwsServer(("127.0.0.1", port), store, username, password, lockout=lockout, domain=domain)
    tmp = ca_file = None
    if tls:
        from emulators.tls import serve_tls  # cryptography only when asked for

        tmp, ca_file = serve_tls(server, "ews-emulator-")
    thread = serve_in_background(server, "ews-emulator")
    scheme = "https" if tls else "http"
    url = f"{scheme}://127.0.0.1:{server.server_address[1]}/EWS/Exchange.asmx"
    return EmulatorHandle(url=url, username=username, password=password, email=email, store=store,
                          _server=server, _thread=thread, ca_file=ca_file, _tmp=tmp, domain=domain)


__all__ = ["DEMO_OWNER", "EmulatorHandle", "LockoutPolicy", "MailboxStore", "start_emulator"]
