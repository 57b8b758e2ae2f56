"""When the replied-to message was sent, read from the quote's header."""

from __future__ import annotations

import email.utils
import re
from datetime import datetime

from assistant.core.lazy_re import lazy


_SENT_LINE = lazy(r"^\s*[*>]*\s*(?:sent|date|enviado|fecha|gesendet)\s*\*?\s*:\s*(.+?)\s*$", re.I | re.M)
_ON_DATE = lazy(
    r"^\s*on\s+([^\n]{6,80}?),?\s+at\s+(\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?),?\s+.{0,200}?wrote\s*:", re.I | re.M | re.S
)
_NOTES_DATE = lazy(r"\bon\s+(\d{1,2}/\d{1,2}/\d{2,4})\s+(\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?)", re.I)
_DATE_FORMATS = (
    "%A, %B %d, %Y %I:%M %p",
    "%A, %B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %I:%M %p",
    "%a, %b %d, %Y %I:%M %p",
    "%a, %b %d, %Y",
    "%A, %B %d, %Y",
    "%B %d, %Y",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M",
)


def parse_loose_date(value: str) -> datetime | None:

    v = re.sub(r"\s+", " ", value.replace("\u200e", "")).strip().rstrip(",")
    try:
        dt = email.utils.parsedate_to_datetime(v)
        if dt is not None:
            return dt
    except (TypeError, ValueError, IndexError):
        pass
    v = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", r"\1", v).replace(" at ", " ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(v, fmt)
        except ValueError:
            continue
    return None


def quoted_date(quoted_text: str) -> datetime | None:
    """When the replied-to message was sent, read from the quote's header."""
    head = quoted_text[:2000]
    m = _SENT_LINE.search(head)
    if m:
        dt = parse_loose_date(m.group(1))
        if dt:
            return dt
    m = _ON_DATE.search(head)
    if m:
        dt = parse_loose_date(m.group(1) + (" " + m.group(2) if m.group(2) else ""))
        if dt:
            return dt
    m = _NOTES_DATE.search(head)
    if m:
        return parse_loose_date(f"{m.group(1)} {m.group(2)}")
    return None
