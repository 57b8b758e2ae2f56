"""Use cases: what the Settings page shows (signature, account, policy, grammar), and
where this install keeps its files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
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


@dataclass(frozen=True)
class Paths:
    """Where this install keeps its files (what `config path` prints)."""

    settings_file: Path  # config.json: signature, account (never a password)
    config_dir: Path  # $MAIL_ASSISTANT_HOME, else the platform's user config folder
    ca_file: Path  # the local certificate authority to trust (made by the first serve/demo)
    log_file: Path | None  # None: messages go to the terminal, no log file is kept


def paths() -> Paths:
    from assistant.config import CA_FILE, TLS_DIR, config_dir, config_path

    home = config_dir()
    return Paths(config_path(), home, home / TLS_DIR / CA_FILE, None)


__all__ = ["Paths", "SettingsView", "account_status", "paths", "settings"]
