"""Graph account settings (no secret: the token cache lives in the OS keyring)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from assistant.mail.errors import MailConfigError

GRAPH_URL = "https://graph.microsoft.com/v1.0"
LOGIN_URL = "https://login.microsoftonline.com"
# Hosts MSAL already knows; any other authority host (an emulator, a sovereign cloud
# not in MSAL's list) needs instance discovery turned off.
_MICROSOFT_LOGIN_HOSTS = ("login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn",
                          "login.partner.microsoftonline.cn", "login.windows.net", "login.microsoft.com",
                          "sts.windows.net")


def _check_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise MailConfigError(f"{name} must be an https URL, not {url!r}")
    if not parts.netloc:
        raise MailConfigError(f"{name} {url!r} has no host")


@dataclass(frozen=True)
class GraphSettings:
    email: str
    client_id: str  # the District's public-client app registration
    tenant: str = "organizations"  # tenant id or domain; "organizations" for any work account
    graph_url: str = GRAPH_URL
    login_url: str = LOGIN_URL
    ca_file: str | None = None  # PEM bundle to trust for graph_url and login_url

    def __post_init__(self) -> None:
        if not self.email or self.email.count("@") != 1:
            raise MailConfigError(f"{self.email!r} is not an e-mail address")
        if not self.client_id:
            raise MailConfigError("Microsoft Graph sign-in needs the app's client id (client_id)")
        if not self.tenant or "/" in self.tenant:
            raise MailConfigError(f"{self.tenant!r} is not a tenant id or domain")
        _check_url("graph_url", self.graph_url)
        _check_url("login_url", self.login_url)

    kind = "graph"  # the 'account' section's kind (assistant.mail.accounts)

    @property
    def authority(self) -> str:
        return f"{self.login_url.rstrip('/')}/{self.tenant}"

    @property
    def known_authority(self) -> bool:
        """True for Microsoft's own sign-in hosts (MSAL's instance discovery applies)."""
        return (urlsplit(self.login_url).hostname or "").lower() in _MICROSOFT_LOGIN_HOSTS

    def to_json(self) -> dict[str, Any]:
        defaults = {"graph_url": GRAPH_URL, "login_url": LOGIN_URL}
        return {"kind": "graph",
                **{k: v for k, v in asdict(self).items() if v not in (None, "") and defaults.get(k) != v}}

    @classmethod
    def from_json(cls, data: Any) -> "GraphSettings":
        if not isinstance(data, dict):
            raise MailConfigError("the Graph account settings must be an object")
        known = {"email", "client_id", "tenant", "graph_url", "login_url", "ca_file"}
        unknown = set(data) - known - {"kind"}
        if unknown:
            raise MailConfigError(f"unknown Graph account setting(s): {', '.join(sorted(unknown))}")
        for key in known & set(data):
            if not isinstance(data[key], str):
                raise MailConfigError(f"the Graph account setting {key!r} must be a string")
        return cls(**{k: v for k, v in data.items() if k in known})
