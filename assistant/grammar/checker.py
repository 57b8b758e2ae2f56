"""Grammar and spelling hints from a local LanguageTool server.

Only paragraphs not seen before go over the wire: results are cached per
paragraph (by hash), and the paragraphs that did change are sent together in
one request and mapped back to offsets in the caller's string. Offsets are
Python string indices (LanguageTool counts UTF-16 units; converted here).

The client is plain HTTP to LanguageTool's documented API (``GET /v2/languages``,
``POST /v2/check``) over one ``requests.Session`` with connect/read timeouts: the
project runs the server itself, so nothing of language_tool_python's server
management is needed, and its client has no public timeout (300 s fixed) and
corrects offsets with class-level state. language_tool_python still does what it
is good at here: ``LanguageTag`` resolves the configured language against the
codes the server reports (``en_us`` -> ``en-US``, unsupported -> ValueError).
``bench/grammar_client.py`` compares both clients: the check round trip is
LanguageTool's time either way and the import times are within noise, so the
choice rests on timeouts and on using public API only.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable

import requests

from assistant.core.model import Applicability, Hint, Severity, Span

CITATION = "Grammar and spelling (LanguageTool)"
FIX_NAME = "grammar"
# Paragraphs are joined with this in one request; blank lines keep LanguageTool's
# paragraph-level rules from reaching across them.
JOINER = "\n\n"
# Keep each request well under any server text limit and the read timeout.
MAX_REQUEST_CHARS = 20_000
_PARAGRAPH_BREAK = re.compile(r"\r?\n(?:[ \t\f\v]*\r?\n)+")
# Connecting to a server on this machine is instant or refused; never wait long for it.
CONNECT_TIMEOUT = 3.0


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
        self._session: requests.Session | None = None
        self._language_code: str | None = None  # as the server spells it, once connected
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
            if self._session is not None:
                self._session.close()
                self._session = None

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

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        """One call to the server's JSON API; any failure is GrammarUnavailable."""
        assert self._session is not None
        timeout = (min(CONNECT_TIMEOUT, self.timeout), self.timeout)
        try:
            r = self._session.request(method, self.url + path, timeout=timeout, **kwargs)
            if r.status_code == 200:
                return r.json()
        except (requests.RequestException, ValueError) as exc:  # ValueError: not JSON
            raise self._unavailable(exc) from None
        # LanguageTool explains a refusal in plain text (e.g. the text is too long).
        detail = (r.text.strip().splitlines() or [""])[0][:200]
        raise GrammarUnavailable(f"LanguageTool at {self.url} refused the request (HTTP {r.status_code}: {detail})")

    def _connect(self) -> str:
        """Open the session and resolve the language against the server's list (once)."""
        if self._session is None:
            self._session = requests.Session()
        if self._language_code is None:
            from language_tool_python import LanguageTag  # only when connecting: keeps `import` light

            codes = {c for lang in self._request("GET", "v2/languages") for c in (lang.get("code"), lang.get("longCode"))
                     if c}
            try:
                self._language_code = str(LanguageTag(self.language, codes))
            except ValueError as exc:
                raise ValueError(f"LanguageTool at {self.url} does not support {self.language!r}: {exc}") from None
        return self._language_code

    def _unavailable(self, exc: BaseException) -> GrammarUnavailable:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return GrammarUnavailable(
            f"LanguageTool at {self.url} is not answering ({detail}); start it with "
            "`scripts/languagetool.sh start` or check the URL in settings"
        )

    def _send(self, batch: list[str]) -> list[tuple[Issue, ...]]:
        """One request for ``batch``; returns each paragraph's issues, in order."""
        joined = JOINER.join(batch)
        form = {"language": self._connect(), "text": joined}
        if self.disabled_rules:
            form["disabledRules"] = ",".join(sorted(self.disabled_rules))
        matches = self._request("POST", "v2/check", data=form).get("matches", [])
        self.stats["requests"] += 1
        self.stats["paragraphs_sent"] += len(batch)
        starts, pos = [], 0
        for para in batch:
            starts.append(pos)
            pos += len(para) + len(JOINER)
        per_para: list[list[Issue]] = [[] for _ in batch]
        for m in matches:
            # offset and length are UTF-16 code units (Java strings).
            start = utf16_to_index(joined, m["offset"])
            end = utf16_to_index(joined, m["offset"] + m["length"], start, m["offset"])
            k = bisect_right(starts, start) - 1
            if k < 0 or end > starts[k] + len(batch[k]) or start >= starts[k] + len(batch[k]):
                continue  # falls on the joiner or spans two paragraphs: not the author's text
            rule = m.get("rule") or {}
            per_para[k].append(
                Issue(
                    start=start - starts[k],
                    end=end - starts[k],
                    rule_id=str(rule.get("id", "")),
                    message=unicodedata.normalize("NFKC", str(m.get("message", ""))),
                    replacements=tuple(str(r.get("value", "")) for r in m.get("replacements") or ()),
                    category=str((rule.get("category") or {}).get("id", "")),
                    issue_type=str(rule.get("issueType", "")),
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
