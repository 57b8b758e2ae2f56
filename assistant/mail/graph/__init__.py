"""Exchange Online through Microsoft Graph v1.0, behind the mail backend protocol.

    from assistant.mail.graph import GraphBackend, GraphSettings
    settings = GraphSettings(email="jdoe@mdusd.org", client_id="<app id>", tenant="mdusd.org")
    backend = GraphBackend(settings)          # MSAL sign-in (browser, or device code), cache in keyring
    backend = GraphBackend(settings, token=t) # a fixed bearer token (tests, emulator)

Everything in ``assistant.mail.backend.MailBackend`` (list_drafts, get_draft,
update_draft with If-Match -> ConflictError on 412, resolve_recipients, expand_group,
me, iter_items, sync_drafts (delta), send, send_draft, close) plus test(),
create_draft, delete_draft, get_drafts ($batch), mailbox_settings(), watch_drafts.

Modules: ``settings`` (account), ``auth`` (MSAL), ``client`` (HTTP, retries, errors,
$batch), ``convert`` (message JSON <-> Draft), ``discovery`` (is a domain on Microsoft 365?),
one module per operation group:
``drafts``, ``send``, ``items``, ``delta``, ``directory``.
Plain httpx, not msgraph-sdk: see bench/graph_client_choice.py for the figures.
"""

from __future__ import annotations

from assistant.mail.graph.auth import SCOPES, GraphSignIn
from assistant.mail.graph.backend import GraphBackend
from assistant.mail.graph.settings import GraphSettings

__all__ = ["SCOPES", "GraphBackend", "GraphSettings", "GraphSignIn"]
