"""Use case: the weekly summary of a mailbox (not in this version yet).

The route and the adapters already go through here, so when the summary lands
only this function changes.
"""

from __future__ import annotations

from typing import Any, Mapping

from assistant.app.context import AppContext
from assistant.app.errors import AppError, Kind


def summary(ctx: AppContext, params: Mapping[str, str]) -> dict[str, Any]:
    raise AppError(Kind.NOT_AVAILABLE, "the weekly summary is not available in this version")


__all__ = ["summary"]
