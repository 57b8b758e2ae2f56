"""Quoted header blocks, found by what they carry rather than by client.

A header block is a run of short lines that together name a sender, give a
date or a time, and have at least one To/Cc/Subject label, in any order and
any indentation. That one test covers Outlook (``From:/Sent:/To:/Subject:``
in any language it ships), Apple Mail and Gmail forwards, and Lotus Notes'
unlabelled "name line, date line, then To:/cc:/Subject:",
``"Name" <addr> on 12/04/2000 10:31:32 AM`` and column forms.
"""

from __future__ import annotations

from assistant.core.quotes import patterns as p

MAX_BLOCK_LINES = 150  # long To/Cc lists wrap over many lines
_MAX_BLANKS = 6  # Lotus Notes leaves blank (or tab-only) lines inside its blocks
_MAX_CONTINUATIONS = 100
_MAX_LINE = 400
_NEEDED = frozenset(("sender", "date", "recipient"))


def _is_continuation(line: str, previous: str) -> bool:
    """A wrapped To/Cc/From value: more addresses, or the rest of a list."""
    s = line.strip()
    if len(s) > 200 or p.label(line) is not None:
        return False
    prev = previous.rstrip()
    return "@" in s or prev.endswith((",", ";")) or s.endswith((",", ";")) or (
        line[:1] in " \t" and len(s) < 100
    )


def _name_then_date(lines: list[str], j: int) -> bool:
    """Lotus Notes: a name line directly above a date line (or "Sent by:")."""
    if j + 1 >= len(lines) or not p.is_name_line(lines[j]):
        return False
    nxt = lines[j + 1]
    return p.is_datetime_line(nxt) or p.is_sender_date_line(nxt) or (p.label(nxt) or ("", ""))[0] == p.OTHER


def _opens_message(lines: list[str], j: int, found: tuple[str, str] | None) -> bool:
    if found is not None:
        return found[0] == p.FROM
    return p.is_sender_date_line(lines[j]) or _name_then_date(lines, j)


def can_start(lines: list[str], i: int) -> bool:
    """Cheap test: could a header block start at line ``i``?"""
    line = p.unquote(lines[i])
    if p.is_blank(line) or len(line) > _MAX_LINE:
        return False
    if p.label(line) is not None or p.is_sender_date_line(line) or p.is_datetime_line(line):
        return True
    if line is lines[i]:
        return _name_then_date(lines, i)
    return i + 1 < len(lines) and _name_then_date([line, p.unquote(lines[i + 1])], 0)


def scan(lines: list[str], i: int) -> tuple[int, bool]:
    """Walk the header-like run starting at ``i``: (its end, whether it is a header block).

    A run that is not a block tells the caller that no block starts anywhere
    inside it either (a later start sees a subset of the same lines), which
    keeps a scan over many lines linear.
    """
    if not can_start(lines, i):
        return i, False
    if p.quote_depth(lines[i]):
        # A block quoted with ">": walk its unquoted lines, a few at a time (most
        # quoted lines are no block at all, and a long quote must stay linear).
        size = 16
        while True:
            window = [p.unquote(ln) for ln in lines[i : i + size]]
            end, ok = scan(window, 0)
            if end < len(window) - 1 or size >= MAX_BLOCK_LINES or i + size >= len(lines):
                return i + end, ok
            size = min(size * 4, MAX_BLOCK_LINES)
    n = len(lines)
    facts: set[str] = set()
    last_label: str | None = None
    continuations = blanks = 0
    end = j = i
    while j < n and j - i < MAX_BLOCK_LINES:
        line = lines[j]
        if p.is_blank(line):
            blanks += 1
            if blanks > _MAX_BLANKS:
                break
            j += 1
            continue
        if len(line) > _MAX_LINE:
            break
        found = p.label(line)
        if blanks and end > i and _opens_message(lines, j, found):
            break  # a sender after a gap starts the next header block, not this one
        if found is not None:
            kind, value = found
            if kind == p.FROM:
                if not p.is_sender_value(value):
                    break  # "From: 8:00 AM" in a schedule
                facts.add("sender")
                if p.has_date(value):
                    facts.add("date")
            elif kind == p.DATE:
                if not (p.has_date(value) or p.is_date_words(value)):
                    break  # "Date: to be announced"
                facts.add("date")
            elif kind in (p.TO, p.CC) and value and not p.is_recipients_value(value):
                break  # "To: 9:30 AM" in a schedule
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
        elif _name_then_date(lines, j):
            facts.add("sender")
            last_label = None
        elif line.strip().lower().startswith("please respond to"):
            last_label = p.OTHER  # Lotus Notes
        else:
            break
        blanks = 0
        j += 1
        end = j
    return max(end, i + 1), end > i and _NEEDED <= facts


def header_block_at(lines: list[str], i: int) -> int | None:
    """End (exclusive) of a quoted header block starting at line ``i``, or None.

    The block must start at ``i`` with a header line, a sender line, a date
    line, or a name line directly followed by a date line.
    """
    end, ok = scan(lines, i)
    return end if ok else None


def rule_above(lines: list[str], start: int) -> int:
    """``start``, or the rule line (``______``, ``-----``) just above it."""
    k = start - 1
    while k >= 0 and k >= start - 3 and p.is_blank(lines[k]):
        k -= 1
    if k >= 0 and p.RULE_LINE.match(lines[k]):
        return k
    return start
