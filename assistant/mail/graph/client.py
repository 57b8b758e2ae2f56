"""HTTP to Microsoft Graph: bearer tokens, bounded retries, Graph errors as MailErrors, ``$batch``.

Retry policy (the same promises as the EWS side's ``retry.BoundedRetry``, which is
exchangelib-specific and so not reused):
- 429 and 503 are waited out for the ``Retry-After`` the server sends (or a doubling
  back-off), each wait capped at ``max_wait`` and a run of waits at ``max_total_wait``;
  throttled requests were not executed, so this holds for writes too.
- A dropped connection or timeout is retried ``attempts`` times for idempotent calls
  only (GET, and PATCH/DELETE with If-Match); a send is never repeated blindly.
- A 401 refreshes the token once; a second 401 is an AuthError at once.
"""

from __future__ import annotations

import email.utils
import logging
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import quote

import httpx

from assistant.mail.errors import AuthError, ConflictError, ItemNotFoundError, MailError, ServerError
from assistant.mail.redact import REDACTOR

log = logging.getLogger(__name__)

MAX_BATCH = 20  # Graph's JSON batching limit
TokenSource = Callable[[bool], str]  # force_refresh -> access token


class SyncStateGone(ServerError):
    """The server no longer knows a delta token (410): start the sync again."""


class Dropped(ServerError):
    """The connection failed before an answer (the request may or may not have been applied)."""


@dataclass(frozen=True)
class Answer:
    """One answer inside a ``$batch`` (or a plain request's status and JSON)."""

    status: int
    headers: dict[str, str]
    body: Any

    def raise_for_status(self) -> None:
        if self.status >= 400:
            raise _error(self.status, self.body, self.headers)


def path_id(item_id: str) -> str:
    """An item id as one URL path segment (Graph ids may hold '=', '-' and '_')."""
    return quote(item_id, safe="")


def _error_parts(body: Any) -> tuple[str, str]:
    err = body.get("error") if isinstance(body, dict) else None
    if isinstance(err, dict):
        return str(err.get("code", "")), str(err.get("message", ""))
    return "", ""


def _error(status: int, body: Any, headers: dict[str, str]) -> MailError:
    code, message = _error_parts(body)
    text = f"{code}: {message}" if code else f"HTTP {status}"
    if status == 401:
        return AuthError(f"Microsoft 365 refused the sign-in ({text}); run `mail-assistant account test`")
    if status == 403:
        return AuthError(f"the account or app lacks the permission for this ({text})")
    if status == 404 or code in ("ErrorItemNotFound", "ErrorInvalidIdMalformed", "Request_ResourceNotFound"):
        return ItemNotFoundError(f"not found on the server ({text})")
    if status in (409, 412):
        return ConflictError(f"the item changed on the server since it was read ({text})")
    if status == 410:
        return SyncStateGone(f"the server forgot the sync state ({text})")
    if status in (429, 503):
        return ServerError(f"Microsoft 365 is too busy ({text}); try again later")
    return ServerError(f"Microsoft Graph refused the request ({text})") if status < 500 else ServerError(
        f"Microsoft Graph failed ({text})")


def retry_after(headers: Any, default: float) -> float:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    value = (headers.get("Retry-After") or headers.get("retry-after") or "").strip()
    if not value:
        return default
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return default


