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
from emulators.ews.server import EwsServer
from emulators.ews.store import MailboxStore

DEMO_OWNER = ("delgadom@mdusd.org", "Maria Delgado")


@dataclass
class EmulatorHandle:
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

    @property
    def stats(self) -> dict[str, int]:
        with self._server.stats_lock:
            return dict(self._server.stats)

    def requests(self, operation: str | None = None) -> list[tuple[float, str, bytes]]:
        """Recent requests as (monotonic time, operation, SOAP body), oldest first."""
        return [r for r in list(self._server.recent) if operation is None or r[1] == operation]

    def reset_stats(self) -> None:
        with self._server.stats_lock:
            self._server.stats.clear()
            self._server.recent.clear()

    def settings(self) -> Any:
        from assistant.mail.accounts import AccountSettings  # the product, imported only when asked for

        return AccountSettings(email=self.email, server=self.url, username=self.username, auth="basic",
                               ca_file=self.ca_file)

    def backend(self, password: str | None = None, **options: Any) -> Any:
        """An EwsBackend connected to this emulator (``password`` to test wrong ones)."""
        from assistant.mail.ews import EwsBackend  # exchangelib is slow to import; the server needs none of it

        return EwsBackend(self.settings(), password=self.password if password is None else password, **options)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> "EmulatorHandle":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


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
    from emulators.ews.seed import apply_seed

    if seed in ("demo", "emulators.ews.demo_week"):  # both demo mailboxes belong to the demo owner
        email, name = email or DEMO_OWNER[0], name or DEMO_OWNER[1]
    email = email or "staff@mdusd.org"
    store = MailboxStore(owner=email, owner_name=name or email, path=db_path)
    apply_seed(store, seed)
    username = username or email
    password = password or secrets.token_urlsafe(12)
    server = EwsServer(("127.0.0.1", port), store, username, password, lockout=lockout, domain=domain)
    tmp = ca_file = None
    if tls:
        import ssl
        import tempfile
        from pathlib import Path

        from emulators.ews.tls import make_certificate

        tmp = tempfile.TemporaryDirectory(prefix="ews-emulator-")
        cert, key = make_certificate(Path(tmp.name))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        ca_file = str(cert)
    thread = threading.Thread(target=server.serve_forever, name="ews-emulator", daemon=True,
                              kwargs={"poll_interval": 0.1})
    thread.start()
    scheme = "https" if tls else "http"
    url = f"{scheme}://127.0.0.1:{server.server_address[1]}/EWS/Exchange.asmx"
    return EmulatorHandle(url=url, username=username, password=password, email=email, store=store,
                          _server=server, _thread=thread, ca_file=ca_file, _tmp=tmp, domain=domain)


__all__ = ["EmulatorHandle", "LockoutPolicy", "MailboxStore", "start_emulator"]
