"""A line diff that stays near-linear on large drafts.

``difflib.SequenceMatcher`` is quadratic in the number of lines (23 s for one
1 MB HTML draft, gigabytes for 30 MB), while a fix changes a handful of lines.
This module matches lines in three steps, each bounded:

1. the common prefix and suffix are matched outright (a fix that adds a
   signature and a notice leaves almost everything else there);
2. what is left is anchored on lines that occur exactly once on each side,
   kept in order by a longest increasing subsequence (the "patience" diff),
   and each gap between anchors is matched again the same way;
3. a gap with no unique line is handed to ``difflib`` only while it is small.

Every comparison is counted against a budget proportional to the input size;
past it (or for a large gap without anchors) the rest is reported as one
deleted block followed by one inserted block. The result is always a correct
edit script (applying it to ``a`` gives ``b``); only its minimality is traded
for a linear bound on time and memory.

Pure: no I/O.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Iterator, Sequence

__all__ = ["Matcher", "format_unified", "grouped_opcodes", "line_ops", "opcodes", "preview_lines", "unified_diff"]

# A gap at most this many line pairs (len(a) * len(b)) goes to difflib, whose
# cost is about that product; larger gaps without anchors become a replace block.
SMALL_PRODUCT = 40_000
# Total work allowed, per line of input, before everything left is coarse.
WORK_PER_LINE = 40
WORK_FLOOR = 200_000

Opcode = tuple[str, int, int, int, int]


class Matcher:
    """Matching blocks between two line lists, with a work counter.

    ``work`` counts line comparisons and hash-table touches; tests read it to
    check the bound without timing anything.
    """

    def __init__(self, a: Sequence[str], b: Sequence[str], budget: int | None = None) -> None:
        self.a, self.b = a, b
        self.budget = budget if budget is not None else max(WORK_FLOOR, WORK_PER_LINE * (len(a) + len(b)))
        self.work = 0
        self._blocks: list[tuple[int, int, int]] | None = None

    # -- the three steps ----------------------------------------------------------
    def _trim(self, alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int, int, int, int]:
        """Common prefix and suffix lengths of the region, and the region between."""
        a, b = self.a, self.b
        lo_a, lo_b = alo, blo
        while lo_a < ahi and lo_b < bhi and a[lo_a] == b[lo_b]:
            lo_a += 1
            lo_b += 1
        pre = lo_a - alo
        hi_a, hi_b = ahi, bhi
        while hi_a > lo_a and hi_b > lo_b and a[hi_a - 1] == b[hi_b - 1]:
            hi_a -= 1
            hi_b -= 1
        suf = ahi - hi_a
        self.work += pre + suf + 1
        return pre, suf, lo_a, hi_a, lo_b, hi_b

    def _anchors(self, alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
        """Lines unique on both sides of the region, in an order both sides agree on."""
        a, b = self.a, self.b
        self.work += (ahi - alo) + (bhi - blo)
        count: dict[str, int] = {}
        for i in range(alo, ahi):
            line = a[i]
            count[line] = count.get(line, 0) + 1
        where: dict[str, int] = {}
        seen_b: dict[str, int] = {}
        for j in range(blo, bhi):
            line = b[j]
            if count.get(line) == 1:
                seen_b[line] = seen_b.get(line, 0) + 1
                where[line] = j
        pairs = [(i, where[a[i]]) for i in range(alo, ahi) if seen_b.get(a[i]) == 1]
        return _longest_increasing(pairs)

    def _small(self, alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int, int]]:
        self.work += (ahi - alo) * (bhi - blo)
        sm = difflib.SequenceMatcher(None, self.a[alo:ahi], self.b[blo:bhi], autojunk=False)
        return [(alo + i, blo + j, n) for i, j, n in sm.get_matching_blocks() if n]

    # -- driver -------------------------------------------------------------------
    def matching_blocks(self) -> list[tuple[int, int, int]]:
        """(i, j, n) with a[i:i+n] == b[j:j+n], increasing in i and j, ending with a sentinel."""
        if self._blocks is not None:
            return self._blocks
        out: list[tuple[int, int, int]] = []
        # An explicit stack of regions, last pushed first, so blocks come out in order
        # and deep anchor chains cannot hit the recursion limit.
        stack: list[tuple[str, int, int, int, int]] = [("region", 0, len(self.a), 0, len(self.b))]
        while stack:
            kind, alo, ahi, blo, bhi = stack.pop()
            if kind == "match":
                out.append((alo, blo, ahi - alo))
                continue
            if alo >= ahi or blo >= bhi:
                continue
            pre, suf, ia, ha, ib, hb = self._trim(alo, ahi, blo, bhi)
            if suf:
                stack.append(("match", ha, ahi, hb, bhi))
            inner = ("region", ia, ha, ib, hb)
            if pre:
                stack.append(inner)
                stack.append(("match", alo, ia, blo, ib))
                continue
            if ia >= ha or ib >= hb:
                continue
            size = (ha - ia) * (hb - ib)
            if size <= SMALL_PRODUCT and self.work + size <= self.budget:
                out.extend(self._small(ia, ha, ib, hb))
                continue
            if self.work + (ha - ia) + (hb - ib) > self.budget:
                continue  # coarse: no match in this gap
            anchors = self._anchors(ia, ha, ib, hb)
            if not anchors:
                continue
            # Gaps between anchors, pushed last-first; each anchor is a one-line match
            # that the next gap's prefix trim may extend.
            pieces: list[tuple[str, int, int, int, int]] = []
            pa, pb = ia, ib
            for i, j in anchors:
                pieces.append(("region", pa, i, pb, j))
                pieces.append(("match", i, i + 1, j, j + 1))
                pa, pb = i + 1, j + 1
            pieces.append(("region", pa, ha, pb, hb))
            stack.extend(reversed(pieces))
        blocks = _merge(out)
        blocks.append((len(self.a), len(self.b), 0))
        self._blocks = blocks
        return blocks

    def get_opcodes(self) -> list[Opcode]:
        """difflib-style opcodes: equal, replace, delete, insert."""
        i = j = 0
        codes: list[Opcode] = []
        for ai, bj, size in self.matching_blocks():
            tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
            if tag:
                codes.append((tag, i, ai, j, bj))
            i, j = ai + size, bj + size
            if size:
                codes.append(("equal", ai, i, bj, j))
        return codes


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing in the second item (first already increasing)."""
    if not pairs:
        return []
    tails: list[int] = []  # smallest j ending a chain of each length
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = tail_idx[-1]
    while k >= 0:
        chain.append(pairs[k])
        k = prev[k]
    chain.reverse()
    return chain


