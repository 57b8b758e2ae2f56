"""Reply and forward prefixes of a subject line ("RE:", "AW:", "FW:", "RV:" ...).

The one set of prefixes the product knows: the loaders read the compose type
from it, and the rules strip it before reading a subject.
"""

from __future__ import annotations

import re

# Reply: English, German (AW), Nordic (SV), Dutch (Antw), Italian (R, RIF).
_REPLY = r"re|aw|sv|antw|rif|r"
# Forward: English, German (WG), Spanish (RV), French (TR), Portuguese (ENC).
_FORWARD = r"fw|fwd|wg|rv|tr|enc"
_COUNT = r"\s*(?:\[\d+\])?\s*:"  # "RE[2]:"

REPLY_PREFIX = re.compile(rf"^\s*(?:{_REPLY}){_COUNT}", re.I)
FORWARD_PREFIX = re.compile(rf"^\s*(?:{_FORWARD}){_COUNT}", re.I)
PREFIXES = re.compile(rf"^\s*(?:(?:{_REPLY}|{_FORWARD}){_COUNT}\s*)+", re.I)


def is_reply(subject: str) -> bool:
    return REPLY_PREFIX.match(subject) is not None


def is_forward(subject: str) -> bool:
    return FORWARD_PREFIX.match(subject) is not None


def strip_prefixes(subject: str) -> str:
    """``subject`` without its leading reply/forward prefixes ("RE: FW: Hi" -> "Hi")."""
    return PREFIXES.sub("", subject).strip()
