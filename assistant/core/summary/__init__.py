"""The weekly inbox-hygiene summary, pure: week arithmetic, per-item facts, aggregation,
suggested actions, text/HTML renderings with inline SVG charts, and schedule files.

The scanning (assistant.mail.summary_scan) and the local cache
(assistant.app.summary_store) feed ``Accumulator``; nothing here does I/O.
"""

from assistant.core.summary.aggregate import STORED_METRICS, Accumulator, Period, summarise
from assistant.core.summary.facts import Analysis, Details, Folder, ItemFact
from assistant.core.summary.render import to_html, to_text
from assistant.core.summary.weeks import Week, WeekError, last_complete_week, working_days_before

__all__ = ["Accumulator", "Analysis", "Details", "Folder", "ItemFact", "Period", "STORED_METRICS", "Week",
           "WeekError", "last_complete_week", "summarise", "to_html", "to_text", "working_days_before"]