def _merge(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Adjacent blocks joined into one (anchors next to trimmed runs)."""
    merged: list[tuple[int, int, int]] = []
    for i, j, n in blocks:
        if merged:
            pi, pj, pn = merged[-1]
            if pi + pn == i and pj + pn == j:
                merged[-1] = (pi, pj, pn + n)
                continue
        merged.append((i, j, n))
    return merged


def opcodes(a_lines: Sequence[str], b_lines: Sequence[str]) -> list[Opcode]:
    """difflib-style opcodes from the bounded matcher."""
    return Matcher(a_lines, b_lines).get_opcodes()


def line_ops(a_lines: Sequence[str], b_lines: Sequence[str]) -> list[tuple[str, str]]:
    """("equal" | "delete" | "insert", line) in order; replaced lines come as deletes then inserts."""
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in opcodes(a_lines, b_lines):
        if tag == "equal":
            ops.extend(("equal", line) for line in a_lines[i1:i2])
            continue
        ops.extend(("delete", line) for line in a_lines[i1:i2])
        ops.extend(("insert", line) for line in b_lines[j1:j2])
    return ops


def grouped_opcodes(codes: list[Opcode], n: int = 3) -> Iterator[list[Opcode]]:
    """Hunks of changes with up to ``n`` lines of context (difflib's grouping)."""
    codes = list(codes) or [("equal", 0, 1, 0, 1)]
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if not length else start + 1},{length}"


def unified_diff(
    a_lines: Sequence[str],
    b_lines: Sequence[str],
    fromfile: str = "before",
    tofile: str = "after",
    n: int = 3,
) -> str:
    """The unified diff difflib.unified_diff(..., lineterm="") would print, joined by "\\n".

    No trailing newline; the empty string when nothing differs.
    """
    return format_unified(opcodes(a_lines, b_lines), a_lines, b_lines, fromfile, tofile, n)


def format_unified(
    codes: list[Opcode],
    a_lines: Sequence[str],
    b_lines: Sequence[str],
    fromfile: str = "before",
    tofile: str = "after",
    n: int = 3,
) -> str:
    """``unified_diff`` from opcodes already computed (callers that also need the opcodes)."""
    out: list[str] = []
    for group in grouped_opcodes(codes, n):
        if not out:
            out += [f"--- {fromfile}", f"+++ {tofile}"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(" " + line for line in a_lines[i1:i2])
                continue
            out.extend("-" + line for line in a_lines[i1:i2])
            out.extend("+" + line for line in b_lines[j1:j2])
    return "\n".join(out)


# The preview sends changed lines with a little context; a longer unchanged run is one
# "gap" entry, and past PREVIEW_MAX_LINES entries the rest is one gap too, so a 30 MB
# draft does not become a 30 MB list (the unified text still has every change).
PREVIEW_CONTEXT = 2
PREVIEW_MAX_LINES = 2000


def preview_lines(
    codes: list[Opcode],
    a_lines: Sequence[str],
    b_lines: Sequence[str],
    context: int = PREVIEW_CONTEXT,
    max_lines: int = PREVIEW_MAX_LINES,
) -> list[dict[str, object]]:
    """{"op": "equal"|"delete"|"insert", "text": line} around each change, and
    {"op": "gap", "text": "", "count": n} for n lines left out. Empty when nothing changed."""
    if all(c[0] == "equal" for c in codes):
        return []
    lines: list[dict[str, object]] = []

    def gap(count: int) -> None:
        if count > 0:
            lines.append({"op": "gap", "text": "", "count": count})

    last = len(codes) - 1
    for k, (tag, i1, i2, j1, j2) in enumerate(codes):
        if len(lines) >= max_lines:
            gap(sum(max(c[2] - c[1], c[4] - c[3]) for c in codes[k:]))
            break
        if tag == "equal":
            head = context if k > 0 else 0
            tail = context if k < last else 0
            if i2 - i1 <= head + tail:
                lines += [{"op": "equal", "text": t} for t in a_lines[i1:i2]]
                continue
            lines += [{"op": "equal", "text": t} for t in a_lines[i1 : i1 + head]]
            gap(i2 - i1 - head - tail)
            lines += [{"op": "equal", "text": t} for t in a_lines[i2 - tail : i2]]
            continue
        room = max_lines - len(lines)
        deleted, inserted = a_lines[i1:i2][:room], b_lines[j1:j2][: max(0, room - (i2 - i1))]
        lines += [{"op": "delete", "text": t} for t in deleted]
        lines += [{"op": "insert", "text": t} for t in inserted]
        gap((i2 - i1 - len(deleted)) + (j2 - j1 - len(inserted)))
    return lines
