"""Microsoft Graph error bodies: ``{"error": {"code", "message", "innerError"}}``."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone


class GraphError(Exception):
    """An error answer: HTTP status, Graph error code and message (plus extra headers)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self, request_id: str | None = None) -> dict:
        return error_body(self.code, self.message, request_id)


def error_body(code: str, message: str, request_id: str | None = None) -> dict:
    rid = request_id or str(uuid.uuid4())
    return {"error": {"code": code, "message": message, "innerError": {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"),
        "request-id": rid, "client-request-id": rid}}}


# The codes Graph answers with for mail (Exchange Online) and directory requests.
def not_found(what: str = "The specified object was not found in the store.") -> GraphError:
    return GraphError(404, "ErrorItemNotFound", what)


def stale_etag() -> GraphError:
    return GraphError(412, "ErrorIrresolvableConflict",
                      "The send or update operation could not be performed because the change key passed in the "
                      "request does not match the current change key for the item.")


def bad_request(message: str, code: str = "BadRequest") -> GraphError:
    return GraphError(400, code, message)


def access_denied() -> GraphError:
    return GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")


def directory_denied() -> GraphError:
    return GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")


def invalid_token(message: str) -> GraphError:
    return GraphError(401, "InvalidAuthenticationToken", message,
                      {"WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/'
                                           'common/oauth2/authorize", error="invalid_token"'})
