"""Charts as inline SVG (no script, no external file), each with a text alternative.

Used by the HTML report; the companion's page draws the same charts in JS from
the same numbers. Every chart carries <title>/<desc> and its caller prints the
figures as text beside it, since some mail clients do not show SVG.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

BAR = "#1d4f91"
BAR_PREV = "#8aa6c8"
INK = "#1a1a1a"
MUTED = "#555555"


def alt_text(title: str, labels: Sequence[str], values: Sequence[int | None], unit: str = "") -> str:
    """"Title: a 3, b 5" (None shown as "no data")."""
    parts = [f"{label} {'no data' if v is None else f'{v}{unit}'}" for label, v in zip(labels, values)]
    return f"{title}: " + ("; ".join(parts) if parts else "nothing to show") + "."


def hbar_chart(chart_id: str, title: str, labels: Sequence[str], values: Sequence[int], unit: str = "",
               width: int = 460) -> str:
    """Horizontal bars, one row per label (largest first as given)."""
    row, label_w, pad = 22, 150, 6
    height = max(1, len(labels)) * row + pad * 2
    top = max([v for v in values if v] or [1])
    bars = []
    for i, (label, value) in enumerate(zip(labels, values)):
        y = pad + i * row
        w = int((width - label_w - 60) * (value / top)) if value else 0
        bars.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12" fill="{INK}">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 1)}" height="{row - 8}" fill="{BAR}"/>'
            f'<text x="{label_w + w + 4}" y="{y + 15}" font-size="12" fill="{INK}">{value}{escape(unit)}</text>'
        )
    return _svg(chart_id, title, alt_text(title, labels, values, unit), width, height, "".join(bars))


def column_chart(chart_id: str, title: str, labels: Sequence[str], values: Sequence[int | None],
                 width: int = 300, height: int = 120) -> str:
    """Columns for a trend (oldest left; the last column, this week, darker; None: no column)."""
    n = max(1, len(labels))
    base, top_pad = height - 22, 16
    top = max([v for v in values if v] or [1])
    slot = width / n
    cols = []
    for i, (label, value) in enumerate(zip(labels, values)):
        x = i * slot + slot * 0.2
        h = int((base - top_pad) * (value / top)) if value else 0
        colour = BAR if i == n - 1 else BAR_PREV
        shown = "–" if value is None else str(value)
        cols.append(
            f'<rect x="{x:.1f}" y="{base - h}" width="{slot * 0.6:.1f}" height="{max(h, 1)}" fill="{colour}"/>'
            f'<text x="{x + slot * 0.3:.1f}" y="{base - h - 3}" text-anchor="middle" font-size="11" fill="{INK}">'
            f"{shown}</text>"
            f'<text x="{x + slot * 0.3:.1f}" y="{height - 6}" text-anchor="middle" font-size="10" fill="{MUTED}">'
            f"{escape(label)}</text>"
        )
    return _svg(chart_id, title, alt_text(title, labels, values), width, height, "".join(cols))


def _svg(chart_id: str, title: str, desc: str, width: int, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'style="font-family:Segoe UI,Arial,sans-serif;display:block">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>{body}</svg>'
    )
