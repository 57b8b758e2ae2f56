"""The user's own settings (signature, account), one JSON file per install.

Lives in the platform's user config dir (platformdirs), or under
$MAIL_ASSISTANT_HOME when set (tests, portable installs). Never holds a
password: credentials go to the OS keyring (assistant.mail.credentials).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import platformdirs

APP_NAME = "mail-assistant"
HOME_ENV = "MAIL_ASSISTANT_HOME"
# Files the local companion keeps in the config folder (named here, the lowest layer,
# so that `config path` can say where they are without importing the server).
TOKEN_FILE = "api-token"  # the per-install API token, owner-only
TLS_DIR = "tls"  # the local certificate authority and the server's certificate
CA_FILE = "ca.pem"


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
    return _read_config()[0]


def _read_config() -> tuple[dict[str, Any], "FileStamp | None"]:
    """The settings and the stamp of the bytes they came from (None: no file yet)."""
    path = config_path()
    try:
        raw = path.read_bytes()
        stamp = FileStamp.of(path, raw)
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings ({exc}); fix or delete the file") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings ({exc}); fix or delete the file") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: settings must be a JSON object")
    return data, stamp


class StaleFileError(OSError):
    """The file changed on disk after it was read; nothing was written."""


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when it was read: size, mtime_ns and a hash of its bytes."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes | None = None) -> "FileStamp":
        st = os.stat(path)
        if data is None:
            data = Path(path).read_bytes()
        return cls(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def matches(self, path: Path) -> bool:
        """Whether ``path`` still holds what was read (the hash decides when the
        size and time agree, so a same-second edit of the same length is caught)."""
        try:
            st = os.stat(path)
            if (st.st_size, st.st_mtime_ns) != (self.size, self.mtime_ns):
                return False
            return hashlib.sha256(Path(path).read_bytes()).hexdigest() == self.sha256
        except OSError:
            return False


# ``write_atomic(expect=MUST_NOT_EXIST)``: the file was absent when read, so it must
# still be (a file another writer created meanwhile is not replaced).
MUST_NOT_EXIST = FileStamp(-1, -1, "")

# Test seam: called with the target path after the new bytes are on disk in the
# temporary file and before the change check and the rename, i.e. exactly where
# another program's edit would otherwise be lost. Tests append a callable that
# runs a real second process writing the file; production code never sets it.
BEFORE_REPLACE_HOOKS: list[Callable[[Path], None]] = []


def write_atomic(path: Path, data: bytes, mode: int | None = None, *, expect: FileStamp | None = None) -> None:
    """Write via a temporary file and rename, so a crash or a closed window
    never leaves half a file.

    Permissions: ``mode`` when given (set before any byte is written, for
    secrets); otherwise an existing file keeps its mode and a new file gets
    0o666 minus the umask, like any file a program creates. ``expect``: the
    stamp of the file as it was read (``MUST_NOT_EXIST`` when it was absent); if
    the file no longer matches it just before the rename, ``StaleFileError`` is
    raised and nothing is changed.
    (The check and the rename are two steps, so an edit landing in the
    microseconds between them is still possible; POSIX offers no
    compare-and-swap rename.)
    """
    path = Path(path)
    keep: int | None = None
    if mode is None:
        try:
            keep = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            keep = None
    directory = path.parent if str(path.parent) else Path(".")
    tmp = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
    # 0o666 through the umask (the kernel applies it); 0o600 while a mode is pending.
    create_mode = 0o600 if (mode is not None or keep is not None) else 0o666
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), create_mode)
    try:
        final = mode if mode is not None else keep
        if final is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, final)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        for hook in list(BEFORE_REPLACE_HOOKS):
            hook(path)
        if expect is MUST_NOT_EXIST:
            # Created, never replaced: link() refuses an existing name in one step.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise StaleFileError(f"{path}: created by another program meanwhile") from None
            tmp.unlink()
            return
        if expect is not None and not expect.matches(path):
            raise StaleFileError(f"{path}: changed on disk while it was being fixed")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def save_config(data: dict[str, Any], *, expect: FileStamp | None = None) -> None:
    # Owner-only, as before: the file names the user's account and server.
    write_atomic(config_path(), json.dumps(data, indent=2, sort_keys=True).encode("utf-8"), 0o600, expect=expect)


def with_section(data: dict[str, Any], section: str, values: dict[str, Any] | None) -> dict[str, Any]:
    """``data`` with one section replaced (None removes it); a replaced signature is
    remembered, so fix can still recognise blocks it inserted earlier."""
    data = dict(data)
    if section == "signature":
        _remember_signature(data, values)
    if values is None:
        data.pop(section, None)
    else:
        data[section] = values
    return data


def update_section(section: str, values: dict[str, Any] | None) -> dict[str, Any]:
    """Replace one section (None removes it) and save; returns the new config. The
    write carries the version it read: if another writer (the window, another command)
    changed the file in between, StaleFileError and nothing is written."""
    data, stamp = _read_config()
    data = with_section(data, section, values)
    save_config(data, expect=stamp or MUST_NOT_EXIST)
    return data


SIGNATURE_HISTORY = "signature_history"
MAX_SIGNATURE_HISTORY = 10


def _remember_signature(data: dict[str, Any], new: dict[str, Any] | None) -> None:
    """Keep the signature being replaced, so ``fix`` can later prove that a
    block in a draft is an unedited copy of one it inserted (exact match) and
    replace it, while any text that matches none is the author's and stays."""
    old = data.get("signature")
    if not isinstance(old, dict) or not old or old == new:
        return
    history = [h for h in data.get(SIGNATURE_HISTORY, []) if isinstance(h, dict) and h != old]
    data[SIGNATURE_HISTORY] = ([old] + history)[:MAX_SIGNATURE_HISTORY]
