"""Small line tests shared by the quote detectors: labels, dates, senders.

Each function looks at one line only; the detectors in ``headers`` and
``attribution`` combine them over runs of lines. All patterns are anchored or
bounded so a long line costs linear time.
"""

from __future__ import annotations

import re

from functools import lru_cache

from assistant.core.lazy_re import lazy

# Header labels by what they carry, in English, Spanish, French, Portuguese
# and German (Outlook localises them; Lotus Notes writes "cc:" in lower case).
FROM, DATE, TO, CC, SUBJECT, OTHER = "from", "date", "to", "cc", "subject", "other"
LABELS = {
    FROM: ("from", "de", "von", "van", "da", "от", "от кого"),
    DATE: (
        "sent", "date", "sent at", "enviado", "enviada", "enviado el", "enviada el", "enviado em", "enviada em",
        "fecha", "envoyé", "envoye", "envoyé le", "message du",
        "data", "gesendet", "datum", "verzonden", "inviato", "dato", "отправлено", "дата",
    ),
    TO: ("to", "para", "à", "a", "an", "aan", "til", "кому"),
    CC: ("cc", "bcc", "cco", "copia", "copie à", "kopie"),
    SUBJECT: ("subject", "asunto", "objet", "sujet", "assunto", "betreff", "onderwerp", "oggetto", "emne", "тема"),
    OTHER: (
        "reply-to", "responder a", "importance", "importancia", "attachments", "adjuntos", "pièces jointes",
        "sent by",  # Lotus Notes: "Sent by: Jane Roe" under the sender's name
        # Raw message headers, kept when a whole message was pasted or forwarded inline.
        "message-id", "mime-version", "content-type", "content-transfer-encoding", "x-mailer",
        "return-path", "in-reply-to", "references", "sensitivity", "priority", "x-priority",
    ),
}
_KIND = {word: kind for kind, ws in LABELS.items() for word in ws}
# Optional quote marks and bold markers ("*From:*" in plain text made from HTML).
_LABEL_RE = lazy(
    r"^[ \t]*+(?:>[ \t]*+)*+\**+[ \t]*+("
    + "|".join(sorted((re.escape(w) for w in _KIND), key=len, reverse=True))
    + r")[ \t\xa0]*+\**+[ \t\xa0]*+:[ \t\xa0]*+\**+(.*)$",
    re.I,
)

_EMAIL = lazy(r"[\w.+'=-]+@[\w-]+(?:\.[\w-]+)+")
# Lotus Notes addresses: "Jane Roe/HOU/ECT@ECT", "Dave Scott@EES", "Clay Vern @ ENRON".
_NOTES_ADDR = lazy(r"[A-Za-z][\w.' -]{0,60}(?:/[\w.& -]+)*[ \t]*@[ \t]*[A-Za-z][\w-]*")