class GraphClient:
    def __init__(self, base_url: str, token_source: TokenSource, *, ca_file: str | None = None,
                 timeout: float = 30.0, max_wait: float = 120.0, max_total_wait: float = 300.0,
                 attempts: int = 3, retry_wait: float = 1.0, max_connections: int = 4) -> None:
        self.base_url = base_url.rstrip("/")
        self._token_source = token_source
        self._token: str | None = None
        self._token_lock = threading.Lock()
        self.max_wait, self.max_total_wait = max_wait, max_total_wait
        self.attempts, self.retry_wait = attempts, retry_wait
        verify: Any = True
        if ca_file:
            if not Path(ca_file).is_file():
                raise MailError(f"the CA file {ca_file} does not exist")
            verify = ssl.create_default_context(cafile=ca_file)
        # A few parallel connections, like the EWS side (Exchange Online allows 4 concurrent
        # requests per app and mailbox before it throttles: MailboxConcurrency).
        self._http = httpx.Client(verify=verify, timeout=timeout, headers={"Accept": "application/json"},
                                  limits=httpx.Limits(max_connections=max_connections))
        self.requests = 0  # HTTP requests sent (benchmarks)

    # -- tokens ---------------------------------------------------------------
    def _bearer(self, refresh: bool = False) -> str:
        with self._token_lock:
            if self._token is None or refresh:
                self._token = self._token_source(refresh)
                REDACTOR.add(self._token)
            return self._token

    # -- requests --------------------------------------------------------------
    def url(self, path: str) -> str:
        return path if path.startswith(("https://", "http://")) else f"{self.base_url}/{path.lstrip('/')}"

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None,
                headers: dict[str, str] | None = None, idempotent: bool = True,
                tries: list[int] | None = None) -> httpx.Response:
        """Send one request with the retry policy; returns a 2xx response or raises a MailError.
        ``tries`` (a list) gets one entry per HTTP attempt, so a caller can tell a retry happened."""
        url = self.url(path)
        refreshed = False
        spent = 0.0
        failures = 0
        delay = self.retry_wait
        while True:
            token = self._bearer()
            try:
                self.requests += 1
                if tries is not None:
                    tries.append(1)
                resp = self._http.request(method, url, params=params, json=json,
                                          headers={**(headers or {}), "Authorization": f"Bearer {token}"})
            except httpx.TransportError as exc:
                if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                    raise ServerError(f"the certificate of {url.split('/')[2]} is not trusted; if the District "
                                      "uses its own certificate authority, set its PEM file as ca_file") from None
                failures += 1
                if not idempotent:
                    raise Dropped(f"the connection to Microsoft Graph failed during {method} ({exc}); the "
                                  "request may or may not have been applied") from None
                if failures >= self.attempts:
                    raise ServerError(f"cannot reach Microsoft Graph ({type(exc).__name__}: {exc})") from None
                log.info("transient failure (%s), retry %d in %.1fs", exc, failures, delay)
                time.sleep(delay)
                delay *= 2
                continue
            if resp.status_code == 401 and not refreshed:
                refreshed = True
                self._bearer(refresh=True)
                continue
            if resp.status_code in (429, 503):
                wait = retry_after(resp.headers, delay)
                delay *= 2
                if wait > self.max_wait or spent + wait > self.max_total_wait:
                    raise _error(resp.status_code, _json(resp), dict(resp.headers))
                log.info("Graph answered %d; waiting %.1fs as asked", resp.status_code, wait)
                spent += wait
                time.sleep(wait)
                continue
            if resp.status_code >= 400:
                raise _error(resp.status_code, _json(resp), dict(resp.headers))
            return resp

    def get(self, path: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Any:
        return _json(self.request("GET", path, params=params, headers=headers))

    def pages(self, path: str, params: dict[str, Any] | None = None,
              headers: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every page of a collection, following ``@odata.nextLink`` (each page retried on its own,
        so a dropped connection resumes at the page it was on, not at the start)."""
        page = self.get(path, params, headers)
        while True:
            yield page
            link = page.get("@odata.nextLink")
            if not link:
                return
            page = self.get(link, None, headers)

    # -- JSON batching -------------------------------------------------------------------------
    def batch(self, requests: list[dict[str, Any]]) -> dict[str, Answer]:
        """Run requests (``{"id", "method", "url", ...}``, url relative to /v1.0) in ``$batch`` calls
        of 20; answers by id. Requests the server throttled inside a batch (429/503) are sent
        again after their Retry-After, within the same bounded budget."""
        answers: dict[str, Answer] = {}
        pending = list(requests)
        spent = 0.0
        while pending:
            chunk, pending = pending[:MAX_BATCH], pending[MAX_BATCH:]
            body = _json(self.request("POST", "$batch", json={"requests": chunk}))
            again, wait = [], 0.0
            by_id = {r["id"]: r for r in chunk}
            for r in body.get("responses", []):
                ans = Answer(int(r.get("status", 500)), dict(r.get("headers") or {}), r.get("body"))
                if ans.status in (429, 503) and r["id"] in by_id:
                    again.append(by_id[r["id"]])
                    wait = max(wait, retry_after(ans.headers, self.retry_wait))
                answers[r["id"]] = ans
            if again:
                if wait > self.max_wait or spent + wait > self.max_total_wait:
                    break  # the throttled answers stay in ``answers`` for the caller to report
                spent += wait
                time.sleep(wait)
                pending = again + pending
        return answers

    def close(self) -> None:
        self._http.close()


def _json(resp: httpx.Response) -> Any:
    if not resp.content:
        return None
    try:
        return resp.json()
    except ValueError:
        return None
