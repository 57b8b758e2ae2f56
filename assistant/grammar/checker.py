"""Grammar and spelling hints from a local LanguageTool server.

Only paragraphs not seen before go over the wire: results are cached per
paragraph (by hash), and the paragraphs that did change are sent together in
one request and mapped back to offsets in the caller's string. Offsets are
Python string indices (LanguageTool counts UTF-16 units; converted here).
"""

from __future__ import annotations

import hashlib
import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable

import language_tool_python
import requests

try:  # 3.x keeps its errors in .exceptions; 2.x in .utils
    from language_tool_python.exceptions import LanguageToolError
except ImportError:  # pragma: no cover
    from language_tool_python.utils import LanguageToolError  # type: ignore[no-redef]

from assistant.core.model import Applicability, Hint, Severity, Span

CITATION = "Grammar and spelling (LanguageTool)"
FIX_NAME = "grammar"
# Paragraphs are joined with this in one request; blank lines keep LanguageTool's
# paragraph-level rules from reaching across them.
JOINER = "\n\n"
# Keep each request well under any server text limit and the read timeout.
MAX_REQUEST_CHARS = 20_000
_PARAGRAPH_BREAK = re.compile(r"\r?\n(?:[ \t\f\v]*\r?\n)+")
# language_tool_python fixes Match offsets with class-level state, so checks
# from different threads must not interleave.
_LIBRARY_LOCK = threading.Lock()


class _BoundedLanguageTool(language_tool_python.LanguageTool):
    """The library waits 300 s per request by default (its first request is in
    the constructor); a stuck server must not freeze the UI."""

    def __init__(self, *args: object, timeout: tuple[float, float], **kwargs: object) -> None:
        self._TIMEOUT = timeout  # type: ignore[assignment]  # read by _query_server
        # Set before the constructor's first request, so __del__ works if it fails.
        self._server = None
        self._remote = True
        self._new_spellings = None
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class GrammarUnavailable(RuntimeError):
    """The LanguageTool server cannot be reached or did not answer in time."""


@dataclass(frozen=True)
class Issue:
    """One LanguageTool match, with offsets relative to its paragraph."""

    start: int
    end: int
    rule_id: str
    message: str
    replacements: tuple[str, ...]
    category: str
    issue_type: str

    @property
    def is_spelling(self) -> bool:
        return (
            self.category == "TYPOS"
            or self.issue_type == "misspelling"
            or self.rule_id.startswith(("MORFOLOGIK_", "HUNSPELL_"))
        )


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """(start offset, paragraph) for each non-blank run between blank lines."""
    out: list[tuple[int, str]] = []
    pos = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        if text[pos : brk.start()].strip():
            out.append((pos, text[pos : brk.start()]))
        pos = brk.end()
    if text[pos:].strip():
        out.append((pos, text[pos:]))
    return out


def utf16_to_index(text: str, units: int, start: int = 0, start_units: int = 0) -> int:
    """Python index reached after ``units`` UTF-16 code units, scanning from ``start``."""
    i, u = start, start_units
    while u < units and i < len(text):
        u += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def to_hint(issue: Issue, offset: int, text: str) -> Hint:
    start, end = offset + issue.start, offset + issue.end
    n = len(issue.replacements)
    return Hint(
        code=f"GR:{issue.rule_id}",
        name=issue.rule_id.lower(),
        severity=Severity.WARNING if issue.is_spelling else Severity.INFO,
        message=issue.message,
        citation=CITATION,
        spans=(Span(start, end),),
        field="body",
        fix=FIX_NAME if n else None,
        # One replacement is unambiguous; several need the author to choose.
        applicability=Applicability.SAFE if n == 1 else Applicability.UNSAFE if n else Applicability.NONE,
        suggestion=issue.replacements[0] if n else None,
        excerpts=(text[start:end],),
    )


