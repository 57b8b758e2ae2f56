"""Separators and attribution lines that open quoted history.

Separators: ``-----Original Message-----`` and its translations,
``---------- Forwarded message ---------``, Lotus Notes' ``Forwarded by …
on …`` (often wrapped), Apple's ``Begin forwarded message:``.
Attributions: ``On … wrote:`` and translations (wrapped over up to three
lines), Yahoo's ``--- Name <addr> wrote:``, ``Name <addr> wrote:``,
``2014-10-17 11:28 GMT+03:00 Name <addr>:`` and GroupWise's
``>>> Name 12/14/00 08:47AM >>>``.
"""

from __future__ import annotations

import re

from assistant.core.lazy_re import lazy
from assistant.core.quotes import patterns as p

_LEAD = r"^[ \t]*+(?:>[ \t]*+)*+"
_SEPARATORS = (
    lazy(
        _LEAD + r"-{2,}[ \t]*+(?:original message|mensaje original|message d'origine|mensagem original|"
        r"ursprüngliche nachricht|oorspronkelijk bericht|messaggio originale|forwarded message|"
        r"mensaje reenviado|message transféré|mensagem encaminhada|mensagem reencaminhada|"
        r"weitergeleitete nachricht|messaggio inoltrato|reply message|oprindelig besked|opprinnelig melding|пересылаемое сообщение|исходное сообщение)",
        re.I,
    ),
    lazy(_LEAD + r"-{2,}[ \t]*+(?:forwarded|reenviado|transféré|transfere)[ \t]++(?:by|por|par)\b", re.I),
    lazy(
        _LEAD + r"(?:begin forwarded message|inicio del mensaje reenviado|comienza el mensaje reenviado|"
        r"début du message réexpédié|début du message transféré|início da mensagem reencaminhada|"
        r"mensaje reenviado|forwarded message)[ \t]*+:",
        re.I,
    ),
)
_DASH_TAIL = lazy(r"^[ \t]*+(?:[^-]{0,40}?-{3,}|(?:\d{1,2}:\d{2}(?::\d{2})?[ \t]*+)?[AP]M)[ \t]*+$", re.I)


def separator_at(lines: list[str], i: int) -> int | None:
    """Number of lines of the separator starting at ``i`` (1 or 2), or None."""
    line = lines[i]
    if len(line) > 300 or ("--" not in line and not line.rstrip().endswith(":")):
        return None
    if not any(s.match(line) for s in _SEPARATORS):
        return None
    # Lotus Notes wraps "… on 01/23/2001" / "01:24 PM ------" over two lines.
    if i + 1 < len(lines) and not line.rstrip().endswith("-") and _DASH_TAIL.match(lines[i + 1]):
        return 2
    return 1


_WROTE = (
    r"wrote|escribió|escribio|a écrit|a ecrit|escreveu|schrieb|schreef|ha scritto|skrev|"
    r"kirjoitti|napisał\(a\)|napisał|napisal|написал|написала|écrit|írta"
)
_OPENER = lazy(_LEAD + r"(?:on|at|el|le|em|am|op|il|den|w dniu|dnia|el día|el dia)\b", re.I)
_ON_WROTE = lazy(_LEAD + rf"(?:on|at|el|le|em|am|op|il|den|w dniu|dnia|el día|el dia)\b.*\b(?:{_WROTE})[ \t]*+:[ \t]*+$", re.I)
_DASHES_WROTE = lazy(_LEAD + rf"-{{2,}}[ \t]*+\S.*\b(?:{_WROTE})[ \t]*+:[ \t]*+$", re.I)
_ADDR_WROTE = lazy(rf"^.*\b(?:{_WROTE})[ \t]*+:[ \t]*+$", re.I)
_DATED = lazy(r"^.{0,120}\d{1,2}[:.]\d{2}.{0,160}<[ \t]*+[^<>\s@]+@[^<>\s]+[ \t]*+>[ \t]*+:[ \t]*+$")
# "2013.02.08. 7:31 keltezéssel, "Name" írta:", "tir. 18. apr. 2017 kl. 13:09 skrev …:"
_DATED_WROTE = lazy(rf"^.{{0,120}}\d{{1,2}}[:.]\d{{2}}.{{0,160}}\b(?:{_WROTE}|skrev)[ \t]*+:[ \t]*+$", re.I)
# Zoho: "---- On Wed, 24 Feb 2021 14:02:50 +0530 jd@x.com wrote ----"
_ZOHO = lazy(_LEAD + rf"-{{2,}}[ \t]*+(?:on|el|le)\b.{{1,200}}\b(?:{_WROTE})[ \t]*+-{{2,}}[ \t]*+$", re.I)
# "On <date> Name <jd@x.org> wrote" without the colon.
_ON_WROTE_ADDR = lazy(_LEAD + rf"(?:on|el|le|em)\b.{{1,200}}<[^<>\s@]+@[^<>\s]+>[ \t]*+(?:{_WROTE})[ \t]*+$", re.I)
_GROUPWISE = lazy(r"^[ \t]*+>>>[ \t]*+\S.{0,150}>>>[ \t]*+$")
_QUOTING = lazy(_LEAD + r"(?:quoting|citando|citation de)\b.{1,200}:[ \t]*+$", re.I)
_MAX_ATTRIBUTION = 400


