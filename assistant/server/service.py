"""The companion the HTTP server serves: the application layer's context.

Kept as a name for the server's callers (``start_server(Companion(...))``);
the use cases themselves live in ``assistant.app``.
"""

from assistant.app.context import AppContext as Companion

__all__ = ["Companion"]
