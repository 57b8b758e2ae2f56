"""Delegated sign-in to Microsoft Graph with MSAL as a public client.

Authorization code with PKCE on a loopback redirect (``acquire_token_interactive``,
the system browser) when there is a browser; the device-code flow otherwise (SSH,
no display). The MSAL token cache (refresh tokens) lives only in the OS keyring,
next to the EWS side's cache (``assistant.mail.credentials``), so later runs refresh
silently.

For an authority MSAL does not know (the Graph emulator, or a cloud outside its list)
MSAL is built with ``instance_discovery=False``: otherwise it first asks
``login.microsoftonline.com/common/discovery/instance`` whether the host is a valid
authority, and an unknown host is refused.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Any, Callable

from assistant.mail.credentials import delete_secret, load_secret, store_secret
from assistant.mail.errors import AuthError, MailConfigError, ServerError
from assistant.mail.graph.settings import GraphSettings

log = logging.getLogger(__name__)

# Mail.Send: Graph refuses /send and /sendMail without it (Mail.ReadWrite does not include sending).
SCOPES = ("Mail.ReadWrite", "Mail.Send", "User.Read", "MailboxSettings.Read")
CACHE_KIND = "graph-oauth-cache"
FLOWS = ("auto", "browser", "device")


def _default_prompt(flow: dict[str, Any]) -> None:
    print(flow.get("message") or f"Open {flow['verification_uri']} and enter {flow['user_code']}", file=sys.stderr)


def has_browser() -> bool:
    """A browser can be opened for the user: always on Windows and macOS; on Linux only with a display."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _pinned_session(ca_file: str) -> Any:
    """A requests session that trusts ``ca_file``. MSAL's own ``verify=`` sets Session.verify,
    which requests lets $REQUESTS_CA_BUNDLE override (psf/requests#3829), so the CA is passed
    with every request instead."""
    import requests

    class PinnedSession(requests.Session):
        def request(self, method: str, url: str, **kwargs: Any) -> Any:  # type: ignore[override]
            kwargs["verify"] = ca_file
            return super().request(method, url, **kwargs)

    return PinnedSession()


class GraphSignIn:
    """Tokens for one account; ``token()`` is thread-safe."""

    def __init__(self, settings: GraphSettings, *, flow: str = "auto", scopes: tuple[str, ...] = SCOPES,
                 prompt: Callable[[dict[str, Any]], None] = _default_prompt, timeout: float = 300.0) -> None:
        if flow not in FLOWS:
            raise MailConfigError(f"sign-in flow must be one of {', '.join(FLOWS)}, not {flow!r}")
        self.settings = settings
        self.flow = flow
        self.scopes = list(scopes)
        self.prompt = prompt
        self.timeout = timeout
        self._lock = threading.Lock()
        self._app: Any = None
        self._cache: Any = None

    @property
    def app(self) -> Any:
        if self._app is None:
            import msal

            self._cache = msal.SerializableTokenCache()
            saved = load_secret(self.settings.email, kind=CACHE_KIND)
            if saved:
                self._cache.deserialize(saved)
            options: dict[str, Any] = {"timeout": 30}
            if not self.settings.known_authority:
                options["instance_discovery"] = False
            if self.settings.ca_file:
                options["http_client"] = _pinned_session(self.settings.ca_file)
            try:
                self._app = msal.PublicClientApplication(
                    self.settings.client_id, authority=self.settings.authority, token_cache=self._cache, **options)
            except ValueError as exc:  # MSAL's OIDC discovery refused the authority
                raise MailConfigError(f"cannot use the sign-in authority {self.settings.authority}: {exc}") from None
            except Exception as exc:  # requests' connection errors, TLS failures
                raise ServerError(f"cannot reach the Microsoft sign-in service {self.settings.authority}: "
                                  f"{exc}") from None
        return self._app

    def token(self, force_refresh: bool = False, interactive: bool = True) -> str:
        """An access token: from the cache, refreshed silently, or by signing in."""
        with self._lock:
            app = self.app
            result = None
            # The cache may also hold this user's sign-in to another app or tenant: try each.
            for account in app.get_accounts(username=self.settings.email):
                result = app.acquire_token_silent(self.scopes, account=account, force_refresh=force_refresh)
                if result and "access_token" in result:
                    break
            if not result or "access_token" not in result:
                if not interactive:
                    raise AuthError(f"sign-in to Microsoft 365 needed for {self.settings.email}; "
                                    "run `mail-assistant account test`")
                result = self._sign_in(app)
            self._save()
            if "access_token" not in result:
                raise AuthError("Microsoft 365 sign-in failed: "
                                f"{result.get('error_description') or result.get('error')}")
            return str(result["access_token"])

    def _sign_in(self, app: Any) -> dict[str, Any]:
        flow = self.flow
        if flow == "auto":
            flow = "browser" if has_browser() else "device"
        if flow == "browser":
            try:
                return app.acquire_token_interactive(self.scopes, login_hint=self.settings.email,
                                                     timeout=self.timeout)
            except Exception as exc:  # webbrowser.Error, no usable browser: MSAL raises plain errors
                if self.flow == "browser":
                    raise AuthError(f"cannot open a browser to sign in: {exc}") from None
                log.info("browser sign-in unavailable (%s); using the device code", exc)
        device = app.initiate_device_flow(self.scopes)
        if "user_code" not in device:
            raise AuthError(f"Microsoft 365 device sign-in failed: {device.get('error_description') or device}")
        self.prompt(device)
        return app.acquire_token_by_device_flow(device)

    def _save(self) -> None:
        if self._cache is not None and self._cache.has_state_changed:
            store_secret(self.settings.email, self._cache.serialize(), kind=CACHE_KIND)
            self._cache.has_state_changed = False

    def sign_out(self) -> bool:
        """Forget the cached tokens (the keyring entry)."""
        with self._lock:
            self._app = self._cache = None
            return delete_secret(self.settings.email, kind=CACHE_KIND)