_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"ene|abr|ago|dic|janv|févr|fevr|fev|avr|mai|juin|juil|août|aout|déc|dez|out|set|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    r"janvier|février|mars|juillet|septembre|octobre|novembre|décembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    r"january|february|march|april|june|july|august|september|october|november|december"
)
_WEEKDAYS = (
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lun|mar|mié|mie|jue|vie|sáb|sab|dom|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"segunda|terça|terca|quarta|quinta|sexta|seg|ter|qua|qui|sex|"
    r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira"
)
_NUM_DATE = lazy(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_TIME = lazy(r"\b\d{1,2}[:.h]\d{2}(?::\d{2})?(?:[ \t]*+(?:[ap]\.?[ \t]?m\b\.?))?", re.I)
_WORD_DATE = lazy(
    rf"\b(?:{_MONTHS})\.?[ \t]+\d{{1,2}}\b|\b\d{{1,2}}\.?[ \t]+(?:de[ \t]+)?(?:{_MONTHS})\b", re.I
)
_DATE_WORDS = lazy(
    rf"^(?:{_MONTHS}|{_WEEKDAYS}|am|pm|a\.m|p\.m|at|on|de|a|las|à|às|le|el|gmt|utc|[a-z]{{1,4}}t)\.?,?$", re.I
)


@lru_cache(maxsize=4096)  # a line is tested as itself and as its neighbour
def label(line: str) -> tuple[str, str] | None:
    """(kind, value) of a header line such as ``Subject: Hi`` or ``\\t\\t cc:``."""
    if ":" not in line[:60]:
        return None
    m = _LABEL_RE.match(line)
    if m is None:
        return None
    # Windows Mail puts left-to-right marks around every part of the date.
    return _KIND[m.group(1).lower()], m.group(2).replace("\u200e", "").strip()


_DIGIT = lazy(r"\d")


def has_date(text: str) -> bool:
    """A calendar date or a clock time."""
    if not _DIGIT.search(text):
        return False  # every form has a digit; most lines are decided here
    return bool(_NUM_DATE.search(text) or _TIME.search(text) or _WORD_DATE.search(text))


def is_date_words(text: str) -> bool:
    """Only weekday or month names ("Monday", "lunes 3"): a date Outlook shortened."""
    ws = [w for w in re.split(r"[\s,]+", text) if w and not w.isdigit()]
    return bool(ws) and len(ws) <= 6 and all(_DATE_WORDS.match(w) for w in ws) and any(
        re.match(rf"(?:{_WEEKDAYS}|{_MONTHS})\.?,?$", w, re.I) for w in ws
    )


def has_address(text: str) -> bool:
    return "@" in text and bool(_EMAIL.search(text) or _NOTES_ADDR.search(text))


@lru_cache(maxsize=4096)  # a line is tested as itself and as its neighbour
def is_datetime_line(line: str) -> bool:
    """A short line that is only a date and/or time (Lotus Notes' second line)."""
    if len(line) > 80:
        return False
    s = line.replace("=09", " ").strip()
    if not s or len(s) > 60 or not has_date(s):
        return False
    rest = _TIME.sub(" ", _NUM_DATE.sub(" ", s))
    words = [w for w in re.split(r"[\s,()]+", rest) if w and not w.isdigit()]
    return sum(1 for w in words if not _DATE_WORDS.match(w)) <= 1


def is_sender_value(value: str) -> bool:
    """What follows ``From:``: a name or an address, not a time ("From: 8:00")."""
    if has_address(value):
        return True
    words = re.findall(r"[^\W\d_][\w.'-]*", value)
    names = [w for w in words if not _DATE_WORDS.match(w)]
    return 1 <= len(names) <= 12


def is_recipients_value(value: str) -> bool:
    """What follows ``To:``/``Cc:``: a name or an address, or a list of them ("Angela
    Moreno; Marcus Bell; ..." runs past the twelve words one sender may have)."""
    if is_sender_value(value):
        return True
    parts = [x for x in re.split(r"[;,]", value) if x.strip()]
    return len(parts) >= 2 and all(is_sender_value(x) for x in parts)


@lru_cache(maxsize=4096)  # a line is tested as itself and as its neighbour
def is_name_line(line: str) -> bool:
    """A short line that could be a sender's name or address on its own."""
    s = line.strip()
    if not s or len(s) > 80 or s[-1] in ".?!:;":
        return False
    if "@" in s and (_EMAIL.search(s) or _NOTES_ADDR.fullmatch(s)):
        return True
    words = s.replace('"', " ").replace(",", " ").split()
    if not 1 <= len(words) <= 6:
        return False
    return all(w[0].isupper() or w[0] in "@(<" or not w[0].isalpha() for w in words)


# "Jane Roe <jr@x.org> on 12/04/2000 10:31:32 AM", "LucianoS@x.com on 11/06/2001".
_SENDER_ON_DATE = lazy(r"^.{1,120}?\bon[ \t]++(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}|\w+,?[ \t]+\d)", re.I)


_COLUMNS = lazy(r"[ \t]{3,}")
_NAME_THEN_NUM_DATE = lazy(r"^([^\d]{2,60}?)[ \t]+(\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}[ \t]+\d{1,2}:\d{2}.{0,20})$")


@lru_cache(maxsize=4096)  # a line is tested as itself and as its neighbour
def is_sender_date_line(line: str) -> bool:
    """A sender and a date in one line (Lotus Notes reply and forward headers)."""
    s = line.strip()
    if len(s) > 160 or not _DIGIT.search(s):
        return False
    if " on " not in s.lower() or not _SENDER_ON_DATE.match(s):
        if "   " not in s and "\t" not in s:
            # The same columns after HTML collapsed their spaces: "Jane Roe 03/20/2001 07:45 AM".
            m = _NAME_THEN_NUM_DATE.match(s)
            return m is not None and is_name_line(m.group(1)) and is_datetime_line(m.group(2))
        # Lotus Notes columns: "Jane Roe                03/20/2001 07:45 AM".
        cols = _COLUMNS.split(s, maxsplit=1)
        return len(cols) == 2 and is_name_line(cols[0]) and is_datetime_line(cols[1])
    head = s[: s.lower().rfind(" on ")]
    return has_address(head) or is_name_line(head)


RULE_LINE = lazy(r"^[ \t]*+(?:_{8,}|-{8,}|={8,}|\*{8,})[ \t]*+$")


def is_blank(line: str) -> bool:
    s = line.strip()
    if not s or "=" not in s:
        return not s
    # Quoted-printable tabs ("=09") survive in some archives; they are blank too.
    return not s.replace("=09", "").replace("=20", "").strip()


_QUOTE_PREFIX = lazy(r"^[ \t]*+(?:>[ \t]?)++")


def unquote(line: str) -> str:
    """``line`` without its ``>`` quoting marks (a header block quoted in a reply)."""
    return _QUOTE_PREFIX.sub("", line, count=1) if ">" in line[:20] else line


def quote_depth(line: str) -> int:
    s = line.lstrip()
    n = 0
    while s.startswith(">"):
        n += 1
        s = s[1:].lstrip(" ")
    return n
