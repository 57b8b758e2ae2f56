"""The emulated Microsoft identity platform (v2.0 endpoints) for one tenant and one user.

Enough of OAuth 2.0 / OpenID Connect for MSAL to run for real against it:

- ``/{tenant}/v2.0/.well-known/openid-configuration`` and ``/{tenant}/discovery/v2.0/keys``
- ``/{tenant}/oauth2/v2.0/authorize``: authorization code with PKCE (S256 required, loopback
  ``redirect_uri`` only). There is no login page: the emulated user approves at once and the
  code goes to ``redirect_uri`` as after a successful sign-in: a redirect (``response_mode``
  query or fragment) or the self-submitting POST form (``form_post``, what MSAL asks for).
- ``/{tenant}/oauth2/v2.0/devicecode`` and ``/devicelogin?otc=CODE`` (the page the user visits
  to approve a device code), or ``handle.approve_device_code(code)``.
- ``/{tenant}/oauth2/v2.0/token``: ``authorization_code`` (code_verifier checked),
  ``refresh_token`` and ``urn:ietf:params:oauth:grant-type:device_code``.

Access tokens are opaque random strings (clients must treat Graph tokens as opaque);
ID tokens are RS256-signed JWTs with the claims MSAL reads (iss, aud, sub, oid, tid,
preferred_username, name, nonce, iat, nbf, exp), and ``client_info`` carries uid/utid.
Errors use AAD's shape: ``{"error", "error_description", "error_codes", ...}``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

GRAPH_RESOURCE = "https://graph.microsoft.com/"
OIDC_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})
# What a public client registered for this project may be granted (delegated).
DEFAULT_GRANTABLE = ("Mail.ReadWrite", "User.Read", "MailboxSettings.Read")
TENANT_ALIASES = ("organizations", "common")
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400, code: int = 0) -> None:
        super().__init__(f"{error}: {description}")
        self.error, self.description, self.status, self.code = error, description, status, code

    def body(self) -> dict[str, Any]:
        now = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())
        return {"error": self.error, "error_description": f"AADSTS{self.code}: {self.description}" if self.code
                else self.description, "error_codes": [self.code] if self.code else [], "timestamp": now,
                "trace_id": str(uuid.uuid4()), "correlation_id": str(uuid.uuid4())}


@dataclass
class Grant:
    scopes: frozenset[str]
    expires: float
    client_id: str


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    challenge: str
    scopes: frozenset[str]
    nonce: str | None
    expires: float


@dataclass
class _Device:
    client_id: str
    user_code: str
    scopes: frozenset[str]
    expires: float
    approved: bool = False
    used: bool = False


@dataclass
class Identity:
    """Tokens, codes and keys of the emulated tenant (thread-safe)."""

    user_email: str
    user_name: str
    client_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    tenant_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    user_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    grantable: tuple[str, ...] = DEFAULT_GRANTABLE
    token_lifetime: int = 3600
    device_interval: int = 5
    base_url: str = ""  # https://127.0.0.1:PORT, set when the server is bound

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._kid = secrets.token_hex(8)
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, Grant] = {}
        self._codes: dict[str, _Code] = {}
        self._devices: dict[str, _Device] = {}
        self.grants: dict[str, int] = {}  # token requests served, by grant type

    # -- tenant metadata ------------------------------------------------------
    def accepts_tenant(self, tenant: str) -> bool:
        domain = self.user_email.rpartition("@")[2].lower()
        return tenant.lower() in (self.tenant_id, domain, *TENANT_ALIASES)

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/{self.tenant_id}/v2.0"

    def openid_configuration(self, tenant: str) -> dict[str, Any]:
        base = f"{self.base_url}/{tenant}"
        return {
            "issuer": f"{self.base_url}/{{tenantid}}/v2.0" if tenant.lower() in TENANT_ALIASES else self.issuer,
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "name", "preferred_username",
                                 "oid", "tid", "ver"],
            "tenant_region_scope": "NA",
            "cloud_instance_name": "microsoftonline.com",
            "msgraph_host": "graph.microsoft.com",
        }

    def jwks(self) -> dict[str, Any]:
        numbers = self._key.public_key().public_numbers()

        def b64(n: int) -> str:
            return base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()

        return {"keys": [{"kty": "RSA", "use": "sig", "kid": self._kid, "alg": "RS256",
                          "n": b64(numbers.n), "e": b64(numbers.e)}]}

    # -- scopes -----------------------------------------------------------------
    def _requested(self, scope: str) -> frozenset[str]:
        """Graph scopes asked for ("Mail.ReadWrite" or its full URI; ".default" = all granted)."""
        out = set()
        for s in scope.split():
            if s in OIDC_SCOPES:
                continue
            name = s[len(GRAPH_RESOURCE):] if s.lower().startswith(GRAPH_RESOURCE) else s
            if name == ".default":
                out.update(self.grantable)
                continue
            match = next((g for g in self.grantable if g.lower() == name.lower()), None)
            if match is None:
                raise OAuthError("invalid_scope", f"The provided value for scope {s} is not valid, or the "
                                 "application has not been granted this permission.", code=65001)
            out.add(match)
        return frozenset(out or {"User.Read"})

    def _check_client(self, client_id: str) -> None:
        if client_id != self.client_id:
            raise OAuthError("unauthorized_client", f"Application with identifier '{client_id}' was not found in "
                             "the directory.", code=700016)

    # -- authorize (authorization code + PKCE) ---------------------------------------
    def authorize(self, params: dict[str, str]) -> tuple[str, dict[str, str], str]:
        """(redirect_uri, answer parameters, response_mode) after the emulated user signs in
        and consents; the server delivers them as the response mode asks."""
        self._check_client(params.get("client_id", ""))
        redirect = params.get("redirect_uri", "")
        parts = urlsplit(redirect)
        if parts.scheme != "http" or parts.hostname not in ("localhost", "127.0.0.1"):
            raise OAuthError("invalid_request", "The redirect URI specified in the request does not match the "
                             "redirect URIs configured for the application (loopback http only).", code=50011)
        if params.get("response_type") != "code":
            raise OAuthError("unsupported_response_type", "Only response_type=code is supported.")
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            raise OAuthError("invalid_request", "Proof Key for Code Exchange is required (S256).", code=9002325)
        hint = params.get("login_hint")
        if hint and hint.lower() != self.user_email.lower():
            raise OAuthError("invalid_request", f"User account '{hint}' does not exist in tenant.", code=50034)
        scopes = self._requested(params.get("scope", ""))
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._codes[code] = _Code(params["client_id"], redirect, params["code_challenge"], scopes,
                                      params.get("nonce"), time.time() + 600)
        answer = {"code": code, "session_state": str(uuid.uuid4())}
        if "state" in params:
            answer["state"] = params["state"]
        mode = params.get("response_mode", "query")
        if mode not in ("query", "fragment", "form_post"):
            raise OAuthError("invalid_request", f"The response_mode {mode!r} is not supported.", code=900144)
        return redirect, answer, mode

    # -- device code ----------------------------------------------------------------
    def device_code(self, form: dict[str, str], verification_uri: str) -> dict[str, Any]:
        self._check_client(form.get("client_id", ""))
        scopes = self._requested(form.get("scope", ""))
        user_code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(9))
        device = secrets.token_urlsafe(32)
        with self._lock:
            self._devices[device] = _Device(form["client_id"], user_code, scopes, time.time() + 900)
        return {"user_code": user_code, "device_code": device, "verification_uri": verification_uri,
                "expires_in": 900, "interval": self.device_interval,
                "message": f"To sign in, use a web browser to open the page {verification_uri} and enter the "
                           f"code {user_code} to authenticate."}

    def approve_device_code(self, user_code: str) -> bool:
        with self._lock:
            for d in self._devices.values():
                if d.user_code == user_code.strip().upper() and d.expires > time.time() and not d.used:
                    d.approved = True
                    return True
        return False

    # -- token ------------------------------------------------------------------------
    def token(self, form: dict[str, str]) -> dict[str, Any]:
        grant = form.get("grant_type", "")
        self._check_client(form.get("client_id", ""))
        with self._lock:
            self.grants[grant] = self.grants.get(grant, 0) + 1
        nonce = None
        if grant == "authorization_code":
            scopes, nonce = self._redeem_code(form)
        elif grant == "refresh_token":
            with self._lock:
                old = self._refresh.get(form.get("refresh_token", ""))
            if old is None or old.client_id != form["client_id"]:
                raise OAuthError("invalid_grant", "The refresh token is invalid or has been revoked.", code=70008)
            asked = self._requested(form["scope"]) if form.get("scope") else old.scopes
            if not asked <= old.scopes:
                raise OAuthError("invalid_grant", "The user or administrator has not consented to use the "
                                 "application for the requested scopes.", code=65001)
            scopes = asked
        elif grant == DEVICE_CODE_GRANT:
            scopes = self._redeem_device(form.get("device_code", ""))
        else:
            raise OAuthError("unsupported_grant_type", f"The grant type {grant!r} is not supported.", code=70003)
        return self._issue(form["client_id"], scopes, nonce)

    def _redeem_code(self, form: dict[str, str]) -> tuple[frozenset[str], str | None]:
        with self._lock:
            code = self._codes.pop(form.get("code", ""), None)  # single use
        if code is None or code.expires < time.time():
            raise OAuthError("invalid_grant", "The provided authorization code or refresh token has expired "
                             "or was already redeemed.", code=70008)
        if code.redirect_uri != form.get("redirect_uri"):
            raise OAuthError("invalid_grant", "The reply URL in the request does not match the one used to "
                             "obtain the authorization code.", code=50000)
        verifier = form.get("code_verifier", "")
        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or not secrets.compare_digest(expected, code.challenge):
            raise OAuthError("invalid_grant", "The code_verifier does not match the code_challenge supplied in "
                             "the authorization request.", code=501481)
        return code.scopes, code.nonce

    def _redeem_device(self, device_code: str) -> frozenset[str]:
        with self._lock:
            d = self._devices.get(device_code)
            if d is None or d.used:
                raise OAuthError("invalid_grant", "The device code is invalid or was already used.", code=70000)
            if d.expires < time.time():
                raise OAuthError("expired_token", "The device code has expired.", code=70020)
            if not d.approved:
                raise OAuthError("authorization_pending", "The user has not yet completed authentication.",
                                 code=70016)
            d.used = True
            return d.scopes

    def _issue(self, client_id: str, scopes: frozenset[str], nonce: str | None) -> dict[str, Any]:
        access, refresh = self.mint(scopes, client_id)
        now = int(time.time())
        claims = {"aud": client_id, "iss": self.issuer, "iat": now, "nbf": now, "exp": now + 3600,
                  "sub": hashlib.sha256(f"{self.user_id}:{client_id}".encode()).hexdigest()[:43],
                  "oid": self.user_id, "tid": self.tenant_id, "preferred_username": self.user_email,
                  "name": self.user_name, "ver": "2.0"}
        if nonce:
            claims["nonce"] = nonce
        id_token = jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self._kid})
        client_info = base64.urlsafe_b64encode(json.dumps(
            {"uid": self.user_id, "utid": self.tenant_id}).encode()).rstrip(b"=").decode()
        granted = sorted(scopes) + ["openid", "profile", "email"]
        return {"token_type": "Bearer", "scope": " ".join(granted), "expires_in": self.token_lifetime,
                "ext_expires_in": self.token_lifetime, "access_token": access, "refresh_token": refresh,
                "id_token": id_token, "client_info": client_info}

    def mint(self, scopes: frozenset[str] | tuple[str, ...], client_id: str | None = None,
             lifetime: int | None = None) -> tuple[str, str]:
        """A fresh (access token, refresh token) pair for the emulated user."""
        grant = Grant(frozenset(scopes), time.time() + (self.token_lifetime if lifetime is None else lifetime),
                      client_id or self.client_id)
        access, refresh = "EwA" + secrets.token_urlsafe(48), "M.C5" + secrets.token_urlsafe(48)
        with self._lock:
            self._access[access] = grant
            self._refresh[refresh] = Grant(grant.scopes, float("inf"), grant.client_id)
        return access, refresh

    def check_access(self, token: str) -> Grant | str:
        """The token's grant, or why it is refused (a Graph error message)."""
        if not token:
            return "Access token is empty."
        with self._lock:
            grant = self._access.get(token)
        if grant is None:
            return "Access token validation failure. Invalid audience."
        if grant.expires < time.time():
            return "Lifetime validation failed, the token is expired."
        return grant

    def revoke_access_tokens(self) -> None:
        """Forget every access token (refresh tokens stay valid): clients must refresh."""
        with self._lock:
            self._access.clear()
