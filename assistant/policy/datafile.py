"""Shipped TOML data (the policy pack, the rules' word lists) parsed once per content.

Parsing the TOML files with tomllib costs ~15 ms of every `check` process, more
than the check of a short draft. The parsed form is kept in the user's cache
folder as a ``marshal`` file named by a checksum of the TOML text (its length,
CRC-32 and Adler-32: zlib's, as hashlib's import alone costs ~2 ms) and the
interpreter (whose marshal format it is), the way Python keeps ``.pyc`` files:
an edited or reinstalled file has another hash, so a stale entry is never read.
Loading it is ~0.1 ms. Anything wrong with the cache (no folder, read-only,
damaged entry, a value marshal cannot hold) falls back to tomllib, silently:
the cache only ever changes the speed.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any, Callable, TypeVar

HOME_ENV = "MAIL_ASSISTANT_HOME"  # the settings folder override (assistant.config's too)
_TAG = f"{sys.implementation.cache_tag}-m{marshal.version}"
T = TypeVar("T")


def cache_dir() -> Path:
    """Where parsed data is kept: ``$MAIL_ASSISTANT_HOME/cache`` when set, else the
    platform's user cache folder (XDG on Linux, read directly: platformdirs costs a
    few ms of start-up and is imported only on other systems)."""
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home, "cache", "data")
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
        return root / "mail-assistant" / "data"
    import platformdirs

    return Path(platformdirs.user_cache_dir("mail-assistant", appauthor=False), "data")


def read_package_text(package: str, anchor_file: str, *parts: str) -> str:
    """A data file shipped in ``package`` (``anchor_file`` is its ``__file__``), as text.

    Read from the package's folder directly: importlib.resources costs a process ~3 ms
    of imports (tempfile, shutil, zipfile...) to do the same for an installed package.
    A package that is not a folder (imported from a zip) still goes through it. A
    missing file raises FileNotFoundError either way.
    """
    folder = Path(anchor_file).parent
    if folder.is_dir():
        return folder.joinpath(*parts).read_text("utf-8")
    from importlib import resources

    return resources.files(package).joinpath(*parts).read_text("utf-8")


def loads_toml(text: str, name: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, from the cache when this exact text was parsed before.

    ``name`` names the cache entry (``terms.toml`` -> ``terms.toml-<checksum>...``);
    a TOML error propagates as ``tomllib.TOMLDecodeError``.
    """

    def parse() -> dict[str, Any]:
        import tomllib  # only on a miss: its import is part of what the cache saves

        return tomllib.loads(text)

    return parsed(f"{Path(name).stem}.toml", text.encode("utf-8"), parse, dict)


def parsed(name: str, raw: bytes, parse: Callable[[], T], kind: type[T]) -> T:
    """``parse()`` of the shipped bytes ``raw``, kept in the cache by a checksum of them.

    For any shipped file whose parsed form marshal can hold (dicts, lists, tuples, sets,
    strings, numbers): the result of a cache hit is checked to be a ``kind``. ``name``
    names the entry and must change with the meaning of ``parse`` (say ``names-v2``),
    since only ``raw`` is hashed. A result marshal cannot hold is returned uncached.
    """
    digest = f"{len(raw):x}-{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
    try:
        path: Path | None = cache_dir() / f"{name}-{digest}.{_TAG}.marshal"
    except (OSError, RuntimeError, KeyError):  # no home folder to be found
        path = None
    if path is not None:
        data = _read(path)
        if isinstance(data, kind):
            return data
    data = parse()
    if path is not None:
        _write(path, data)
    return data


def _read(path: Path) -> Any:
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _write(path: Path, data: Any) -> None:
    try:
        blob = marshal.dumps(data)
    except ValueError:  # a TOML date or time, an object: not worth caching
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(blob)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the whole file or none
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
