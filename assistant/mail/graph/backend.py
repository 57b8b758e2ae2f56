"""The Microsoft Graph backend: Exchange Online behind the same protocol as EWS."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Callable, Iterator, Sequence

from assistant.core.model import Draft, Recipient
from assistant.mail.backend import SUMMARY_FIELDS, DirectoryEntry, DraftChanges, MailItem
from assistant.mail.graph import delta, directory, drafts, items, send
from assistant.mail.graph.auth import GraphSignIn
from assistant.mail.graph.client import GraphClient
from assistant.mail.graph.settings import GraphSettings


class GraphBackend:
    """One account on Microsoft Graph. Safe to share between threads (httpx's client pools
    connections; the token is refreshed under a lock)."""

    thread_safe = True

    def __init__(
        self,
        settings: GraphSettings,
        *,
        token: str | None = None,
        sign_in: GraphSignIn | None = None,
        flow: str = "auto",
        interactive: bool = True,
        prompt: Callable[[dict[str, Any]], None] | None = None,
        max_wait: float = 120.0,
        max_total_wait: float = 300.0,
        timeout: float = 30.0,
        retry_wait: float = 1.0,
        attempts: int = 3,
    ) -> None:
        """``token``: a fixed bearer token (tests, the emulator); otherwise MSAL signs in
        (``sign_in``, or one built from ``flow``: "auto" = browser when there is a display,
        else device code; ``prompt(flow)`` shows the device code) and refreshes silently
        from the keyring cache. ``interactive=False`` fails instead of asking the user."""
        self.settings = settings
        if token is not None:
            source: Callable[[bool], str] = lambda refresh: token  # noqa: E731
            self.sign_in = None
        else:
            extra = {"prompt": prompt} if prompt else {}
            self.sign_in = sign_in or GraphSignIn(settings, flow=flow, **extra)
            source = lambda refresh: self.sign_in.token(force_refresh=refresh, interactive=interactive)  # noqa: E731
        self.client = GraphClient(settings.graph_url, source, ca_file=settings.ca_file, timeout=timeout,
                                  max_wait=max_wait, max_total_wait=max_total_wait, attempts=attempts,
                                  retry_wait=retry_wait)

    # -- connection test ---------------------------------------------------------
    def test(self) -> dict[str, Any]:
        """Sign in and read the Drafts folder; returns what was found."""
        folder = self.client.get("me/mailFolders/drafts", {"$select": "totalItemCount"})
        return {"email": self.settings.email, "server": self.settings.graph_url, "version": "Graph v1.0",
                "drafts": folder.get("totalItemCount", 0)}

    # -- drafts ------------------------------------------------------------------
    def list_drafts(self) -> list[Draft]:
        return drafts.list_drafts(self.client)

    def get_draft(self, item_id: str) -> Draft:
        return drafts.get_draft(self.client, item_id)

    def update_draft(self, original: Draft, new: Draft) -> Draft:
        return drafts.update_draft(self.client, original, new)

    def create_draft(self, draft: Draft) -> Draft:
        return drafts.create_draft(self.client, draft)

    def delete_draft(self, item_id: str, change_key: str | None = None) -> None:
        drafts.delete_draft(self.client, item_id, change_key)

    def get_drafts(self, item_ids: Sequence[str]) -> dict[str, Draft]:
        """Several drafts in ``$batch`` calls of 20 (missing ones left out)."""
        return delta.fetch_drafts(self.client, list(item_ids))

    # -- sending ---------------------------------------------------------------------
    def send(self, draft: Draft) -> None:
        send.send(self.client, draft)

    def send_draft(self, item_id: str, change_key: str | None = None) -> None:
        send.send_draft(self.client, item_id, change_key)

    # -- directory ---------------------------------------------------------------------
    def me(self) -> DirectoryEntry:
        return directory.me(self.client, self.settings.email)

    def resolve_recipients(self, recipients: Sequence[Recipient | str]) -> list[Recipient]:
        return directory.resolve_recipients(self.client, recipients)

    def expand_group(self, address: str) -> list[Recipient]:
        return directory.expand_group(self.client, address)

    def mailbox_settings(self) -> dict[str, Any]:
        return self.client.get("me/mailboxSettings")

    # -- folders -----------------------------------------------------------------------
    def iter_items(self, folder: str = "inbox", fields: Sequence[str] = SUMMARY_FIELDS,
                   since: datetime | None = None, until: datetime | None = None,
                   page_size: int = items.MAX_PAGE) -> Iterator[MailItem]:
        return items.iter_items(self.client, folder, fields, since, until, page_size)

    def sync_drafts(self, state: str | None = None) -> DraftChanges:
        return delta.sync_drafts(self.client, state)

    def watch_drafts(self, interval: float = 5.0, stop: threading.Event | None = None,
                     state: str | None = None) -> Iterator[DraftChanges]:
        """Poll the drafts delta; yields non-empty change sets until ``stop`` is set."""
        stop = stop or threading.Event()
        while not stop.is_set():
            changes = self.sync_drafts(state)
            state = changes.state
            if not changes.empty:
                yield changes
            stop.wait(interval)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "GraphBackend":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
