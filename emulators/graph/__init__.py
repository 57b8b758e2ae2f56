"""A Microsoft Graph emulator: the v1.0 mail subset and the identity endpoints, over HTTPS.

Exchange Online cannot run on a developer machine or in CI, so the tests, the
benchmarks, ``demo`` and ``emulator --kind graph`` talk to this server with the real
MSAL and HTTP clients (and Microsoft's ``msgraph-sdk``).

    from emulators.graph import start_graph_emulator
    with start_graph_emulator(seed="demo") as h:   # 127.0.0.1, random port, HTTPS
        h.url          # "https://127.0.0.1:PORT/v1.0"
        h.authority    # "https://127.0.0.1:PORT/<tenant id>" (MSAL's authority)
        h.client_id    # the registered public client
        h.token        # a valid bearer token for plain HTTP clients (every grantable scope)
        h.ca_file      # the certificate to trust (with tls=True)
        h.email, h.tenant_id, h.user_id
        h.store        # the SQLite mailbox (the EWS emulator's MailboxStore and seeds)
        h.faults       # fault injection (see emulators.graph.faults)
        h.stats        # requests by operation; h.requests(op) = (time, op, method, path, status)
        h.identity     # tokens, codes; h.approve_device_code(code); h.revoke_tokens()
        h.settings()   # assistant.mail.graph.GraphSettings for this emulator
        h.backend()    # a GraphBackend using h.token

Routes: ``/me``, ``/me/mailboxSettings``, ``/me/mailFolders[/{id}]`` (well-known names
inbox, drafts, sentitems, deleteditems, outbox, junkemail, msgfolderroot),
``/me/mailFolders/{id}/messages`` (GET with ``$select``, ``$top`` (≤ 1000), ``$skip``,
``$filter`` on dates, ``$orderby``, ``$expand``; POST creates), ``.../messages/delta``,
``/me/messages`` (POST: new draft), ``/me/messages/{id}`` (GET, PATCH and DELETE with
``If-Match``), ``/me/messages/{id}/send``, ``/me/sendMail``, ``/users/{upn}``,
``/groups?$filter=mail eq '…'``, ``/groups/{id}/transitiveMembers`` and ``/$batch``.
Delegated permissions are enforced per route as Graph does (``Mail.Send`` to send,
``User.ReadBasic.All``/``GroupMember.Read.All`` for the directory).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from emulators.ews.seed import DEMO_OWNER
from emulators.ews.store import MailboxStore
from emulators.graph.faults import Faults
from emulators.graph.identity import DEFAULT_GRANTABLE, Identity
from emulators.graph.routes import Context
from emulators.graph.server import GraphServer
from emulators.handle import ServerHandle, serve_in_background

# What the project's app registration may be granted: the backend's scopes.
GRANTABLE = (*DEFAULT_GRANTABLE, "Mail.Send")
DIRECTORY_SCOPES = ("User.ReadBasic.All", "GroupMember.Read.All")
MAILBOX_SETTINGS = {
    "archiveFolder": None, "timeZone": "Pacific Standard Time", "dateFormat": "M/d/yyyy", "timeFormat": "h:mm tt",
    "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly", "userPurpose": "user",
    "automaticRepliesSetting": {"status": "disabled", "externalAudience": "all", "internalReplyMessage": "",
                                "externalReplyMessage": ""},
    "language": {"locale": "en-US", "displayName": "English (United States)"},
    "workingHours": {"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                     "startTime": "07:30:00.0000000", "endTime": "15:30:00.0000000",
                     "timeZone": {"name": "Pacific Standard Time"}},
}


@dataclass
class GraphEmulatorHandle(ServerHandle[tuple[float, str, str, str, int]]):
    """A running Graph emulator; ``requests(op)`` gives (monotonic server time, operation,
    method, path, status) of Graph requests."""

    url: str
    authority: str
    client_id: str
    token: str
    email: str
    store: MailboxStore
    identity: Identity
    _server: GraphServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    ca_file: str | None = None
    _tmp: Any = field(default=None, repr=False)

    @property
    def tenant_id(self) -> str:
        return self.identity.tenant_id

    @property
    def user_id(self) -> str:
        return self.identity.user_id

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def faults(self) -> Faults:
        return self._server.faults

    def describe(self) -> dict[str, str]:
        """What ``mail-assistant emulator --kind graph`` prints (one JSON line)."""
        return {"kind": "graph", "url": self.url, "token": self.token, "authority": self.authority,
                "client_id": self.client_id}

    def approve_device_code(self, user_code: str) -> bool:
        return self.identity.approve_device_code(user_code)

    def revoke_tokens(self) -> None:
        """Invalidate every access token (``token`` included); refresh tokens keep working."""
        self.identity.revoke_access_tokens()

    def graph_id(self, store_id: str) -> str:
        from emulators.graph.messages import graph_id

        return graph_id(store_id)

    def store_id(self, graph_id: str) -> str:
        from emulators.graph.messages import store_id

        return store_id(graph_id)

    def settings(self) -> Any:
        from assistant.mail.graph import GraphSettings

        return GraphSettings(email=self.email, client_id=self.client_id, tenant=self.tenant_id,
                             graph_url=self.url, login_url=self.base_url, ca_file=self.ca_file)

    def backend(self, **options: Any) -> Any:
        """A GraphBackend connected with ``token`` (no sign-in; see GraphBackend for MSAL)."""
        from assistant.mail.graph import GraphBackend

        options.setdefault("token", self.token)
        return GraphBackend(self.settings(), **options)


def start_graph_emulator(
    seed: str | Callable[[MailboxStore], Any] | None = "demo",
    port: int = 0,
    *,
    tls: bool = True,
    email: str | None = None,
    name: str | None = None,
    db_path: str = ":memory:",
    scopes: tuple[str, ...] = GRANTABLE,
    token_lifetime: int = 3600,
    device_interval: int = 5,
    client_id: str | None = None,
    tenant_id: str | None = None,
) -> GraphEmulatorHandle:
    """Start the emulator on 127.0.0.1 in a daemon thread.

    ``seed``: "demo" (the District demo mailbox, as the EWS emulator's), "empty", a directory
    of ``.eml`` files, "module[:function]" or a callable ``seed(store)``. ``scopes``: the
    delegated permissions the app may be granted (add ``DIRECTORY_SCOPES`` to let clients read
    the directory). ``token_lifetime`` (seconds) of access tokens; ``device_interval`` is the
    polling interval the device-code endpoint asks for."""
    from emulators.ews.seed import seeded_mailbox

    store, email, name = seeded_mailbox(seed, email, name, db_path)
    ident = Identity(user_email=email, user_name=name or email, grantable=tuple(scopes),
                     token_lifetime=token_lifetime, device_interval=device_interval)
    if client_id:
        ident.client_id = client_id
    if tenant_id:
        ident.tenant_id = tenant_id
    ctx = Context(store=store, faults=Faults(), user_id=ident.user_id, mailbox_settings=dict(MAILBOX_SETTINGS))
    server = GraphServer(("127.0.0.1", port), ctx, ident)
    tmp = ca_file = None
    if tls:
        from emulators.tls import serve_tls  # cryptography only when asked for

        tmp, ca_file = serve_tls(server, "graph-emulator-")
    base = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    server.base_url = ident.base_url = base
    token, _ = ident.mint(tuple(scopes), lifetime=10 * 365 * 86400)
    thread = serve_in_background(server, "graph-emulator")
    return GraphEmulatorHandle(url=f"{base}/v1.0", authority=f"{base}/{ident.tenant_id}", client_id=ident.client_id,
                               token=token, email=email, store=store, identity=ident, _server=server,
                               _thread=thread, ca_file=ca_file, _tmp=tmp)


__all__ = ["DEMO_OWNER", "DIRECTORY_SCOPES", "GRANTABLE", "GraphEmulatorHandle", "start_graph_emulator"]