class GrammarChecker:
    """``GrammarChecker(url).check(text) -> list[Hint]`` against a LanguageTool server.

    ``url`` is the server root (``http://127.0.0.1:8081``). Thread-safe.
    """

    def __init__(
        self,
        url: str,
        language: str = "en-US",
        *,
        timeout: float = 15.0,
        cache_size: int = 2048,
        disabled_rules: Iterable[str] = (),
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"LanguageTool URL must start with http:// or https://, not {url!r}")
        self.url = url.rstrip("/") + "/"
        self.language = language
        self.timeout = timeout
        self.cache_size = cache_size
        self.disabled_rules = frozenset(disabled_rules)
        self._tool: language_tool_python.LanguageTool | None = None
        self._cache: OrderedDict[str, tuple[Issue, ...]] = OrderedDict()
        self._lock = threading.Lock()
        # Counters for benches and the doctor; tests count requests on the wire instead.
        self.stats = {"requests": 0, "paragraphs_sent": 0, "cache_hits": 0}

    # -- public -------------------------------------------------------------
    def check(self, text: str) -> list[Hint]:
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, not {type(text).__name__}")
        paragraphs = split_paragraphs(text)
        with self._lock:
            found: dict[str, tuple[Issue, ...]] = {}
            todo: list[str] = []
            for _, para in paragraphs:
                key = self._key(para)
                if key in found:
                    continue
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    self.stats["cache_hits"] += 1
                    found[key] = cached
                elif para not in todo:
                    todo.append(para)
            for batch in _batches(todo):
                for para, issues in zip(batch, self._send(batch)):
                    found[self._key(para)] = issues
                    self._remember(self._key(para), issues)
        hints = [to_hint(i, start, text) for start, para in paragraphs for i in found[self._key(para)]]
        hints.sort(key=lambda h: h.spans[0])
        return hints

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def close(self) -> None:
        with self._lock:
            if self._tool is not None:
                self._tool.close()
                self._tool = None

    def __enter__(self) -> "GrammarChecker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------
    def _key(self, para: str) -> str:
        return hashlib.sha256(f"{self.language}\0{para}".encode("utf-8", "surrogatepass")).hexdigest()

    def _remember(self, key: str, issues: tuple[Issue, ...]) -> None:
        self._cache[key] = issues
        self._cache.move_to_end(key)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _connect(self) -> language_tool_python.LanguageTool:
        if self._tool is None:
            try:
                with _LIBRARY_LOCK:
                    tool = _BoundedLanguageTool(
                        self.language,
                        remote_server=self.url,
                        # Else the library resolves "localhost" first, which fails on hosts without /etc/hosts.
                        host="127.0.0.1",
                        timeout=(min(3.0, self.timeout), self.timeout),
                    )
            except (LanguageToolError, requests.RequestException, OSError) as exc:
                raise self._unavailable(exc) from None
            except ValueError as exc:  # unknown language tag
                raise ValueError(f"LanguageTool at {self.url} does not support {self.language!r}: {exc}") from None
            tool.disabled_rules = set(self.disabled_rules)
            self._tool = tool
        return self._tool

    def _unavailable(self, exc: BaseException) -> GrammarUnavailable:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return GrammarUnavailable(
            f"LanguageTool at {self.url} is not answering ({detail}); start it with "
            "`scripts/languagetool.sh start` or check the URL in settings"
        )

    def _send(self, batch: list[str]) -> list[tuple[Issue, ...]]:
        """One request for ``batch``; returns each paragraph's issues, in order."""
        tool = self._connect()
        joined = JOINER.join(batch)
        try:
            with _LIBRARY_LOCK:
                matches = tool.check(joined)
        except (LanguageToolError, requests.RequestException, OSError) as exc:
            raise self._unavailable(exc) from None
        self.stats["requests"] += 1
        self.stats["paragraphs_sent"] += len(batch)
        starts, pos = [], 0
        for para in batch:
            starts.append(pos)
            pos += len(para) + len(JOINER)
        per_para: list[list[Issue]] = [[] for _ in batch]
        for m in matches:
            start = m.offset  # already a Python index (the library corrects astral characters)
            # The length is in UTF-16 units; count them from the start.
            start_units = start + sum(1 for ch in joined[:start] if ord(ch) > 0xFFFF)
            end = utf16_to_index(joined, start_units + m.error_length, start, start_units)
            k = bisect_right(starts, start) - 1
            if k < 0 or end > starts[k] + len(batch[k]) or start >= starts[k] + len(batch[k]):
                continue  # falls on the joiner or spans two paragraphs: not the author's text
            per_para[k].append(
                Issue(
                    start=start - starts[k],
                    end=end - starts[k],
                    rule_id=str(m.rule_id),
                    message=str(m.message),
                    replacements=tuple(str(r) for r in (m.replacements or [])),
                    category=str(getattr(m, "category", "") or ""),
                    issue_type=str(getattr(m, "rule_issue_type", "") or ""),
                )
            )
        return [tuple(issues) for issues in per_para]


def _batches(paragraphs: list[str]) -> Iterable[list[str]]:
    batch: list[str] = []
    size = 0
    for para in paragraphs:
        if batch and size + len(para) > MAX_REQUEST_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(para)
        size += len(para) + len(JOINER)
    if batch:
        yield batch
