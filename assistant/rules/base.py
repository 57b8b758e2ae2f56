"""What every rule shares: the class shape, the check context, phrase lists.

A rule is a small class whose docstring is its documentation (sections
``What it does``, ``Why``, ``Example``, ``Policy``, ``Fix``), in the manner
of Ruff's rule docs. Word lists live in ``data/terms.toml`` (checks as data,
as in proselint); ``Phrases`` turns a list into one compiled matcher.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import ClassVar, Iterable, Iterator, Sequence

from assistant.core.content import WORD_RE, Content, parse, quoted_date
from assistant.core.model import Applicability, Draft, Hint, Severity, Span
from assistant.policy import Policy
from assistant.policy.datafile import loads_toml, read_package_text

DOC_SECTIONS = ("What it does", "Why", "Example", "Policy", "Fix")
LINT_CHARS = 100_000

# One set of reply/forward prefixes, the core's (the loaders read the compose type from it).
from assistant.core.text.subject import (  # noqa: E402
    FORWARD_PREFIXES,
    REPLY_PREFIXES,
    has_reply_prefix,
    strip_prefixes,
)


class RuleDataError(RuntimeError):
    """A shipped word-list file is missing or damaged (an install problem)."""


@lru_cache(maxsize=None)
def terms(file: str = "terms.toml") -> dict:
    """One word-list file of ``rules/data`` (``terms.toml``, ``email_protocol.toml``)."""
    where = f"rule data file assistant/rules/data/{file}"
    try:
        text = read_package_text("assistant.rules", __file__, "data", file)
    except OSError as exc:
        raise RuleDataError(f"{where} cannot be read ({exc.__class__.__name__}); reinstall the application") from None
    try:
        return loads_toml(text, file)  # parsed once per content (a cache beside the settings)
    except ValueError as exc:
        import tomllib  # only a damaged file gets here

        if not isinstance(exc, tomllib.TOMLDecodeError):
            raise
        raise RuleDataError(f"{where} is damaged ({exc}); reinstall the application") from None


@lru_cache(maxsize=None)
def terms_regex(file: str, section: str, key: str) -> re.Pattern[str]:
    """The regular expressions of ``[section] key`` in a data file as one case-insensitive
    alternation, compiled on first use (a pattern that never matches when the list is empty)."""
    return re.compile("|".join(f"(?:{r})" for r in terms(file)[section].get(key, ())) or "(?!x)x", re.I)


_TOKEN = re.compile(r"[\w'’]+|[^\w\s]+")


class _Spans:
    """The tokens' (start, end) offsets, found on first use: most phrase lists match
    nothing, and building a match object per token is most of the tokenizer's time."""

    __slots__ = ("_text", "_spans")

    def __init__(self, text: str) -> None:
        self._text = text
        self._spans: list[tuple[int, int]] | None = None

    def __getitem__(self, i: int) -> tuple[int, int]:
        if self._spans is None:
            self._spans = [m.span() for m in _TOKEN.finditer(self._text)]
        return self._spans[i]


@lru_cache(maxsize=32)
def tokens(text: str) -> tuple[tuple[str, ...], "Sequence[tuple[int, int]]", frozenset[str]]:
    """Lower-cased word and punctuation tokens of ``text``, their spans, and the set of them."""
    low = text.lower()
    # Lower-casing first is the same tokenization when every character maps to one
    # character (checked over all of Unicode for \w, \s and the quotes) and no capital
    # sigma is present (its lower case depends on the letters around it).
    if len(low) != len(text) or "Σ" in text:
        toks, spans = [], []
        for m in _TOKEN.finditer(text):
            toks.append(m.group().lower().replace("’", "'"))
            spans.append(m.span())
        return tuple(toks), tuple(spans), frozenset(toks)
    low = low.replace("’", "'")
    toks = _TOKEN.findall(low)
    return tuple(toks), _Spans(low), frozenset(toks)


