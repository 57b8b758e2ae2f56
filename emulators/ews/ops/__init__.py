"""One module per EWS operation; each exposes ``OPERATION`` and ``handle(ctx, body) -> str``."""

from __future__ import annotations

import importlib
from typing import Callable

from lxml import etree

from emulators.ews.ops.common import Context

MODULES = (
    "convert_id", "get_folder", "find_folder", "find_item", "get_item", "create_item", "update_item",
    "delete_item", "send_item", "resolve_names", "expand_dl", "sync_folder_items",
)

HANDLERS: dict[str, Callable[[Context, etree._Element], str]] = {}
for _name in MODULES:
    _mod = importlib.import_module(f"{__name__}.{_name}")
    HANDLERS[_mod.OPERATION] = _mod.handle

__all__ = ["Context", "HANDLERS"]
