"""Regular expressions compiled on first use, not at import.

``re`` cannot keep compiled patterns across processes, and compiling the
quote detector's and the signature finder's patterns at import costs a `check`
process several ms, although a short draft without quoted history reaches few
of them (the detectors decide most lines with cheap string tests first).
``lazy(pattern, flags)`` stands for ``re.compile(pattern, flags)``: the first
call of one of its methods compiles it and binds the compiled pattern's methods
on the object, so later calls cost what a plain compiled pattern's do.

Only for a module's private patterns used through their methods (``.match``,
``.search``...): a lazy pattern is not a ``re.Pattern`` and cannot be passed to
``re.sub(pattern, ...)`` or joined into another pattern.
"""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """``re.compile(pattern, flags)``, done on first use."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern  # as re.Pattern.pattern (readable without compiling)
        self._flags = flags

    def compiled(self) -> re.Pattern:
        return re.compile(self.pattern, self._flags)

    def __getattr__(self, name: str) -> Any:
        # Only called for names not on the object yet: compile once, then bind the
        # methods so the next lookup finds them directly.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self.compiled()
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags!r})"


def lazy(pattern: str | bytes, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