class Phrases:
    """A list of phrases matched case-insensitively as whole token sequences.

    Matching walks the text's tokens once (no giant regex alternation), so a
    list of hundreds of phrases costs about the same as a list of one.
    """

    def __init__(self, items: Iterable[str]):
        self.phrases = frozenset(p.strip().lower() for p in items if p.strip())
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in self.phrases:
            seq = tuple(t.lower().replace("’", "'") for t in _TOKEN.findall(p))
            if seq:
                self._by_first.setdefault(seq[0], []).append(seq)
        for seqs in self._by_first.values():
            seqs.sort(key=len, reverse=True)  # longest match first
        self._firsts = frozenset(self._by_first)

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of every non-overlapping match, in order."""
        toks, spans, present = tokens(text)
        firsts = self._firsts & present
        if not firsts:
            return []
        # Only the phrases all of whose words are in the text can match ("please" is
        # common, "please forward this" is not): a set test per phrase spares the scans
        # for a first word none of whose phrases can match. The longest still comes first.
        viable: dict[str, list[tuple[str, ...]]] = {}
        for first in firsts:
            seqs = [seq for seq in self._by_first[first] if len(seq) == 1 or present.issuperset(seq)]
            if seqs:
                viable[first] = seqs
        if not viable:
            return []
        # Only positions holding a phrase's first word can start a match: find them
        # with tuple.index (a scan in C) instead of visiting every token in Python.
        starts: list[int] = []
        for first in viable:
            i = -1
            try:
                while True:
                    i = toks.index(first, i + 1)
                    starts.append(i)
            except ValueError:
                pass
        starts.sort()
        out = []
        free = 0  # matches do not overlap: the next one starts at or after this token
        for i in starts:
            if i < free:
                continue
            for seq in viable[toks[i]]:
                k = len(seq)
                if toks[i : i + k] == seq:
                    out.append((spans[i][0], spans[i + k - 1][1], " ".join(seq)))
                    free = i + k
                    break
        return out

    def spans(self, text: str) -> list[Span]:
        return [Span(a, b) for a, b, _ in self.matches(text)]

    def search(self, text: str) -> bool:
        return bool(self.matches(text))

    def found(self, text: str) -> set[str]:
        return {p for _, _, p in self.matches(text)}


@lru_cache(maxsize=None)
def phrases(section: str, key: str, file: str = "terms.toml") -> Phrases:
    return Phrases(terms(file)[section][key])


@dataclass
class Context:
    """One check of one draft: the draft, the policy and the parsed body."""

    draft: Draft
    policy: Policy

    @cached_property
    def content(self) -> Content:
        return parse(self.draft, self.policy.notice_words)

    @cached_property
    def full_text(self) -> str:
        """What the author wrote now: new text less signature and notice (same offsets)."""
        return self.content.authored_text

    @cached_property
    def text(self) -> str:
        """``full_text`` up to LINT_CHARS: the part the language rules read.

        A message longer than that is already far over EM601's limit; reading
        its first part keeps a pasted 25 MB body a quick check.
        """
        return self.full_text[:LINT_CHARS]

    @cached_property
    def word_count(self) -> int:
        if len(self.full_text) <= LINT_CHARS:
            return len(WORD_RE.findall(self.text))  # no match objects: only the count is read
        return len(self.full_text.split())

    @cached_property
    def conduct(self) -> dict:
        """The conduct model's reading of the text and subject (``assistant.core.conduct``):
        one pass for every code it reads, shared by their rules."""
        from assistant.rules.confidentiality import model_gates

        subject = strip_prefixes(self.draft.subject or "")
        gates = model_gates()
        # No word of harm or sex anywhere: nothing to read, and the model (a 3.7 MB
        # file) is not even loaded; most mail stops here.
        if not any(gate(self.text) or (subject and gate(subject)) for gate in gates.values()):
            return {}
        from assistant.core import conduct

        return conduct.load_model().read(self.text, subject, gates)

    @cached_property
    def insults(self):
        """CF201's learned reader (``conduct.INSULTS_PATH``) on the text and subject: its
        best sentence that points at a person, or None when no sentence does or none
        could flag."""
        from assistant.core import conduct
        from assistant.rules.confidentiality import person_gate

        text = self.text
        subject = strip_prefixes(self.draft.subject or "")
        model = conduct.load_model(conduct.INSULTS_PATH)
        if not model.may_flag(text, subject)[0]:
            return None  # no sentence could read as demeaning (most mail): nothing to read
        gate = person_gate()
        if not gate(text) and not (subject and gate(subject)):
            return None
        return model.read(text, subject, {"CF201": gate}).get("CF201")

    @cached_property
    def any_external(self) -> bool:
        return any(r.address and not self.policy.is_internal(r.address) for r in self.draft.all_recipients)

    @cached_property
    def replied_date(self):
        return self.draft.in_reply_to_date or quoted_date(self.content.quoted_text)

    def excerpt(self, span: Span) -> str:
        return self.content.new_text[span.start : span.end]


class Rule:
    code: ClassVar[str]
    # The stable kebab-case id ("cc-overuse"): the catalogue's, config's and API's key.
    name: ClassVar[str]
    # What people read ("Too many people on Cc"): the UI, `rules` and docs/rules.md.
    # A rule without one gets its id in words ("cc overuse" -> "Cc overuse").
    title: ClassVar[str] = ""
    severity: ClassVar[Severity]
    # Where in BP 1114 the rule comes from, e.g. "BP 1114, Email Protocol A".
    citation: ClassVar[str]
    fix: ClassVar[str | None] = None
    applicability: ClassVar[Applicability] = Applicability.NONE

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.title and isinstance(cls.__dict__.get("name"), str):
            cls.title = cls.name.replace("-", " ").capitalize()

    def check(self, ctx: Context) -> Iterable[Hint]:  # pragma: no cover - abstract
        raise NotImplementedError

    def hint(
        self,
        ctx: Context,
        message: str,
        *,
        spans: Iterable[Span] = (),
        field: str = "body",
        severity: Severity | None = None,
        suggestion: str | None = None,
        fix: str | None | bool = True,
    ) -> Hint:
        spans = tuple(spans)
        fix_id = self.fix if fix is True else (fix or None)
        return Hint(
            code=self.code,
            name=self.name,
            title=self.title,
            severity=severity or self.severity,
            message=message,
            citation=self.citation,
            spans=spans,
            field=field,
            fix=fix_id,
            applicability=self.applicability if fix_id else Applicability.NONE,
            suggestion=suggestion,
            excerpts=tuple(ctx.excerpt(s) for s in spans),
        )

    @classmethod
    def docs(cls) -> dict[str, str]:
        """The docstring's sections, keyed by heading."""
        return parse_doc(cls.__doc__ or "")

    @classmethod
    def to_json(cls) -> dict:
        """The rule's catalogue entry and docs (CLI `rules --format json`, API)."""
        return {
            "code": cls.code,
            "name": cls.name,
            "title": cls.title,
            "severity": cls.severity.value,
            "citation": cls.citation,
            "fix": cls.fix,
            "applicability": cls.applicability.value,
            "docs": cls.docs(),
        }


