"""Account settings (the config file's 'account' section) and opening a backend.

The section holds no secret. ``kind`` says which backend: "ews" (Exchange Server,
or Exchange Online while EWS is allowed) or "graph" (Microsoft 365 through Graph);
a section without ``kind`` (written before Graph existed) is EWS::

    {"kind": "ews", "email": "delgadom@mdusd.org", "server": "https://mail.mdusd.org/EWS/Exchange.asmx",
     "username": "MDUSD\\\\delgadom", "auth": "ntlm"}
    {"kind": "graph", "email": "delgadom@mdusd.org", "client_id": "<app id>", "tenant": "mdusd.org"}

EWS: ``server`` may be omitted to use autodiscover; ``auth`` is ntlm, basic or oauth
(MSAL interactive sign-in with ``client_id``). Graph: see
``assistant.mail.graph.settings.GraphSettings`` (the token cache is in the keyring).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Union
from urllib.parse import urlparse

from assistant.config import StaleFileError, load_config, update_section
from assistant.mail.credentials import delete_secret, store_secret
from assistant.mail.errors import MailConfigError

if TYPE_CHECKING:  # pragma: no cover
    from assistant.mail.graph.settings import GraphSettings

AUTH_TYPES = ("ntlm", "basic", "oauth")
KINDS = ("ews", "graph")
# The MSAL cache of a Graph account (assistant.mail.graph.auth.CACHE_KIND); named here so
# removing an account does not import the Graph client.
GRAPH_CACHE_KIND = "graph-oauth-cache"


@dataclass(frozen=True)
class AccountSettings:
    email: str
    server: str | None = None  # EWS URL; None means autodiscover
    username: str | None = None  # defaults to the e-mail address
    auth: str = "ntlm"
    client_id: str | None = None  # OAuth app registration (Microsoft 365)
    tenant: str = "organizations"
    ca_file: str | None = None  # PEM bundle to trust for this server (an internal District CA)

    def __post_init__(self) -> None:
        if not self.email or "@" not in self.email or self.email.count("@") != 1:
            raise MailConfigError(f"{self.email!r} is not an e-mail address")
        if self.auth not in AUTH_TYPES:
            raise MailConfigError(f"auth must be one of {', '.join(AUTH_TYPES)}, not {self.auth!r}")
        if self.server:
            url = urlparse(self.server)
            if url.scheme not in ("http", "https") or not url.netloc:
                raise MailConfigError(f"{self.server!r} is not an http(s) URL of an EWS endpoint")
        if self.auth == "oauth" and not self.client_id:
            raise MailConfigError("OAuth sign-in needs the app's client id (client_id)")

    @property
    def login(self) -> str:
        return self.username or self.email

    kind = "ews"

    def to_json(self) -> dict[str, Any]:
        return {"kind": "ews", **{k: v for k, v in asdict(self).items() if v not in (None, "")}}

    @classmethod
    def from_json(cls, data: Any) -> "AccountSettings":
        if not isinstance(data, dict):
            raise MailConfigError("the 'account' settings must be an object")
        known = {"email", "server", "username", "auth", "client_id", "tenant", "ca_file"}
        unknown = set(data) - known - {"kind"}
        if unknown:
            raise MailConfigError(f"unknown account setting(s): {', '.join(sorted(unknown))}")
        return cls(**{k: v for k, v in data.items() if k in known})


Settings = Union[AccountSettings, "GraphSettings"]


def settings_from_json(section: Any) -> Settings:
    """The settings of the section's ``kind`` (none: EWS, as files from before Graph)."""
    if not isinstance(section, dict):
        raise MailConfigError("the 'account' settings must be an object")
    kind = section.get("kind", "ews")
    if kind == "graph":
        from assistant.mail.graph.settings import GraphSettings  # only for Graph accounts

        return GraphSettings.from_json(section)
    if kind != "ews":
        raise MailConfigError(f"account kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return AccountSettings.from_json(section)


def load_settings(config: dict[str, Any] | None = None) -> Settings:
    config = load_config() if config is None else config
    section = config.get("account")
    if not section:
        raise MailConfigError("no mail account is set up; run `mail-assistant account add`")
    return settings_from_json(section)


def save_account(settings: Settings, password: str | None) -> None:
    """Password to the keyring first, so a config never points at a missing secret.
    A Graph account has no password: its token cache is already in the keyring."""
    if password is not None:
        store_secret(settings.email, password)
    _save_section(settings.to_json())


def remove_account(config: dict[str, Any] | None = None) -> Settings | None:
    try:
        settings = load_settings(config)
    except MailConfigError:
        settings = None
    if settings is not None:
        delete_secret(settings.email)
        delete_secret(settings.email, kind="oauth-cache")
        delete_secret(settings.email, kind=GRAPH_CACHE_KIND)
    _save_section(None)
    return settings


def _save_section(values: dict[str, Any] | None) -> None:
    try:
        update_section("account", values)
    except StaleFileError:
        raise MailConfigError("the settings were saved elsewhere (the window or another command) while this "
                              "command ran; nothing was saved: run it again") from None
