"""The user's own settings (signature, account), one JSON file per install.

Lives in the platform's user config dir (platformdirs), or under
$MAIL_ASSISTANT_HOME when set (tests, portable installs). Never holds a
password: credentials go to the OS keyring (assistant.mail.credentials).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "mail-assistant"
HOME_ENV = "MAIL_ASSISTANT_HOME"


class ConfigError(ValueError):
    pass


def config_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    path = Path(home) if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_path() -> Path:
    return config_dir() / "config.json"


def load_config() -> dict[str, Any]:
    path = config_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings ({exc}); fix or delete the file") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: settings must be a JSON object")
    return data


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write via a temporary file and rename, so a crash or a closed window
    never leaves half a file; ``mode`` is set before any byte is written."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_config(data: dict[str, Any]) -> None:
    write_atomic(config_path(), json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))


def update_section(section: str, values: dict[str, Any] | None) -> dict[str, Any]:
    """Replace one section (None removes it) and save; returns the new config."""
    data = load_config()
    if values is None:
        data.pop(section, None)
    else:
        data[section] = values
    save_config(data)
    return data