# Cheap necessary conditions, tested before the patterns that backtrack over a long
# line (a row of dashes ends with "-" and so reaches _one_line on every newsletter).
_WROTE_ANY = lazy(rf"(?:{_WROTE}|skrev)", re.I)
_QUOTING_ANY = lazy(r"quoting|citando|citation de", re.I)


def _one_line(text: str, first: bool) -> bool:
    if _WROTE_ANY.search(text) is not None:
        if _ON_WROTE.match(text):
            # "On Tuesday we wrote:" is prose; an attribution has a date or an address.
            return bool(re.search(r"\d|@", text))
        if _DASHES_WROTE.match(text):
            return True
        if len(text) < 160 and _ADDR_WROTE.match(text) and p.has_address(text):
            return True
        if _ZOHO.match(text) or _ON_WROTE_ADDR.match(text):
            return True
        if len(text) < 250 and _DATED_WROTE.match(text):
            return True
    if "@" in text:
        if ">" in text and _DATED.match(text):
            return True
        if _QUOTING_ANY.search(text) and _QUOTING.match(text) and p.has_address(text):
            return True
    return first and ">>>" in text and bool(_GROUPWISE.match(text)) and p.has_date(text)


# Every attribution form has one of these (lower-cased), an "@" or ">>>".
_WROTE_STEMS = (
    "wrote", "escribi", "écrit", "ecrit", "escreveu", "schrieb", "schreef", "scritto", "skrev", "kirjoitti",
    "napisa", "написал", "írta",
)


def could_attribute(text: str) -> bool:
    """A necessary condition for an attribution, by substring tests only (no regex)."""
    if "@" in text or ">>>" in text:
        return True
    low = text.lower()
    return any(w in low for w in _WROTE_STEMS)


def may_end_attribution(line: str) -> bool:
    """Every attribution form ends its last line with one of these."""
    s = line.rstrip()
    return s.endswith((":", ">>>", "-")) or s[-5:].lower() == "wrote"


def attribution_at(lines: list[str], i: int) -> int | None:
    """Number of lines (1-3) of an attribution starting at ``i``, or None."""
    line = lines[i]
    if p.is_blank(line) or len(line) > _MAX_ATTRIBUTION:
        return None
    window = lines[i : i + 3]
    if not any(may_end_attribution(ln) for ln in window):
        return None  # the common case, decided without a regular expression
    if not could_attribute(" ".join(window)):
        return None
    if _one_line(line, True):
        return 1
    # Wrapped: only worth joining when the first line can open an attribution.
    s = line.strip()
    if not (_OPENER.match(line) or s.startswith("--") or p.has_address(s) or p.has_date(s)):
        return None
    joined = line.rstrip()
    for k in (1, 2):
        if i + k >= len(lines) or p.is_blank(lines[i + k]) or len(joined) > _MAX_ATTRIBUTION:
            return None
        nxt = lines[i + k].strip()
        # Quote marks of a quoted attribution go; Gmail's wrapped "<addr\n>:" keeps its ">".
        joined += " " + (nxt if nxt.startswith(">:") else nxt.lstrip(">").strip())
        if _one_line(joined, False):
            return k + 1
    return None
