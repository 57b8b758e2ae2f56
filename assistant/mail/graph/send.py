"""Sending: a new message (sendMail) or a stored draft (/send)."""

from __future__ import annotations

from assistant.core.model import Draft
from assistant.mail.errors import ConflictError
from assistant.mail.graph.client import GraphClient, path_id
from assistant.mail.graph.convert import message_json


def send(client: GraphClient, draft: Draft) -> None:
    # Not retried on a dropped connection: the mail may have gone out.
    client.request("POST", "me/sendMail", json={"message": message_json(draft), "saveToSentItems": True},
                   idempotent=False)


def send_draft(client: GraphClient, item_id: str, change_key: str | None = None) -> None:
    """Send a stored draft. With ``change_key`` (the ETag the user saw) a draft changed since
    is refused with ConflictError. Graph's /send takes no If-Match, so the version is checked
    just before sending; an edit in the few milliseconds between the two is not caught."""
    if change_key:
        current = client.get(f"me/messages/{path_id(item_id)}", {"$select": "id"})
        if current.get("@odata.etag") != change_key:
            raise ConflictError("the draft changed on the server since it was read; review it and send again")
    client.request("POST", f"me/messages/{path_id(item_id)}/send", idempotent=False)
