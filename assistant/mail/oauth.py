"""Microsoft 365 sign-in with MSAL (interactive, in the system browser).

The MSAL token cache (refresh tokens) lives in the OS keyring, never on disk,
so the user signs in once and later runs refresh silently.
"""

from __future__ import annotations

from typing import Any

from assistant.mail.credentials import load_secret, store_secret
from assistant.mail.errors import AuthError, MailConfigError

SCOPES = ["https://outlook.office365.com/EWS.AccessAsUser.All"]


def acquire_token(email: str, client_id: str, tenant: str = "organizations", interactive: bool = True) -> dict[str, Any]:
    """An OAuth token dict for exchangelib (``access_token``, ``expires_in``...)."""
    try:
        import msal
    except ImportError:  # pragma: no cover - msal is a dependency
        raise MailConfigError("Microsoft 365 sign-in needs the 'msal' package") from None
    cache = msal.SerializableTokenCache()
    saved = load_secret(email, kind="oauth-cache")
    if saved:
        cache.deserialize(saved)
    app = msal.PublicClientApplication(
        client_id, authority=f"https://login.microsoftonline.com/{tenant}", token_cache=cache
    )
    result: dict[str, Any] | None = None
    accounts = app.get_accounts(username=email)
    if accounts:
        result = app.acquire_token_silent(SCOPES, account=accounts[0])
    if not result:
        if not interactive:
            raise AuthError(f"sign-in to Microsoft 365 needed for {email}; run `mail-assistant account test`")
        result = app.acquire_token_interactive(SCOPES, login_hint=email, timeout=300)
    if "access_token" not in result:
        raise AuthError(f"Microsoft 365 sign-in failed: {result.get('error_description') or result.get('error')}")
    if cache.has_state_changed:
        store_secret(email, cache.serialize(), kind="oauth-cache")
    return {"access_token": result["access_token"], "token_type": "Bearer",
            "expires_in": int(result.get("expires_in", 3600))}
