"""Reply and forward prefixes of a subject line ("RE:", "AW:", "FW:", "RV:" ...).

The one set of prefixes the product knows: the loaders read the compose type
from it, and the rules strip it before reading a subject.
"""

from __future__ import annotations

import re

from assistant.core.lazy_re import lazy

# In the languages District mail arrives in: English, German (AW, WG), Scandinavian
# (SV), Dutch (Antw), Italian (R, RIF), Spanish (RV), French (TR), Portuguese (ENC).
REPLY_PREFIXES = ("re", "aw", "sv", "antw", "rif", "r")
FORWARD_PREFIXES = ("fw", "fwd", "wg", "rv", "tr", "enc")
_ONE = r"(?:{})\s*(?:\[\d+\])?\s*:"  # "RE:", "RE[2]:"

REPLY_PREFIX = lazy(r"^\s*" + _ONE.format("|".join(REPLY_PREFIXES)), re.I)
FORWARD_PREFIX = lazy(r"^\s*" + _ONE.format("|".join(FORWARD_PREFIXES)), re.I)
# Mail programs stack them: "RE: FW: RE[2]: ...".
PREFIXES = lazy(r"^\s*(?:" + _ONE.format("|".join(REPLY_PREFIXES + FORWARD_PREFIXES)) + r"\s*)+", re.I)


def is_reply(subject: str) -> bool:
    """The subject starts with a reply prefix (RE:, AW:, SV:, ...)."""
    return REPLY_PREFIX.match(subject) is not None


def is_forward(subject: str) -> bool:
    """The subject starts with a forward prefix (FW:, FWD:, RV:, ...)."""
    return FORWARD_PREFIX.match(subject) is not None


has_reply_prefix = is_reply  # the name the rules use


def strip_prefixes(subject: str) -> str:
    """``subject`` without its leading reply/forward prefixes ("RE: FW: Hi" -> "Hi")."""
    return PREFIXES.sub("", subject).strip()
