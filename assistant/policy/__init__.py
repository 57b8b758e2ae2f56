"""The policy pack: BP 1114 as data, with admin overrides.

The District defaults ship as ``bp1114.toml`` beside this file. An admin file
has the same shape and may set any subset of keys; every key it sets must exist
in the defaults with the same type, so a typo is an error that names the key
instead of a silently ignored setting.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

ENV_VAR = "MAIL_ASSISTANT_POLICY"


class PolicyError(ValueError):
    """An invalid policy file; the message names the file and the bad key."""


def _defaults() -> dict[str, Any]:
    from assistant.policy.datafile import loads_toml, read_package_text

    text = read_package_text(__package__, __file__, "bp1114.toml")
    return loads_toml(text, "bp1114.toml")  # parsed once per content (a cache beside the settings)


def _merge(base: dict[str, Any], override: dict[str, Any], where: str, path: str = "") -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        dotted = f"{path}{key}"
        if key not in base:
            raise PolicyError(f"{where}: unknown key '{dotted}'")
        default = base[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise PolicyError(f"{where}: '{dotted}' must be a table")
            out[key] = _merge(default, value, where, dotted + ".")
            continue
        if isinstance(default, bool) or isinstance(value, bool):
            ok = isinstance(default, bool) and isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, (int, float))
        elif isinstance(default, list):
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, type(default))
        if not ok:
            raise PolicyError(
                f"{where}: '{dotted}' must be {type(default).__name__}, not {type(value).__name__}"
            )
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise PolicyError(f"{where}: '{dotted}' must not be negative")
        out[key] = float(value) if isinstance(default, float) else value
    return out


@dataclass(frozen=True)
class Policy:
    """Read-only view of the merged policy data."""

    data: dict[str, Any]
    source: str = "built-in BP 1114 defaults"

    @property
    def notice_text(self) -> str:
        return self.data["notice"]["text"]

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(d.lower() for d in self.data["district"]["domains"])

    def threshold(self, name: str) -> Any:
        return self.data["thresholds"][name]

    @cached_property
    def acronyms(self) -> frozenset[str]:
        return frozenset(a.upper() for a in self.data["acronyms"]["allowed"])

    @cached_property
    def allowed_fonts(self) -> frozenset[str]:
        fonts = self.data["fonts"]
        return frozenset(f.lower() for f in fonts["allowed"] + fonts["generic"])

    @property
    def default_font(self) -> str:
        return self.data["fonts"]["default"]

    @property
    def help_desk(self) -> str:
        return self.data["district"]["help_desk"]

    def is_internal(self, address: str) -> bool:
        domain = address.rpartition("@")[2].strip().lower().rstrip(">")
        return any(domain == d or domain.endswith("." + d) for d in self.domains)

    @cached_property
    def notice_words(self) -> tuple[str, ...]:
        return tuple(re.findall(r"[a-z0-9]+", self.notice_text.lower()))


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """The District defaults, overridden by ``path`` or $MAIL_ASSISTANT_POLICY."""
    data = _defaults()
    chosen = path or os.environ.get(ENV_VAR)
    if not chosen:
        return Policy(data)
    p = Path(chosen)
    try:
        raw = p.read_text("utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{p}: policy file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{p}: cannot read policy file ({exc})") from None
    import tomllib  # an admin file is read as it is, every time

    try:
        override = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{p}: not valid TOML ({exc})") from None
    merged = _merge(data, override, str(p))
    if not merged["notice"]["text"].strip():
        raise PolicyError(f"{p}: 'notice.text' must not be empty")
    if not merged["district"]["domains"]:
        raise PolicyError(f"{p}: 'district.domains' must name at least one domain")
    return Policy(merged, source=str(p))


_DEFAULTS: dict[str | None, Policy] = {}


def default_policy() -> Policy:
    """``load_policy()`` remembered per value of $MAIL_ASSISTANT_POLICY: what pure
    functions use when a caller passes no policy, so even they honour the admin
    file. The product itself loads its policy once (assistant.app.context) and
    passes it everywhere."""
    chosen = os.environ.get(ENV_VAR) or None
    policy = _DEFAULTS.get(chosen)
    if policy is None:
        policy = _DEFAULTS[chosen] = load_policy()
    return policy


__all__ = ["Policy", "PolicyError", "default_policy", "load_policy", "ENV_VAR"]
