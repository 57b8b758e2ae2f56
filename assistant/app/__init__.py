"""The application layer: one function per use case, shared by every adapter.

The command line (``assistant/*/commands.py``), the HTTP API
(``assistant/server/app.py``) and the desktop window call these functions and
never re-implement them; they parse input, call one function, and render the
result or the ``AppError`` (mapped to an exit status or an HTTP status).

Modules (imported on demand, so a command loads only what it uses):

- ``context``: ``AppContext`` (the policy, loaded once; the mailbox; the grammar checker)
- ``check``: ``check_draft``, ``check_file``, ``list_rules``, ``grammar``
- ``fix``: ``fix_file``, ``fix_draft`` (the API's chosen fixes); ``fixing`` is the engine
- ``drafts``: ``list_drafts``, ``get_draft``, ``fix_server_draft``, ``save_draft``, ``send_draft``
- ``signature``: ``configured_signature`` (the one loader), ``signature_form``,
  ``preview_signature``, ``save_signature``
- ``settings``: what the Settings page shows; ``summary``: the weekly summary
- ``diff``: the one diff of two drafts; ``display``: the one display detection
- ``errors``: ``AppError`` and its ``Kind``
"""

from assistant.app.context import AppContext
from assistant.app.errors import AppError, Conflict, Kind

__all__ = ["AppContext", "AppError", "Conflict", "Kind"]
