"""The settings file with its version: every write carries the version the user saw.

A version names the bytes of ``config.json`` as they were read (a SHA-256 of them;
``"none"`` while there is no file). A page or a command reads the settings and their
version in one read (``read_settings``) and hands that version back to
``save_section``, which refuses a stale write with a CONFLICT ``AppError`` and
writes nothing. Two guards, because the file can change at two moments:

- between the user's read and the save (the window left open while
  ``mail-assistant signature set`` ran): the version no longer matches;
- between the save's own read and its rename (another process saving at the
  same instant): ``write_atomic(expect=...)`` re-checks the file just before
  the rename. Saves within one process (the server's worker threads) are
  serialised, so two of them cannot both pass the check.

Across processes a write landing in the microseconds between that last check
and the rename is still possible (POSIX has no compare-and-swap rename; see
``assistant.config.write_atomic``).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any

from assistant.app.errors import AppError, Kind

ABSENT = "none"  # the version of a settings file that does not exist yet
STALE = ("the settings were changed elsewhere (another window or a mail-assistant command) since they were "
         "loaded; nothing was saved: reload them and make your change again")

# One save at a time per process: the check and the rename must not interleave.
_SAVE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Snapshot:
    """The settings as read, with the version to send back when saving."""

    data: dict[str, Any]
    version: str
    stamp: Any  # assistant.config.FileStamp of the bytes read, None without a file


def version_of(raw: bytes | None) -> str:
    """The version of a settings file holding ``raw`` (None: no file)."""
    return ABSENT if raw is None else "sha256:" + hashlib.sha256(raw).hexdigest()


def read_settings() -> Snapshot:
    """The settings and their version, from one read of the file (a damaged file is a
    CONFIG error naming it, as ``AppContext.config`` reports it)."""
    from assistant.config import FileStamp, config_path

    path = config_path()
    try:
        raw = path.read_bytes()
        # Stat after the read: if the file changed in between, the stamp's hash and
        # its size/time disagree, so the later write check refuses (never the reverse).
        stamp = FileStamp.of(path, raw)
    except FileNotFoundError:
        return Snapshot({}, ABSENT, None)
    except OSError as exc:
        raise AppError(Kind.CONFIG, f"{path}: cannot read settings ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AppError(Kind.CONFIG, f"{path}: cannot read settings ({exc}); fix or delete the file") from None
    if not isinstance(data, dict):
        raise AppError(Kind.CONFIG, f"{path}: settings must be a JSON object")
    return Snapshot(data, version_of(raw), stamp)


def check_version(version: Any) -> str:
    """``version`` as sent by a page or command: a string, else BAD_INPUT."""
    if version is None:
        raise AppError(Kind.BAD_INPUT, 'a save must carry the settings version it was made from ("version", '
                                       "as the settings were loaded)")
    if not isinstance(version, str):
        raise AppError(Kind.BAD_INPUT, "'version' must be a string")
    return version


def save_section(section: str, values: dict[str, Any] | None, version: Any) -> str:
    """Replace one section of the settings (None removes it) if the file still is the
    ``version`` the caller read; returns the new version. A stale version is a CONFLICT
    and nothing is written. The signature being replaced goes to the history ``fix``
    recognises, as ``assistant.config.update_section`` keeps it."""
    from assistant.config import MUST_NOT_EXIST, StaleFileError, config_path, with_section, write_atomic

    seen = check_version(version)
    with _SAVE_LOCK:
        snap = read_settings()
        if snap.version != seen:
            raise AppError(Kind.CONFLICT, STALE)
        data = with_section(snap.data, section, values)
        # The same bytes as assistant.config.save_config writes (owner-only: the file
        # names the user's account and server).
        raw = json.dumps(data, indent=2, sort_keys=True).encode("utf-8")
        path = config_path()
        try:
            write_atomic(path, raw, 0o600, expect=snap.stamp or MUST_NOT_EXIST)
        except StaleFileError:
            raise AppError(Kind.CONFLICT, STALE) from None
        except OSError as exc:
            raise AppError(Kind.CONFIG, f"{path}: cannot save settings ({exc.strerror or exc})") from None
    return version_of(raw)


__all__ = ["ABSENT", "STALE", "Snapshot", "check_version", "read_settings", "save_section", "version_of"]
