"""Quoted header blocks, found by what they carry rather than by client.

A header block is a run of short lines that together name a sender, give a
date or a time, and have at least one To/Cc/Subject label, in any order and
any indentation. That one test covers Outlook (``From:/Sent:/To:/Subject:``
in any language it ships), Apple Mail and Gmail forwards, and Lotus Notes'
unlabelled "name line, date line, then To:/cc:/Subject:" and
``"Name" <addr> on 12/04/2000 10:31:32 AM`` forms.
"""

from __future__ import annotations

from assistant.core.quotes import patterns as p

_MAX_BLOCK_LINES = 150  # long To/Cc lists wrap over many lines
_MAX_BLANKS = 6  # Lotus Notes leaves blank (or tab-only) lines inside its blocks
_MAX_CONTINUATIONS = 100
_MAX_LINE = 400


def _is_continuation(line: str, previous: str) -> bool:
    """A wrapped To/Cc/From value: more addresses, or the rest of a list."""
    s = line.strip()
    if len(s) > 200 or p.label(line) is not None:
        return False
    prev = previous.rstrip()
    return "@" in s or prev.endswith((",", ";")) or s.endswith((",", ";")) or (
        line[:1] in " \t" and len(s) < 100
    )


def header_block_at(lines: list[str], i: int) -> int | None:
    """End (exclusive) of a quoted header block starting at line ``i``, or None.

    The block must start at ``i`` with a header line, a sender line, or a
    name line directly followed by a date line.
    """
    n = len(lines)
    if p.quote_depth(lines[i]):
        lines = [p.unquote(ln) for ln in lines[i : i + _MAX_BLOCK_LINES]]
        end = header_block_at(lines, 0)
        return None if end is None else i + end
    facts: set[str] = set()
    last_label: str | None = None
    continuations = blanks = 0
    end = i
    j = i
    while j < n and j - i < _MAX_BLOCK_LINES:
        line = lines[j]
        if p.is_blank(line):
            if j == i:
                return None
            blanks += 1
            if blanks > _MAX_BLANKS:
                break
            j += 1
            continue
        if len(line) > _MAX_LINE:
            break
        found = p.label(line)
        if found is not None:
            kind, value = found
            if kind == p.FROM:
                if not p.is_sender_value(value):
                    break  # "From: 8:00 AM" in a schedule
                facts.add("sender")
                if p.has_date(value):
                    facts.add("date")
            elif kind == p.DATE:
                if not p.has_date(value):
                    break  # "Date: to be announced"
                facts.add("date")
            elif kind in (p.TO, p.CC, p.SUBJECT):
                facts.add("recipient")
            last_label, continuations = kind, 0
        elif p.is_sender_date_line(line):
            facts.update(("sender", "date"))
            last_label, continuations = p.FROM, 0
        elif p.is_datetime_line(line):
            facts.add("date")
            last_label = None
        elif (
            blanks == 0
            and last_label is not None
            and continuations < _MAX_CONTINUATIONS
            and _is_continuation(line, lines[j - 1])
        ):
            continuations += 1
        elif p.is_name_line(line) and j + 1 < n and (
            p.is_datetime_line(lines[j + 1])
            or p.is_sender_date_line(lines[j + 1])
            or (p.label(lines[j + 1]) or ("", ""))[0] == p.OTHER
        ):
            facts.add("sender")
            last_label = None
        elif p.label(line.replace("=09", " ")) is None and line.strip().lower().startswith("please respond to"):
            last_label = p.OTHER  # Lotus Notes
        else:
            break
        blanks = 0
        j += 1
        end = j
    if end == i or not {"sender", "date", "recipient"} <= facts:
        return None
    return end


def rule_above(lines: list[str], start: int) -> int:
    """``start``, or the rule line (``______``, ``-----``) just above it."""
    k = start - 1
    while k >= 0 and k >= start - 3 and p.is_blank(lines[k]):
        k -= 1
    if k >= 0 and k < start and p.RULE_LINE.match(lines[k]):
        return k
    return start
