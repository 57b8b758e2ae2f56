"""Is a mail domain on Microsoft 365? Its OpenID configuration answers on the sign-in host.

``login.microsoftonline.com/{domain}/v2.0/.well-known/openid-configuration`` answers 200
for a domain verified in an Entra ID tenant (the issuer holds the tenant id) and 400
(AADSTS90002) otherwise; ``account add`` uses it to suggest Graph.
"""

from __future__ import annotations

import re
import ssl

import httpx

from assistant.mail.graph.settings import LOGIN_URL

_TENANT = re.compile(r"/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/", re.I)


def microsoft_365_tenant(domain: str, *, login_url: str = LOGIN_URL, ca_file: str | None = None,
                         timeout: float = 5.0) -> str | None:
    """The tenant id when ``domain`` belongs to a Microsoft 365 tenant; None when it does not or
    the sign-in service cannot be asked (offline): the caller then just does not suggest Graph."""
    domain = domain.rpartition("@")[2].strip().lower()
    if not domain or "/" in domain:
        return None
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=ca_file) if ca_file else True
    try:
        r = httpx.get(f"{login_url.rstrip('/')}/{domain}/v2.0/.well-known/openid-configuration", verify=verify,
                      timeout=timeout)
    except httpx.HTTPError:
        return None
    if r.status_code != 200:
        return None
    try:
        match = _TENANT.search(str(r.json().get("issuer", "")) + "/")
    except ValueError:
        return None
    return match.group(1).lower() if match else None
