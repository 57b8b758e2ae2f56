"""Use case: what the Settings page shows (signature, account, policy, grammar)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.app.context import AppContext
from assistant.app.signature import SignatureForm, signature_form


@dataclass(frozen=True)
class SettingsView:
    signature: SignatureForm
    account: dict[str, Any]
    policy: dict[str, Any]
    grammar_url: str | None


def account_status(ctx: AppContext) -> dict[str, Any]:
    """The account as configured (never its password), and whether it is connected."""
    account = ctx.config().get("account") or {}
    status: dict[str, Any] = {
        "label": ctx.account_label or account.get("email") or account.get("username"),
        "server": account.get("server") or account.get("url"),
        "configured": bool(ctx.backend_factory or account),
    }
    if ctx.connected:
        status["connected"] = True
    return status


def settings(ctx: AppContext) -> SettingsView:
    policy = ctx.policy
    return SettingsView(
        signature=signature_form(ctx),
        account=account_status(ctx),
        policy={"source": policy.source, "district": policy.data["district"]["name"], "domains": list(policy.domains)},
        grammar_url=ctx.grammar_url,
    )


__all__ = ["SettingsView", "account_status", "settings"]
