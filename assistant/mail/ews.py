"""The EWS backend: exchangelib against Exchange (or the emulator).

Connection policy: bounded retries (throttling waited out as the server asks,
a wrong password fails at once), small pages of only the needed fields for
lists, ChangeKey + NeverOverwrite for every draft update.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, TypeVar
from urllib.parse import urlsplit

import requests.adapters
import requests.exceptions
from exchangelib import (
    BASIC,
    DELEGATE,
    NTLM,
    OAUTH2,
    Account,
    Configuration,
    Credentials,
    EWSDateTime,
    EWSTimeZone,
    Message,
    OAuth2AuthorizationCodeCredentials,
    Q,
)
from exchangelib import errors as ex
from exchangelib.fields import FieldPath
from exchangelib.folders import SHALLOW
from exchangelib.items import NEVER_OVERWRITE
from exchangelib.items import ID_ONLY
from exchangelib.protocol import BaseProtocol
from exchangelib.restriction import Restriction

from assistant.core.model import Draft, Recipient
from assistant.mail.accounts import AccountSettings
from assistant.mail.backend import ITEM_FIELDS, SUMMARY_FIELDS, DirectoryEntry, DraftChanges, MailItem
from assistant.mail.convert import DRAFT_FIELDS, changed_fields, item_to_draft, mailboxes, body_of, recipient
from assistant.mail.errors import AuthError, ConflictError, ItemNotFoundError, MailError, ServerError
from assistant.mail.exchangelib_internals import ListViewFindItem, forget_protocol
from assistant.mail.redact import REDACTOR
from assistant.mail.retry import BoundedRetry

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_PAGE = 1000  # Exchange's default EWSFindCountLimit
# Parallel HTTP sessions to the server, so the companion can serve several UI
# requests at once. Exchange allows 27 concurrent EWS connections per user by
# default (EWSMaxConcurrency); 4 leaves room for Outlook and phones.
MAX_CONNECTIONS = 4
# Network failures we retry ourselves for idempotent calls (exchangelib gives up on a
# dropped connection when it has a single session).
_TRANSIENT = (ex.ErrorTimeoutExpired, requests.exceptions.ConnectionError, requests.exceptions.Timeout)
_NOT_FOUND = (ex.ErrorItemNotFound, ex.ErrorInvalidIdMalformed, ex.ErrorFolderNotFound, ex.ErrorInvalidId)
_FOLDERS = {"inbox": "inbox", "drafts": "drafts", "sent": "sent", "sentitems": "sent", "sent items": "sent",
            "deleted": "trash", "deleteditems": "trash", "junk": "junk", "outbox": "outbox"}
_ITEM_FIELD_NAMES = {"to_count": "display_to", "cc_count": "display_cc"}


class _Interrupted(Exception):
    """A transient failure inside a resumable operation (internal)."""


# Per-server CA bundles (AccountSettings.ca_file), through exchangelib's documented
# seam for custom TLS validation: BaseProtocol.HTTP_ADAPTER_CLS, a requests
# HTTPAdapter subclass (docs: "Proxies and custom TLS validation"). The class is
# process-wide, so the adapter looks the server up here; servers not listed verify
# against the system trust store as before.
_CA_FILES: dict[str, str] = {}


class _CaAwareAdapter(requests.adapters.HTTPAdapter):
    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # type: ignore[no-untyped-def]
        # verify may already be a path (REQUESTS_CA_BUNDLE); only False means "off".
        if verify is not False:
            verify = _CA_FILES.get(urlsplit(request.url).netloc.lower(), verify)
        return super().send(request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies)


def _trust(server: str, ca_file: str) -> None:
    if not Path(ca_file).is_file():
        raise MailError(f"the CA file {ca_file} does not exist")
    _CA_FILES[urlsplit(server).netloc.lower()] = ca_file
    if BaseProtocol.HTTP_ADAPTER_CLS is requests.adapters.HTTPAdapter:
        BaseProtocol.HTTP_ADAPTER_CLS = _CaAwareAdapter


class EwsBackend:
    # One instance may be used from several threads at once: exchangelib's
    # Account caches folders with thread-safe cached properties and its
    # Protocol hands each call a session from a locked pool (MAX_CONNECTIONS);
    # our own state (the Account, created once) is guarded by self._lock.
    thread_safe = True

    def __init__(
        self,
        settings: AccountSettings,
        password: str | None = None,
        *,
        token: dict[str, Any] | None = None,
        max_wait: float = 120.0,
        max_total_wait: float = 300.0,
        timeout: float = 30.0,
        retry_wait: float = 1.0,
        attempts: int = 3,
    ) -> None:
        self.settings = settings
        self._attempts = attempts
        self._retry_wait = retry_wait
        if settings.auth == "oauth":
            if token is None:
                from assistant.mail.oauth import acquire_token

                token = acquire_token(settings.email, settings.client_id or "", settings.tenant)
            REDACTOR.add(str(token.get("access_token", "")))
            credentials: Any = OAuth2AuthorizationCodeCredentials(
                client_id=settings.client_id, access_token=token
            )
            auth_type = OAUTH2
        else:
            if not password:
                raise AuthError(f"no password given for {settings.email}")
            REDACTOR.add(password, settings.login)
            credentials = Credentials(settings.login, password)
            auth_type = BASIC if settings.auth == "basic" else NTLM
        self._trusted = bool(settings.ca_file and settings.server)
        if settings.ca_file and settings.server:
            _trust(settings.server, settings.ca_file)
        self._config = Configuration(
            service_endpoint=settings.server,
            server=None,
            credentials=credentials,
            auth_type=auth_type if settings.server else None,
            retry_policy=BoundedRetry(max_wait=max_wait, max_total=max_total_wait),
            max_connections=MAX_CONNECTIONS,
        )
        self._timeout = timeout
        self._lock = threading.RLock()
        self._account: Account | None = None

    # -- plumbing ------------------------------------------------------------
    @property
    def account(self) -> Account:
        with self._lock:
            if self._account is None:
                self._account = self._guard(self._connect, idempotent=True)
            return self._account

    def _connect(self) -> Account:
        account = Account(
            primary_smtp_address=self.settings.email,
            config=self._config,
            autodiscover=not self.settings.server,
            access_type=DELEGATE,
            default_timezone=EWSTimeZone("UTC"),
        )
        # Per-instance overrides of exchangelib's class defaults (10 s first retry
        # wait, 120 s socket timeout) so outages are retried promptly and bounded.
        account.protocol.RETRY_WAIT = self._retry_wait
        account.protocol.TIMEOUT = self._timeout
        account.protocol.version  # the version probe, so credentials are checked now
        return account

    def _guard(self, fn: Callable[[], T], *, idempotent: bool, resumable: bool = False) -> T:
        delay = self._retry_wait
        for attempt in range(1, self._attempts + 1):
            try:
                return fn()
            except ex.UnauthorizedError:
                raise AuthError(
                    f"the mail server refused the user name or password for {self.settings.login}"
                ) from None
            except (ex.ErrorIrresolvableConflict, ex.ErrorStaleObject) as exc:
                raise ConflictError(str(exc)) from None
            except _NOT_FOUND as exc:
                raise ItemNotFoundError(f"not found on the server: {exc}") from None
            except ex.RateLimitError as exc:
                raise ServerError(f"the mail server is too busy ({exc}); try again later") from None
            except ex.AutoDiscoverFailed as exc:
                raise ServerError(
                    f"could not find the Exchange server for {self.settings.email} (autodiscover): {exc}; "
                    "set the server URL with `mail-assistant account add --server URL`"
                ) from None
            except (_TRANSIENT + (ex.TransportError,)) as exc:
                if isinstance(exc, ex.ResponseMessageError) and not isinstance(exc, _TRANSIENT):
                    raise ServerError(f"{type(exc).__name__}: {exc}") from None
                if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSLError" in str(exc):
                    raise ServerError(
                        f"the mail server's certificate is not trusted ({self._where()}); if the District uses "
                        "its own certificate authority, set its PEM file as the account's ca_file"
                    ) from None
                if resumable:
                    raise _Interrupted(str(exc)) from None
                if not idempotent or attempt == self._attempts:
                    raise ServerError(self._unreachable(exc)) from None
                log.info("transient failure (%s), retry %d in %.1fs", exc, attempt, delay)
                time.sleep(delay)
                delay *= 2
            except ex.EWSError as exc:
                raise ServerError(f"{type(exc).__name__}: {exc}") from None
        raise AssertionError("unreachable")

    def _where(self) -> str:
        return self.settings.server or f"(autodiscover for {self.settings.email})"

    def _unreachable(self, exc: BaseException) -> str:
        """What a network failure means for the user, not exchangelib's wrapped text
        ("No valid version headers found in response (ErrorTimeoutExpired('Reraised…")."""
        text = f"{type(exc).__name__} {exc}"
        # Refused first: exchangelib reports a refused probe as ErrorTimeoutExpired too.
        if "refused" in text.lower():
            why = "connection refused: is the address and port right?"
        elif any(k in text for k in ("timed out", "Timeout", "ErrorTimeoutExpired")):
            why = f"timed out after {self._timeout:g} s"
        elif any(k in text for k in ("Name or service not known", "getaddrinfo", "NameResolution", "nodename nor servname")):
            why = "the server name was not found: check the URL and your network"
        else:
            why = "network error"
        return f"cannot reach {self._where()} ({why}); check the server URL with `mail-assistant account show`"

    def _folder(self, name: str) -> Any:
        attr = _FOLDERS.get(name.strip().lower())
        if attr is None:
            raise MailError(f"unknown folder {name!r}; use one of {', '.join(sorted(_FOLDERS))}")
        return getattr(self.account, attr)

    def close(self) -> None:
        with self._lock:
            if self._trusted and self.settings.server:
                _CA_FILES.pop(urlsplit(self.settings.server).netloc.lower(), None)
                self._trusted = False
            if self._account is not None:
                self._account.protocol.close()
                forget_protocol(self._config)
                self._account = None

    def __enter__(self) -> "EwsBackend":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- connection test ---------------------------------------------------
    def test(self) -> dict[str, Any]:
        """Sign in and read the Drafts folder; returns what was found."""

        def run() -> dict[str, Any]:
            drafts = self.account.drafts
            return {"email": self.settings.email, "server": str(self.account.protocol.service_endpoint),
                    "version": str(self.account.version.api_version), "drafts": drafts.total_count}

        return self._guard(run, idempotent=True)

    # -- drafts ----------------------------------------------------------------
    def list_drafts(self) -> list[Draft]:
        def run() -> list[Draft]:
            qs = self.account.drafts.all().only(*DRAFT_FIELDS).order_by("-last_modified_time")
            qs.page_size = MAX_PAGE
            return [item_to_draft(i) for i in qs if not isinstance(i, Exception)]

        return self._guard(run, idempotent=True)

    def get_draft(self, item_id: str) -> Draft:
        def run() -> Draft:
            items = list(self.account.fetch(ids=[(item_id, None)], only_fields=_field_paths(DRAFT_FIELDS)))
            item = items[0] if items else None
            if isinstance(item, Exception):
                raise item
            if item is None:
                raise ex.ErrorItemNotFound(item_id)
            return item_to_draft(item)

        return self._guard(run, idempotent=True)

    def update_draft(self, original: Draft, new: Draft) -> Draft:
        """Write what differs between ``original`` (as read, with its ChangeKey) and ``new``.

        Raises ConflictError when the draft changed on the server meanwhile.
        Retrying after a lost response is safe: the stale ChangeKey then
        conflicts instead of writing twice. Such a conflict after a lost answer
        is resolved by re-reading: if the server holds exactly what we wrote,
        the write landed and its new ChangeKey is returned; otherwise the
        ConflictError says ``maybe_written``.
        """
        if not original.id or not original.change_key:
            raise MailError("the draft has no server id/ChangeKey; read it with get_draft first")
        fields = changed_fields(original, new)
        if not fields:
            return original
        tries = 0

        def run() -> Draft:
            nonlocal tries
            tries += 1
            msg = Message(account=self.account, folder=self.account.drafts, id=original.id,
                          changekey=original.change_key, **fields)
            msg.save(update_fields=list(fields), conflict_resolution=NEVER_OVERWRITE)
            return new.replace(id=msg.id, change_key=msg.changekey)

        try:
            return self._guard(run, idempotent=True)
        except ConflictError as exc:
            if tries < 2:
                raise
            current = self.get_draft(original.id)
            if not changed_fields(current, new):
                log.info("update of %s: the answer was lost but the write landed", original.id)
                return new.replace(id=current.id, change_key=current.change_key)
            raise ConflictError(str(exc), maybe_written=True) from None

    def create_draft(self, draft: Draft) -> Draft:
        def run() -> Draft:
            msg = Message(account=self.account, folder=self.account.drafts, subject=draft.subject,
                          body=body_of(draft), to_recipients=mailboxes(draft.to) or None,
                          cc_recipients=mailboxes(draft.cc) or None, bcc_recipients=mailboxes(draft.bcc) or None)
            msg.save()
            return draft.replace(id=msg.id, change_key=msg.changekey)

        return self._guard(run, idempotent=False)

    def delete_draft(self, item_id: str) -> None:
        def run() -> None:
            Message(account=self.account, id=item_id, changekey=None).delete()

        self._guard(run, idempotent=True)

    # -- sending -----------------------------------------------------------
    def send(self, draft: Draft) -> None:
        # Not retried on a dropped connection: the mail may have gone out.
        def run() -> None:
            msg = Message(account=self.account, folder=self.account.sent, subject=draft.subject,
                          body=body_of(draft), to_recipients=mailboxes(draft.to) or None,
                          cc_recipients=mailboxes(draft.cc) or None, bcc_recipients=mailboxes(draft.bcc) or None)
            msg.send(save_copy=True, copy_to_folder=self.account.sent)

        self._guard(run, idempotent=False)

    def send_draft(self, item_id: str, change_key: str | None = None) -> None:
        """Send a stored draft. With ``change_key`` the server refuses (ConflictError)
        when the draft changed since that version; without it, the current one is sent."""

        def run() -> None:
            key = change_key or self.get_draft(item_id).change_key
            Message(account=self.account, folder=self.account.drafts, id=item_id,
                    changekey=key).send(save_copy=True, copy_to_folder=self.account.sent)

        self._guard(run, idempotent=False)

    # -- directory ---------------------------------------------------------
    def me(self) -> DirectoryEntry:
        def run() -> DirectoryEntry:
            found = self.account.protocol.resolve_names([self.settings.email], return_full_contact_data=True)
            for entry in found:
                if isinstance(entry, Exception):
                    continue
                mailbox, contact = entry
                if mailbox is None or (mailbox.email_address or "").lower() != self.settings.email.lower():
                    continue
                phones = {p.label: p.phone_number for p in (contact.phone_numbers or [])} if contact else {}
                return DirectoryEntry(
                    email=mailbox.email_address,
                    name=(contact.display_name if contact else None) or mailbox.name or "",
                    title=(contact.job_title if contact else None) or "",
                    department=(contact.department if contact else None) or "",
                    company=(contact.company_name if contact else None) or "",
                    office=(contact.office if contact else None) or "",
                    phone=phones.get("BusinessPhone") or "",
                    mobile=phones.get("MobilePhone") or "",
                )
            return DirectoryEntry(email=self.settings.email)

        return self._guard(run, idempotent=True)

    def expand_group(self, address: str) -> list[Recipient]:
        def run() -> list[Recipient]:
            try:
                members = self.account.protocol.expand_dl(address)
            except ex.ErrorNameResolutionNoResults:
                return []
            return [r for r in (recipient(m) for m in members) if r is not None]

        return self._guard(run, idempotent=True)

    def resolve_recipients(self, recipients: Sequence[Recipient | str]) -> list[Recipient]:
        """Names from the directory, and distribution lists with their expanded size
        (nested lists counted once per member)."""
        wanted = [Recipient(address=r) if isinstance(r, str) else r for r in recipients]
        if not wanted:
            return []

        def run() -> list[Recipient]:
            resolved = self.account.protocol.resolve_names([r.address for r in wanted])
            out = []
            for r, mb in zip(wanted, resolved):
                if isinstance(mb, Exception) or mb is None:
                    out.append(r)
                    continue
                if (mb.email_address or "").lower() != r.address.lower():
                    out.append(r)  # ambiguous or a different entry: keep what the user wrote
                    continue
                size = self._group_size(mb.email_address) if mb.mailbox_type in ("PublicDL", "PrivateDL") else None
                out.append(Recipient(address=r.address, name=r.name or mb.name or "", group_size=size))
            return out

        return self._guard(run, idempotent=True)

    def _group_size(self, address: str, depth: int = 0, seen: set[str] | None = None) -> int:
        seen = set() if seen is None else seen
        seen.add(address.lower())
        count = 0
        try:
            members = self.account.protocol.expand_dl(address)
        except ex.ErrorNameResolutionNoResults:
            return 0
        for m in members:
            addr = (m.email_address or "").lower()
            if m.mailbox_type in ("PublicDL", "PrivateDL") and depth < 5:
                if addr not in seen:
                    count += self._group_size(addr, depth + 1, seen)
            elif addr and addr not in seen:
                seen.add(addr)
                count += 1
        return count

    # -- folder listing and change tracking (the MailBackend protocol) ------------
    # The weekly summary scans through ews_sync (resumable SyncFolderItems pages);
    # these are the general-purpose reads: a folder's list view in pages, and
    # SyncFolderItems on Drafts.
    def iter_items(
        self,
        folder: str = "inbox",
        fields: Sequence[str] = SUMMARY_FIELDS,
        since: datetime | None = None,
        until: datetime | None = None,
        page_size: int = MAX_PAGE,
    ) -> Iterator[MailItem]:
        """Every item of a folder, newest first, in pages of ``page_size`` (≤ 1,000),
        each page one FindItem request returning only ``fields``.

        ``to_count``/``cc_count`` come from DisplayTo/DisplayCc, which FindItem
        can return (the recipient lists themselves would need a GetItem per page).
        """
        unknown = set(fields) - ITEM_FIELDS
        if unknown:
            raise MailError(f"unknown item field(s): {', '.join(sorted(unknown))}")
        if not 1 <= page_size <= MAX_PAGE:
            raise MailError(f"page_size must be between 1 and {MAX_PAGE}")
        names = sorted({_ITEM_FIELD_NAMES.get(f, f) for f in fields})
        paths = _field_paths(names)
        q = Q()
        if since is not None:
            q &= Q(datetime_received__gte=_ews_dt(since))
        if until is not None:
            q &= Q(datetime_received__lt=_ews_dt(until))
        target = self._guard(lambda: self._folder(folder), idempotent=True)
        # exchangelib's FindItem service with list-view parsing (see exchangelib_internals):
        # its query layer would add a GetItem per 100 items for Sender and DisplayTo/DisplayCc,
        # although Exchange returns them in list views.
        restriction = None if q.is_empty() else Restriction(q, folders=[target], applies_to=Restriction.ITEMS)

        def pages(offset: int) -> Iterator[Any]:
            return ListViewFindItem(account=self.account, page_size=page_size).call(
                folders=[target], additional_fields=paths, restriction=restriction, order_fields=None,
                shape=ID_ONLY, query_string=None, depth=SHALLOW, calendar_view=None, max_items=None, offset=offset,
            )

        wanted = set(fields)
        done, interruptions, delay = 0, 0, self._retry_wait
        items = pages(0)
        while True:
            try:
                row = self._guard(lambda: next(items), idempotent=False, resumable=True)
            except StopIteration:
                return
            except _Interrupted as exc:
                # A dropped connection mid-scan: carry on from the next unread offset
                # instead of starting a 50,000-item scan again.
                interruptions += 1
                if interruptions >= self._attempts:
                    raise ServerError(self._unreachable(exc)) from None
                time.sleep(delay)
                delay *= 2
                items = pages(done)
                continue
            if isinstance(row, Exception):
                raise ServerError(str(row))
            done += 1
            yield _mail_item(row, wanted)

    def sync_drafts(self, state: str | None = None) -> DraftChanges:
        """Drafts created, updated and deleted since ``state`` (SyncFolderItems; None: all
        as created). Pass the returned ``.state`` next time to get only what changed."""

        def run() -> DraftChanges:
            drafts = self.account.drafts
            created, updated, deleted = [], [], []
            for kind, item in drafts.sync_items(sync_state=state, only_fields=list(DRAFT_FIELDS),
                                                max_changes_returned=512):
                if kind == "create":
                    created.append(item_to_draft(item))
                elif kind == "update":
                    updated.append(item_to_draft(item))
                elif kind == "delete":
                    deleted.append(item.id)
            return DraftChanges(tuple(created), tuple(updated), tuple(deleted), drafts.item_sync_state)

        return self._guard(run, idempotent=True)


def _field_paths(names: Sequence[str]) -> set[FieldPath]:
    return {FieldPath(field=Message.get_field_by_fieldname(n)) for n in names}


def _ews_dt(value: datetime) -> EWSDateTime:
    if value.tzinfo is None:
        raise MailError("since/until must be timezone-aware datetimes")
    return EWSDateTime.from_datetime(value.astimezone(timezone.utc))


def _count(display: str | None) -> int:
    return len([p for p in (display or "").split(";") if p.strip()])


def _mail_item(row: dict[str, Any], wanted: set[str]) -> MailItem:
    values: dict[str, Any] = {}
    for f in wanted:
        if f == "to_count":
            values[f] = _count(row.get("display_to"))
        elif f == "cc_count":
            values[f] = _count(row.get("display_cc"))
        else:
            values[f] = row.get(f)
    return MailItem(id=row["id"], **values)