def parse_doc(doc: str) -> dict[str, str]:
    """Split a rule docstring into its summary and its headed sections."""
    import inspect  # docs only (`rules CODE`, docs/rules.md), never a check
    import textwrap

    sections: dict[str, list[str]] = {"Summary": []}
    current = "Summary"
    for line in inspect.cleandoc(doc).splitlines():
        heading = line.strip().rstrip(":")
        if not line.startswith(" ") and line.rstrip().endswith(":") and heading in DOC_SECTIONS:
            current = heading
            sections[current] = []
            continue
        sections[current].append(line)
    return {k: textwrap.dedent("\n".join(v)).strip() for k, v in sections.items()}


# A title's abbreviation right before a stop ("Mr.", "Dra."): the stop ends no sentence.
_TITLE_BEFORE = re.compile(r"(?<![\w.])(?:mr|mrs|ms|dr|sr|sra|srta|dra|prof)\Z", re.I)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*(?=\s)|\n")


@lru_cache(maxsize=32)
def sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence-ish spans: split at . ! ? and line breaks."""
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group() == "." and _TITLE_BEFORE.search(text, max(0, m.start() - 5), m.start()):
            continue  # "Mr. Dale Renner", "Sra. Cárdenas": a title's stop ends no sentence
        if text[start:end].strip():
            out.append((start, end))
        start = end
    if text[start:].strip():
        out.append((start, len(text)))
    return tuple(out)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    return iter(sentence_bounds(text))


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The sentence holding offset ``pos``."""
    bounds = sentence_bounds(text)
    i = bisect.bisect_right([a for a, _ in bounds], pos) - 1
    return bounds[i] if i >= 0 else (0, len(text))
