"""BP 1114, "Social Media Protocol for Employees" (and Telephone C), as rules.

The checks are data: record phrases per category in ``data/records.toml`` (CF101),
derogatory words, idioms and threat parts in ``data/conduct.toml`` (CF201, CF202),
term lists in ``data/terms.toml``. Who a record or an insult is about comes from
the person detector (``assistant.core.people``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Callable, Iterable

from assistant.core.content import WORD_RE
from assistant.core.model import ComposeType, Hint, Severity, Span
from assistant.core.people import TITLES_ABBR, TITLES_WORD, PersonRef, find_people, name_lists, person_in_sentence_or_linked, recipient_names
from assistant.core.people import sentences as _people_sentences
from assistant.rules.base import Context, Phrases, Rule, phrases, sentence_at, sentence_bounds, sentences, strip_prefixes, terms, terms_regex, tokens
from assistant.rules.base import _TOKEN  # the tokenizer of tokens(), for phrases of the data
from assistant.rules.phrase_scan import (
    _FOLD_MAP, _MAX_STARTS, SplitPhrases, _alternation, _trigger_at, alternation_matches, folded, occurrences, triggers_found, phrase_strings, split_phrases,
)


@lru_cache(maxsize=None)
def _data(name: str) -> dict:
    """A rule data file (``RuleDataError`` naming it when missing or damaged)."""
    return terms(name)


class _Lazy:
    """Named values built on first use: a check compiles only the patterns it reaches."""

    def __init__(self, **factories):
        self._factories = factories
        self._values: dict[str, object] = {}

    def __getitem__(self, key: str):
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = self._factories[key]()
            return value


# The keys each data file must have (section -> keys); ``validate_data`` checks them.
_REQUIRED = {
    "conduct.toml": {
        "derogatory": ("person_nouns", "predicates", "adjectives", "attributive_only", "roles", "bias_regex", "bias_triggers", "allowed"),
        "threats": ("intent_regex", "harm_verbs", "outcome_verbs", "targets_regex", "outcomes_regex", "enclitic_regex",
                    "allowed_after_regex", "weapons", "weapon_verbs", "standalone", "allowed"),
    },
    "terms.toml": {
        "harassing": ("insults", "targets", "slurs"),
        "explicit": ("terms", "allowed_contexts"),
        "media": ("words", "allowed", "student_cues", "not_people", "logo_file_regex", "inline_photo_bytes"),
    },
}


def validate_data() -> int:
    """Read the CF data files and check their shape, without compiling a pattern
    (that happens per category, when a check first needs it). ``RuleDataError``
    names a missing file or key. Returns how many record categories there are."""
    from assistant.rules.base import RuleDataError

    for name, sections in _REQUIRED.items():
        data = _data(name)
        for section, keys in sections.items():
            for key in keys:
                if key not in data.get(section, {}):
                    raise RuleDataError(f"rule data file {name} has no [{section}] {key}; reinstall the application")
    records = _data("records.toml")
    cats = records.get("categories")
    if not isinstance(cats, dict) or not cats or "numbers" not in records or "headers" not in records.get("table", {}):
        raise RuleDataError("rule data file records.toml has no record categories; reinstall the application")
    for key, cat in cats.items():
        if not isinstance(cat.get("patterns"), list) or not all(isinstance(p, str) for p in cat["patterns"]) or "label" not in cat:
            raise RuleDataError(f"rule data file records.toml: category {key} needs a label and a list of patterns")
    return len(cats)


def compile_all() -> int:
    """Compile every CF pattern now (tests and ``doctor --deep``-style checks that a
    pattern in the data is valid); start-up only calls ``validate_data``."""
    for cat in record_categories():
        cat.pattern
    _table_headers()
    c, t, m = _conduct(), _threat_parts(), _media_terms()
    for key in ("predicate", "insult_heads", "addressed", "attributive", "role", "sexual_target", "bias", "allowed", "allowed_regex"):
        c[key]
    for key in ("intent", "harm", "outcome_verbs", "targets", "outcomes", "enclitic", "weapons", "weapon_verbs", "with_weapon",
                "allowed", "allowed_after", "standalone_regex", "conditional"):
        t[key]
    for key in ("words", "not_people", "allowed", "students", "logo_names", "consent"):
        m[key]
    _explicit()["strong"]
    HarassingOrDerogatory.aimed()
    return len(record_categories())


def phrase_rx(items: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive regex for a phrase list (longest first; any space, either apostrophe)."""
    alts = []
    for p in sorted({i.strip() for i in items if i.strip()}, key=len, reverse=True):
        parts = []
        for ch in p:
            parts.append(r"\s+" if ch == " " else "['’]" if ch in "'’" else re.escape(ch))
        alts.append("".join(parts))
    return re.compile(r"(?<![\w'’])(?:" + "|".join(alts) + r")(?![\w'’])", re.I)


def _quote(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


# --------------------------------------------------------------------------- shared


# Reporting what someone else said or wrote is not saying it.
REPORTING = re.compile(
    r"\b(?:said|says|told|wrote|posted|texted|threatened|heard|reported|report|called|yelled|shouted|"
    r"used|using|typed|overheard|screamed|claims|claimed|dijo|escribió|escribio|publicó|publico|llamó|llamo|llamaron)\b",
    re.I,
)
_OPEN_QUOTES = "\"“«"


def reported(text: str, pos: int) -> bool:
    """Whether the words at ``pos`` are quoted or reported speech in their sentence:
    someone else's. What the writer says they said ("I told him he's a joke", "said what
    everyone thinks, that ...", the subject dropped) is the writer's own."""
    before = text[sentence_at(text, pos)[0] : pos]
    # An open quotation, not a closed one ('another IEP "accommodation" for ...').
    if _in_quotes(text, pos):
        return True
    return any((m.group(0).lower() in _HEARD or not _WRITER_SAYS.search(before, 0, m.start()))
               and not _CONDITION_ON.search(before, 0, m.start())
               and not _BUT_THEN.search(before, m.end())
               for m in REPORTING.finditer(before))


# A contrast after the report ends it: what follows is the writer's own ("His IEP says ED
# ..., but between us he's a spoiled little psycho").
_BUT_THEN = re.compile(r",\s*(?:but|pero)\b|;\s*(?:but|pero)?\b|\bbut\s+(?:between\s+(?:us|you\s+and\s+me)|honestly|frankly)\b", re.I)
# A condition on someone's saying it is no report of what was said: "if he says it one
# more time in the staff room, ...".
_CONDITION_ON = re.compile(r"\b(?:if|when|whenever|next\s+time|si|cuando)\s+(?:[\w'’]+\s+){0,3}\Z", re.I)
# The writer as the one speaking: "I said", "I told him", "we reported", or a reporting
# verb opening the sentence with its subject dropped ("said what everyone thinks").
# "I heard him say ...": the writer listened; the words are someone else's.
_HEARD = frozenset(("heard", "overheard"))
_WRITER_SAYS = re.compile(r"(?:\b(?:i|we)\s+(?:\w+ly\s+|just\s+|even\s+|also\s+|finally\s+)?|^\W*)\Z", re.I)


def _in_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` sits inside an open quotation in its sentence (double quotes, or
    a single quote that opens before a word: "said, 'If they ...'", not "don't")."""
    start = sentence_at(text, pos)[0]
    before = text[start:pos]
    if before.count('"') % 2 == 1 or before.count("“") > before.count("”") or "«" in before:
        return True
    upto = text[start : pos + 1]  # a quote right before ``pos`` opens before its word
    return len(_OPEN_SINGLE.findall(upto)) > len(_CLOSE_SINGLE.findall(upto))


_OPEN_SINGLE = re.compile(r"(?:^|(?<=[\s(\[,:;—–-]))['‘](?=\w)")
_CLOSE_SINGLE = re.compile(r"(?<=[\w.!?,])['’](?=\s|$|[.,;:!?)\]])")


# A reporting verb that introduces the words right after it ("he wrote: I'll ...").
_INTRODUCED = re.compile(
    r"\b(?:said|says|wrote|writes|posted|texted|typed|yelled|shouted|screamed|threatened|told\s+\w+|"
    r"dijo|escribió|escribio|publicó|publico)\s*(?:that\s+|que\s+)?[:,]?\s*['‘\"“]?\s*$",
    re.I,
)


def sentence_bounds_list(text: str) -> list[tuple[int, int]]:
    return list(sentences(text))


# A long text is read only around the words a rule looks for: sentences holding one,
# with this many sentences either side (pronouns refer back one sentence).
_AROUND = 2
_LONG = 3000


def windows(text: str, positions: Iterable[int], around: int = _AROUND) -> list[tuple[int, int]]:
    """Merged (start, end) runs of whole sentences around ``positions``."""
    bounds = sentence_bounds(text)
    if not bounds:
        return []
    starts = [a for a, _ in bounds]
    out: list[tuple[int, int]] = []
    for p in sorted(set(positions)):
        i = max(0, bisect_right(starts, p) - 1)
        lo, hi = bounds[max(0, i - around)][0], bounds[min(len(bounds) - 1, i + around)][1]
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _shift(ref: PersonRef, by: int) -> PersonRef:
    ante = _shift(ref.antecedent, by) if ref.antecedent is not None else None
    return replace(ref, start=ref.start + by, end=ref.end + by, antecedent=ante)


def _recipients(ctx: Context) -> list[str]:
    return [f"{r.name} <{r.address}>" if r.name else r.address for r in ctx.draft.all_recipients]


def people_in(ctx: Context, lo: int, hi: int) -> list[PersonRef]:
    """People referred to in ``ctx.text[lo:hi]`` (offsets in the whole text); the whole
    text's detection when it is short or already done."""
    if (lo == 0 and hi >= len(ctx.text)) or len(ctx.text) <= _LONG or "_cf_people" in ctx.__dict__:
        return [r for r in _people(ctx) if lo <= r.start < hi]
    cache = ctx.__dict__.setdefault("_cf_people_in", {})
    if (lo, hi) not in cache:
        piece = ctx.text[lo:hi]
        cache[(lo, hi)] = [_shift(r, lo) for r in _not_laws(piece, find_people(piece, recipients=_recipients(ctx)))]
    return cache[(lo, hi)]


def _person_for(ctx: Context, start: int, end: int) -> PersonRef | None:
    """``person_in_sentence_or_linked`` for a span, reading only the sentences around it in a long text."""
    text = ctx.text
    if len(text) <= _LONG:
        return person_in_sentence_or_linked(text, (start, end), people=_people(ctx))
    lo, hi = windows(text, (start,))[0]
    refs = [_shift(r, -lo) for r in people_in(ctx, lo, hi)]
    who = person_in_sentence_or_linked(text[lo:hi], (start - lo, end - lo), people=refs)
    return _shift(who, lo) if who is not None else None


# A sentence that names its own subject: a record in it is about that subject, not about
# the person of the sentence before ("The class average was 82%", "Our team lost 3 games").
_OWN_SUBJECT = re.compile(
    r"\b(?:i|we|you|they|the\s+(?:class|team|school|group|average|district|students|kids)|our|my\s+class|everyone|nobody|all|"
    r"students|kids|children|families|parents|staff|teachers|those|these|anyone|anybody|estudiantes|alumnos|niños|padres|familias)\b", re.I)


@lru_cache(maxsize=8)
def _person_sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_people_sentences(text))


# Someone's own child in Spanish, whose next sentence drops the subject: "su hijo es un vago.
# Tiene 38% en Animación" (English says "He has ...", which the detector ties itself).
_THEIR_CHILD = re.compile(r"(?:su|tu)\s+(?:hij[oa]|niñ[oa]|chamac[oa]|muchach[oa]|nieto|nieta)", re.I)


def _names_someone(text: str, r: PersonRef) -> bool:
    """Whether ``r`` names one person a next sentence's record can be about: a name, a
    possessive or a title, or "su hijo" said of one family (not "si su hijo ..." to all)."""
    if r.kind in ("name", "possessive", "title"):
        return True
    return (r.kind == "role" and _THEIR_CHILD.fullmatch(r.text) is not None
            and not _hypothetical(text, r.start) and not _to_all_families(text))


def _named_just_before(ctx: Context, start: int) -> PersonRef | None:
    """The one person named (by name or title) in the sentence before a record's sentence,
    when the record's sentence names nobody and has no subject of its own: "Valeria
    Guzmán has a new seizure plan. Her neurologist changed the dose" is about Valeria,
    "Student: Isabella Romano, gr 4" then "Concerns: reading 2 grade levels below" too."""
    text = ctx.text
    bounds = _person_sentences(text)  # the detector's sentences: "(gr. 4, ID 40881)" stays whole
    starts = [a for a, _ in bounds]
    k = bisect_right(starts, start) - 1
    if k <= 0:
        return None
    a, b = bounds[k]
    if _OWN_SUBJECT.search(text, a, start):
        return None
    pa, pb = bounds[k - 1]
    refs = people_in(ctx, pa, b)
    if any(a <= r.start < b for r in refs):
        return None  # the record's own sentence has people: person_in_sentence_or_linked decided
    # The person the sentence is addressed to ("Sr. Herrera, le aviso que Diego ...") is
    # the reader, not whom the next sentence's record is about.
    named = [r for r in refs if pa <= r.start < pb and _names_someone(text, r)
             and not (not text[pa:r.start].strip() and text[r.end:r.end + 1] == ",") and not _greeting_line(text, r)]
    if len({r.text.removesuffix("'s").removesuffix("’s") for r in named}) != 1:
        return None
    return named[-1]


# The words that open a greeting (before the reader's name).
_GREETING_WORDS = (r"(?:dear|hi|hello|hey|good\s+(?:morning|afternoon|evening)|estimad[oa]s?|querid[oa]s?|hola|"
                   r"buen(?:os|as)\s+(?:d[ií]as|tardes|noches))")
# A line that only greets its readers: "Elena, Lionel,", "Hi Ana and Luis:", "Sra. Ruiz:"
# (a bare name before a colon, "Ethan Brooks:", heads a list of his record instead).
_GREETING_LINE = re.compile(
    rf"[ \t]*(?P<greet>{_GREETING_WORDS}[ \t,]+)?"
    r"(?P<first>(?-i:[A-ZÁÉÍÓÚÑ])[\w'’.-]*)(?:(?:[ \t]*(?:,|&|\band\b|\by\b)(?:[ \t]*(?:and|y)\b)?[ \t]*|[ \t]+)"
    r"(?-i:[A-ZÁÉÍÓÚÑ])[\w'’.-]*){0,8}[ \t]*(?P<end>[,:])[ \t]*",
    re.I)


def _greeting_line(text: str, ref: PersonRef) -> bool:
    """Whether ``ref`` stands on a line that only greets (``_GREETING_LINE``): whom the
    message is to, not whom the next sentence's record is about."""
    a = text.rfind("\n", 0, ref.start) + 1
    b = text.find("\n", ref.end)
    m = _GREETING_LINE.fullmatch(text, a, len(text) if b < 0 else b)
    if m is None:
        return False
    return m["end"] == "," or m["greet"] is not None or m["first"].lower().rstrip(".") in TITLES_ABBR | TITLES_WORD


def _people(ctx: Context) -> list[PersonRef]:
    """People referred to in the new text (signature blanked), cached on the context."""
    cached = ctx.__dict__.get("_cf_people")
    if cached is None:
        cached = _not_laws(ctx.text, find_people(ctx.text, recipients=_recipients(ctx)))
        ctx.__dict__["_cf_people"] = cached
    return cached


# "Title IX" (the law, its office, its coordinator) is not a person called Title.
_LAW_NUMBER = re.compile(r"\s+(?:IX|VII|VI|I{1,3})\b")


def _not_laws(text: str, refs: list[PersonRef]) -> list[PersonRef]:
    return [r for r in refs if not (r.text == "Title" and _LAW_NUMBER.match(text, r.end))]


# --------------------------------------------------------------------------- CF101 records


# IDs and dates of birth are formats, not phrases: a disclosure on their own.
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
_STUDENT_ID = re.compile(
    r"\b(?:student\s*(?:id|number|#)|perm(?:anent)?\s*(?:id|#)|n[úu]mero\s+de\s+estudiante)\s*(?:#|no\.?|number|is|es)?\s*:?\s*\d{5,10}\b"
    # "student 412877", "(8th, ID 438812)", "Axel Ramírez (#418832)", "(ID 4402178, 9th
    # grade)": an ID in brackets after a name (a bare "ID# 243612" is as often an order's
    # or a ticket's).
    r"|\bstudent\s+#?\d{6,8}\b|\((?:[^()\n]{0,30},\s*)?(?:(?-i:ID)\s*#?|#)\s*\d{6,8}(?:,\s*(?:\d{1,2}(?:st|nd|rd|th|o|er)\b|grade|grado|kinder|dob)[^()\n]{0,40})?\)",
    re.I,
)
_DOB = re.compile(
    r"\b(?:dob|d\.o\.b\.|date of birth|birth ?date|fecha de nacimiento)\s*(?:is|was|es)?\s*:?\s*"
    r"(?:\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d)"
    r"|\bborn\s+(?:on\s+)?\d{1,2}[/-]\d{1,2}[/-]\d{2,4}"
    # Spanish lists abbreviate it: "nac. 03/02/2012", "F. nac.:", "fecha de nac.", "nacido el".
    r"|\b(?:fecha\s+de\s+)?nac\.\s*:?\s*\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\bnacid[oa]\s+el\s+\d{1,2}[/-]\d{1,2}[/-]\d{2,4}",
    re.I,
)
# dev29: a student's number beside a full name, with nothing to say it is an ID: in
# brackets ("Owen Petrakis (2047730)", not "Purchase Order (4500123)") or as a class list,
# two rows running ("2047730  Owen Petrakis" or "Owen Petrakis - 2047730").
_NOT_A_PERSON = r"(?!(?:Purchase|Work|Order|Ticket|Case|Invoice|Account|Meeting|Zoom|Confirmation|Reference|Tracking|Serial|Asset|Room|Bus|Route|Vendor|Employee|Tax|Check|Claim|Policy)\b)"
_NAME = r"(?-i:[A-ZÁÉÍÓÚÑ])[a-záéíóúñ’'-]+[ \t]+(?-i:[A-ZÁÉÍÓÚÑ])[\w’'-]+"
_ID_BESIDE_NAME = re.compile(
    rf"(?<![\w.]){_NOT_A_PERSON}{_NAME}[ \t]*\([ \t]*\d{{6,8}}[ \t]*\)"
    rf"|(?m:^[ \t]*(?:\d{{6,8}}[ \t]*(?:[-–:|\t]|[ \t]{{2}})[ \t]*{_NAME}|{_NOT_A_PERSON}{_NAME}[ \t]*(?:[-–:|\t]|[ \t]{{2}})[ \t]*\d{{6,8}})[ \t]*$"
    rf"\n[ \t]*(?:\d{{6,8}}[ \t]*(?:[-–:|\t]|[ \t]{{2}})[ \t]*{_NAME}|{_NAME}[ \t]*(?:[-–:|\t]|[ \t]{{2}})[ \t]*\d{{6,8}})[ \t]*$)",
)
_NAME_RX = re.compile(_NAME)
_SIX_DIGITS = re.compile(r"\d{6}")
_ID_SHAPE = re.compile(r"\([ \t]*\d{6,8}[ \t]*\)|^[ \t]*\d{6,8}\b|\b\d{6,8}[ \t]*$", re.M)


def _given_names(found: str) -> bool:
    """Whether every name in an ``_ID_BESIDE_NAME`` match starts with a given name of the
    shipped lists ("Owen Petrakis"): a place or a firm ("El Paso (794022)", "Delta Natural
    Gas (819288)") has a number beside it as often."""
    given = name_lists().given
    names = [m.group().split()[0].lower() for m in _NAME_RX.finditer(found)]
    return bool(names) and all(len(n) > 2 and n in given for n in names)  # not "El Paso"


# Words each pattern above cannot match without (lower case). On ASCII text,
# lower-casing is exactly the patterns' case folding, so a pattern whose words are
# all absent cannot match and is not run over the text.
_NEEDS = (
    (_SSN, ("-",)),
    (_STUDENT_ID, ("student", "perm", "estudiante", "id", "#")),
    (_DOB, ("dob", "d.o.b.", "birth", "born", "nac")),
)


def _record_patterns(text: str) -> list[re.Pattern[str]]:
    """The ID and date-of-birth patterns that can match ``text``."""
    low = folded(text)
    if low is None:
        return [rx for rx, _ in _NEEDS]
    return [rx for rx, words in _NEEDS if any(w in low for w in words)]


@dataclass(frozen=True)
class RecordCategory:
    key: str
    label: str
    sources: tuple[str, ...]
    needs_person: bool
    triggers: tuple[str, ...] = ()

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The category's phrases as one pattern, compiled on first use (most drafts
        never reach most categories: their trigger words are absent)."""
        return _alternation(self.sources)

    @cached_property
    def trigger_index(self) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
        """Triggers by the first three letters of their first word, and the triggers
        (digits, signs, words under three letters) that are always tried."""
        index: dict[str, list[str]] = {}
        always = []
        for t in self.triggers:
            m = re.match(r"[a-z]+", t)
            if m is None or len(m.group()) < 3:
                always.append(t)
            else:
                index.setdefault(m.group()[:3], []).append(t)
        return {k: tuple(v) for k, v in index.items()}, tuple(always)

    @cached_property
    def trigger_key(self) -> dict[str, str]:
        """Each trigger's key in ``trigger_index`` (the always-tried ones have none)."""
        return {t: k for k, ts in self.trigger_index[0].items() for t in ts}

    @cached_property
    def needs(self) -> tuple[frozenset[str] | None, ...]:
        """Per phrase, strings one of which each of its matches contains (``required_strings``)."""
        return tuple(need for need, _ in phrase_strings(self.sources))

    @cached_property
    def _phrases(self) -> SplitPhrases | None:
        """The phrases for ``alternation_matches`` (``split_phrases``); None when a phrase
        has no required strings (``required_strings``: it might match an empty string, so
        the whole pattern is always run)."""
        if any(n is None for n in self.needs):
            return None
        return split_phrases(self.sources)

    def spans(self, text: str, low: str | None, lo: int, hi: int) -> list[tuple[int, int]]:
        """(start, end) of the matches of ``pattern`` in ``text[lo:hi]``, as ``finditer``
        gives them, trying only the phrases that can match and only where they can.

        A phrase that starts with one of some literal strings ("scored", "is absent") is
        tried only where one of them starts in ``low`` (``folded(text)``), and not at all
        when none does; other phrases, and those whose strings start too often, scan
        the window with their regex. A phrase that cannot match anywhere never decides
        a match of the alternation, so the matches are found from the phrases that can:
        the next one starts where the first of them next matches, and is that of the
        first phrase (in order) matching there. Every phrase holds a required string,
        so no match is empty."""
        phrases = self._phrases
        if low is None or phrases is None:
            return [m.span() for m in self.pattern.finditer(text, lo, hi) if m.end() > m.start()]
        return [(a, b) for a, b, _ in alternation_matches(phrases, text, low, lo, hi)]

    def may_match(self, text: str, low: str | None, heads: frozenset[str] | None = None) -> bool:
        """False when no trigger is in ``low`` (``folded(text)``): then no phrase can match.

        ``heads`` (the first three letters of each word of the text) narrows the triggers
        to try to those whose first word starts like a word of the text: a set
        intersection instead of a scan of the text per trigger."""
        if not self.triggers or low is None:
            return True
        index, always = self.trigger_index
        found = triggers_found(low, self.triggers)  # one set intersection, not a find per trigger
        if found and (heads is None or not found.isdisjoint(always) or any(self.trigger_key.get(t) in heads for t in found)):
            return True
        return self.key == "grades" and _LETTER_GRADE.search(text) is not None


# A capital letter grade standing alone ("a D in math", "two F's"): the grade phrases
# that no trigger word announces.
_LETTER_GRADE = re.compile(r"(?<![\w'’])[A-DF][+-]?(?:['’]?s)?(?=[\s,.;:)(]|$)")


@lru_cache(maxsize=1)
def record_categories() -> tuple[RecordCategory, ...]:
    """The record categories of ``data/records.toml``, each as one compiled pattern."""
    data = _data("records.toml")
    numbers = data["numbers"]
    out = []
    for key, cat in data["categories"].items():
        pats = tuple(p.replace("{numbers}", numbers) for p in cat["patterns"])
        out.append(RecordCategory(key, cat["label"], pats, cat.get("needs_person", True), tuple(cat.get("triggers", ()))))
    return tuple(out)


@lru_cache(maxsize=1)
def _table_headers() -> re.Pattern[str]:
    heads = sorted(_data("records.toml")["table"]["headers"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\w)", re.I)


@lru_cache(maxsize=1)
def _header_strings() -> tuple[str, ...]:
    """The table headers as ``folded`` text would hold them."""
    return tuple(sorted({h.lower().translate(_FOLD_MAP) for h in _data("records.toml")["table"]["headers"]}))


@lru_cache(maxsize=1)
def _header_set() -> frozenset[str]:
    return frozenset(_header_strings())


def _has_table_header(text: str, low: str | None) -> bool:
    """``_table_headers().search(text) is not None``, trying the pattern only where a
    header starts in ``low`` (``folded(text)``): a scan with the 49-way alternation
    costs ~8 ms on 100 KB (~80 ns a character), a ``str.find`` per header a tenth of
    that, and a try where one starts ~0.5 µs. When they start more often than once
    in 64 characters, the scan is cheaper: it runs instead."""
    rx = _table_headers()
    if low is None:
        return rx.search(text) is not None
    tried, most = 0, max(_MAX_STARTS, len(text) // 64)
    here = occurrences(low).present(_header_set(), 0, len(low))  # the headers the text holds
    for h in _header_strings():
        if h not in here:
            continue
        i = low.find(h)
        while i >= 0:
            if rx.match(text, i) is not None:
                return True
            tried += 1
            if tried > most:
                return rx.search(text) is not None
            i = low.find(h, i + 1)
    return False


_NUMBER_CELL = re.compile(r"(?<![\w.])\d{1,4}(?:\.\d+)?\s?%?(?![\w.])|(?<!\w)(?-i:[A-DF][+-]?)(?!\w)")
_CELL_SPLIT = re.compile(r"\t|\s*\|\s*|\s{2,}")
# Header words, any of which a table must contain (lower case; a cheap first test).
_TABLE_HINTS = ("grade", "gpa", "score", "absen", "tard", "attendance", "missing", "percent", "%", "level", "lexile",
                "iq", "salary", "step", "rating", "calificaci", "nota", "ausencia", "falta", "puntaje", "rit", "percentile",
                "ssid", "id", "dob", "birth", "allerg", "scale", "concern", "needs", "diagnos", "medical", "health", "iep",
                "504", "referral", "gr", "minutes", "service", "elpac", "overall", "oral", "written", "accommod", "behavior",
                "balance", "pre", "gain", "promedio", "reprob", "ssn", "last 4", "rate")


@dataclass(frozen=True)
class Disclosure:
    record: Span
    category: str
    person: PersonRef | None


# A short line ending in a capital initial and its dot: a name cell ("Andre P."), not a sentence.
_ENDS_IN_INITIAL = re.compile(r"^.{0,28}\b(?-i:[A-Z])\.$")


@lru_cache(maxsize=1)
def _in_cell_header() -> re.Pattern[str]:
    """A record header inside a longer header cell ("ELPAC level"; ``records.toml [table] in_cell_headers``)."""
    heads = sorted(_data("records.toml")["table"].get("in_cell_headers", ()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\w)", re.I) if heads else re.compile(r"(?!x)x")


def _in_cell_header_at(cell: str) -> bool:
    """A header cell holding a record header among other words; a cell with a digit holds a value ("14 unexcused absences")."""
    return not any(ch.isdigit() for ch in cell) and _in_cell_header().search(cell) is not None


def _logistics_header(cells: list[str]) -> bool:
    """A header row whose record words are only ambiguous ones ("Grade", "Notas") beside
    logistics ("Teacher", "Room", "Sales"; "Hora", "Formato") and no column of students
    or names: a roster or a schedule (text tables; ``records.toml [table]``)."""
    t = _data("records.toml")["table"]
    keys = [c.strip(" :|").lower() for c in cells]
    record = [k for k in keys if _table_headers().fullmatch(k)]
    return (bool(record) and all(k in t.get("ambiguous_headers", ()) for k in record)
            and any(k in t.get("logistics_headers", ()) for k in keys)
            and not any(k in t.get("student_headers", ()) for k in keys))


def _table_disclosures(text: str, get_people) -> list[Disclosure]:
    """Rows of a text table that list a named person with a number under a record header.

    Covers aligned text tables ("Andre Sims    48%    7") and HTML tables turned into
    text one cell per line (header cells, then name and value cells on their own lines).
    """
    out: list[Disclosure] = []
    names: list[PersonRef] | None = None  # detected only once a header with a body is found
    lines = text.split("\n")
    pos = 0
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        line = lines[i]
        cells = [c for c in _CELL_SPLIT.split(line.strip()) if c]
        if len(cells) < 2 and line.count(",") >= 2:
            # A comma-separated header ("Name, student ID, PSAT total"), as a roster
            # pasted from a spreadsheet's CSV export reads.
            cells = [c.strip() for c in line.split(",") if c.strip()]
        is_header = bool(cells) and all(len(c) <= 25 for c in cells) and any(
            _table_headers().fullmatch(c.strip(" :")) or _in_cell_header_at(c) for c in cells)
        if not is_header or _logistics_header(cells):
            i += 1
            continue
        # The table body: following non-blank short lines (cells or rows), up to a blank line.
        head_start = starts[i] + len(line) - len(line.lstrip())
        j = i + 1
        while j < len(lines) and lines[j].strip() and len(lines[j]) <= 120 and (
            not lines[j].rstrip().endswith((".", "?", "!")) or _ENDS_IN_INITIAL.search(lines[j].rstrip())
        ):
            j += 1  # a cell or row, not a sentence ("Andre P." is a name cell)
        if j > i + 1:
            body_start, body_end = starts[i + 1], starts[j - 1] + len(lines[j - 1])
            if not _NUMBER_CELL.search(text, body_start, body_end):
                i = j
                continue
            if names is None:
                names = [r for r in get_people() if r.kind in ("name", "possessive", "title")]
            in_body = [r for r in names if body_start <= r.start < body_end]
            if in_body and _NUMBER_CELL.search(text, body_start, body_end):
                head = Span(head_start, starts[i] + len(line.rstrip()))
                out.extend(Disclosure(head, "table", r) for r in in_body[:5])
        i = max(j, i + 1)
    return out


# A cell holding its own header and a value: "Grade: D", "Score: 42%", "Absences: 6".
_LABELLED = re.compile(r"\s*([^:\n]{1,25}?)\s*:\s*(.{1,30}?)\s*")
_MAX_ROWS = 500  # a huge table is a report: its first rows decide
_MAX_CELL = 80  # a longer cell is a paragraph of a layout table, read as text


def _html_rows(ctx: Context) -> list[list[tuple[int, int]]]:
    """The rows of the new text's HTML tables, each as the (start, end) of its own cells
    in ``ctx.text``: the row boundaries come from the HTML (``<tr>``), since the text
    puts each cell on a line of its own."""
    html = ctx.draft.html
    if not html or not ctx.content.is_html or "<tr" not in html and "<TR" not in html:
        return []
    from assistant.core.content import MAX_CHECK_CHARS, parsed_split
    from assistant.core.htmltext import tag_of
    from assistant.core.text.split import split_html

    split = parsed_split(html) or split_html(html[:MAX_CHECK_CHARS])
    a, b = split.new_range
    b = min(b, a + len(ctx.text))
    starts, ends = split.rendered.starts, split.rendered.ends
    rows = []
    for tr in split.root.iter("tr"):
        cells = []
        for td in tr:
            if tag_of(td) in ("td", "th") and id(td) in starts and id(td) in ends:
                lo, hi = starts[id(td)], ends[id(td)]
                if a <= lo < hi <= b:
                    cells.append((lo - a, hi - a))
        if len(cells) >= 2:
            rows.append(cells)
            if len(rows) >= _MAX_ROWS:
                break
    return rows


def _row_disclosures(ctx: Context) -> list[Disclosure]:
    """A row of an HTML table with a person's cell beside a cell that labels its own
    record value ("Maria Lopez" | "Grade: D"): a table with no header row. The people
    are looked for only when a row holds such a value."""
    text = ctx.text
    labelled = []  # (row, the labelled cells' spans)
    for cells in _html_rows(ctx):
        values = []
        for lo, hi in cells:
            if hi - lo > _MAX_CELL:
                continue  # a paragraph of a layout table
            m = _LABELLED.fullmatch(text, lo, hi)
            if m and _table_headers().fullmatch(m.group(1)) and _NUMBER_CELL.search(m.group(2)):
                values.append((lo + len(text[lo:hi]) - len(text[lo:hi].lstrip()), lo + len(text[lo:hi].rstrip())))
        if values:
            labelled.append((cells, values))
    if not labelled:
        return []
    people = [r for r in _people(ctx) if r.kind in ("name", "possessive", "title")]
    out = []
    for cells, values in labelled:
        for lo, hi in cells:
            if hi - lo > _MAX_CELL or any(lo <= a < hi for a, _ in values):
                continue
            who = next((r for r in people if lo <= r.start and r.end <= hi), None)
            if who is not None:
                out.extend(Disclosure(Span(a, b), "table", who) for a, b in values)
                break
    return out


def _you_tie(text: str, start: int) -> PersonRef | None:
    """"You"/"your" in the record's sentence: a record about the reader ("you are placed on step 5")."""
    a, b = sentence_at(text, start)
    m = re.search(r"\b(?:you|your)\b", text[a:b], re.I)
    if m is None:
        return None
    return PersonRef(a + m.start(), a + m.end(), "pronoun", m.group())


# "should" is a condition only where it opens the clause ("Should your child have a fever, ..."),
# not as "ought to" ("She should be on step 5").
_CONDITIONAL = re.compile(r"\b(?:if|when|whenever|unless|in case|si|cuando)\b|(?:^|(?<=[,;:]))\s*should\b", re.I | re.M)


def _trigger_windows(cat: RecordCategory, text: str, low: str | None) -> list[tuple[int, int]]:
    """Where the category's phrases can be: the whole of a short text; in a long one,
    the sentences around each trigger (and each letter grade, for grades)."""
    if len(text) <= _LONG or not cat.triggers or low is None:
        return [(0, len(text))]
    spots = []
    for t in cat.triggers:
        i = _trigger_at(low, t, 0)
        while i >= 0:
            spots.append(i)
            i = _trigger_at(low, t, i + 1)
    if cat.key == "grades":
        spots.extend(m.start() for m in _LETTER_GRADE.finditer(text))
    return windows(text, spots, around=1)


def _hypothetical(text: str, start: int) -> bool:
    """Whether the clause holding ``start`` is a condition ("if your child has a fever"),
    or said of anyone in a group ("families who are currently homeless can ask ...")."""
    a = sentence_at(text, start)[0]
    if _SHOULD_FIRST.match(text, a, start) or _ANYONE_WHO.search(text, max(a, start - 60), start):
        return True
    last = None
    for m in _CONDITIONAL.finditer(text, a, start):
        last = m
    if last is None:
        return False
    between = re.split(r"[,;:]", text[last.end() : start])
    # A list of conditions goes on past its commas: "if they've lost housing, are doubled
    # up, or a child is in foster care" (the record's part opens with "or"/"and").
    return len(between) == 1 or _COORDINATED.match(between[-1]) is not None


_COORDINATED = re.compile(r"\s*(?:or|and|nor|o|y|u)\b", re.I)


_SHOULD_FIRST = re.compile(r"\s*should\s+(?![^,;:]*[,;:])", re.I)
# A group, then "who": whoever is so, not someone ("Students who are absent ...",
# "Familias que están sin hogar ..."); the record follows at once (two words between at most).
_ANYONE_WHO = re.compile(
    r"\b(?:families|students|kids|children|parents|anyone|anybody|those|people|employees|staff\s+members|"
    r"familias|estudiantes|alumnos|niños|padres|quienes|los|las|aquellos|aquellas)\s+(?:who|that|que)\s+(?:[\w'’]+\s+){0,2}\Z",
    re.I)
# The writer, or the writer's own family ("my father is having surgery": the writer's
# news, not a student's or an employee's record).
_FIRST_PERSON = re.compile(
    r"\b(?:I|I['’]m|I['’]ve|I['’]d|we|we['’]re|my\s+(?:father|mother|mom|dad|husband|wife|partner|son|daughter|"
    r"kid|kids|child|children|grandma|grandpa|grandmother|grandfather|sister|brother|aunt|uncle|family)|"
    r"mi\s+(?:padre|madre|mam[áa]|pap[áa]|esposo|esposa|hijo|hija|abuela|abuelo|hermana|hermano))\b", re.I)


# Somebody unnamed: "a student", "any child", "un alumno", "an employee" (not Spanish "a
# otro niño": "to"): staff as well as students ("Don't ask an employee what their diagnosis is").
_INDEFINITE = re.compile(r"(?:(?:a|an|some|any)\s+(?:\w+\s+)?(?:student|kid|child|boy|girl|teen|family|employee|"
                         r"teacher|staff\s+member|coworker|co-worker|colleague|parent|person)|"
                         r"(?:un|una)\s+(?:alumn[oa]|estudiante|niñ[oa]|muchach[oa]|emplead[oa]|maestr[oa]|trabajador[a]?))\b", re.I)
_ENDS_ON_PERSON = re.compile(r"\b(?:on|about|for|against|of)$", re.I)
# The reader's child ("your student", "su hijo"), and a greeting to families as a group
# ("Dear families", "Estimadas familias", "Room 14 parents"): then "your child" is each
# reader's, a notice to all of them, not one child's record.
_READERS_CHILD = re.compile(r"(?:your|su|sus|tu)\s+(?:\w+\s+)?(?:child|children|student|students|kid|kids|son|daughter|"
                            r"hij[oa]s?|estudiantes?|alumn[oa]s?|niñ[oa]s?)\b", re.I)
_FAMILIES_GREETING = re.compile(
    r"\A\s*(?:(?:dear|hello|hi|greetings|good\s+(?:morning|afternoon|evening)|estimad[oa]s|querid[oa]s|hola|"
    r"buen(?:os|as)\s+(?:d[ií]as|tardes))[ \t,]+)?(?:[\w.'’-]+[ \t]+){0,4}?"
    r"(?:famil(?:y|ies)|parents|guardians|parents\s+and\s+guardians|familias|padres(?:\s+de\s+familia)?)\b[^\n]{0,60}[,:!]?[ \t]*$",
    re.I | re.M)
_ONE_FAMILY = re.compile(r"\bfamil(?:y|ia)\s+(?-i:[A-Z])")  # "Estimada familia Herrera"


def _to_all_families(text: str) -> bool:
    """Whether the message opens by greeting families as a group ("Dear families /
    Estimadas familias,", "Hola, familias:"), not one family ("Dear Ms. Soto")."""
    m = _FAMILIES_GREETING.match(text.lstrip()[:200].split("\n", 1)[0])
    return m is not None and not _ONE_FAMILY.search(m.group(0))


# A school nurse by title ("Nurse Stevens", "la enfermera Ruiz"): health words beside her
# are the care she gives.
_NURSE = re.compile(r"(?:nurse|enfermera|enfermero)\b", re.I)


def _about_writer(text: str, start: int, who: PersonRef, end: int | None = None) -> bool:
    """Whether the record's clause is about the writer ("I woke up with a fever"): a
    first-person subject before it and no other person between that and the record."""
    a = sentence_at(text, start)[0]
    clause = max(a, max((text.rfind(c, a, start) for c in ",;:"), default=-1) + 1)
    if end is not None and 0 <= who.start - end <= 2 and _ENDS_ON_PERSON.search(text, start, end):
        return False  # the record ends in its person: "I filed a CPS report on Tessa"
    last = None
    for m in _FIRST_PERSON.finditer(text, clause, start):
        last = m
    if last is None or last.end() <= who.start <= start:
        return False
    # "I had to make a CPS report because he came with bruises": someone else between.
    return _THIRD_PERSON.search(text, last.end(), start) is None


def find_disclosures(ctx: Context) -> list[Disclosure]:
    """Record phrases tied to a person (plus IDs and tables), in text order; found once
    per check context (CF101 and CF102's student test both ask)."""
    cached = ctx.__dict__.get("_cf_disclosures")
    if cached is None:
        cached = ctx.__dict__["_cf_disclosures"] = _find_disclosures(ctx)
    return cached


def _find_disclosures(ctx: Context) -> list[Disclosure]:
    text = ctx.text
    found: list[tuple[int, int, RecordCategory]] = []
    ids = RecordCategory("ids", "IDs and dates of birth", (), False)
    for rx in _record_patterns(text):
        found.extend((m.start(), m.end(), ids) for m in rx.finditer(text))
    # Most mail has no such number where the pattern needs one (in brackets, or opening or
    # closing a line): one scan for that, not the names pattern.
    if _SIX_DIGITS.search(text) and _ID_SHAPE.search(text):
        found.extend((m.start(), m.end(), ids) for m in _ID_BESIDE_NAME.finditer(text) if _given_names(m.group()))
    low = folded(text)
    heads = frozenset(w[:3] for w in tokens(text)[2]) if low is not None else None
    for cat in record_categories():
        if cat.may_match(text, low, heads):
            for lo, hi in _trigger_windows(cat, text, low):
                found.extend((a, b, cat) for a, b in cat.spans(text, low, lo, hi))
    found = list({(a, b, c.key): (a, b, c) for a, b, c in found}.values())
    lower = low if low is not None else text.lower()
    has_header = any(h in lower for h in _TABLE_HINTS) and _has_table_header(text, low)
    rows = _score_rows(ctx, lower) + _row_disclosures(ctx) + _inline_scores(ctx) + _described_rosters(ctx, lower)
    if not found and not has_header and not rows:
        return []
    out: list[Disclosure] = []
    for start, end, cat in sorted(found, key=lambda f: f[0]):
        if not cat.needs_person:
            out.append(Disclosure(Span(start, end), cat.label, None))
            continue
        if _hypothetical(text, start):
            continue  # "if your child has a fever, keep them home"
        who = _person_for(ctx, start, end)
        if who is None and cat.key == "personnel":
            who = _you_tie(text, start)
            if who is not None and not ctx.any_external and len(ctx.draft.all_recipients) == 1:
                continue  # "your new annual salary is ..." to that one employee: their own record
        if who is None:
            who = _named_just_before(ctx, start)
        if who is not None and _about_writer(text, start, who, end):
            continue  # the writer's own news, not someone's record
        if who is not None and who.kind == "role" and _INDEFINITE.match(who.text):
            continue  # "a student in room 9 with a food allergy": nobody identified
        if who is not None and cat.key == "health" and _NURSE.match(who.text):
            continue  # "Nurse Stevens will run the EpiPen refresher": who gives the care, not whose record it is
        if who is not None and who.kind == "role" and _READERS_CHILD.match(who.text) and _to_all_families(text):
            continue  # "Dear families, if your student has asthma ...": every reader's child, no one's record
        if who is not None:
            out.append(Disclosure(Span(start, end), cat.label, who))
    if has_header:
        # The sender's own name under the table is the signature, not a row ("Dance | 612"
        # then "Danielle Okafor" as an HTML table's cells read).
        sender = {w.lower() for w in WORD_RE.findall(ctx.draft.sender.name)} if ctx.draft.sender else set()
        out.extend(d for d in _table_disclosures(text, lambda: _people(ctx))
                   if not (sender and {w.lower() for w in WORD_RE.findall(d.person.text)} <= sender))
    out.extend(rows)
    return out


# A list line "Noah Fitch - 8/10", "Ava M.      92", "Luis R.: B-": a name-like start, a
# separator, and a score ending the line.
_SCORE_ROW = re.compile(
    r"^[ \t]*[-*•]?[ \t]*(?P<name>(?-i:[A-ZÁÉÍÓÚÑ])[\w’'.-]*(?:,?[ \t](?-i:[A-ZÁÉÍÓÚÑ])[\w’'.-]*){0,3})"
    r"[ \t]*(?:[-–—:|=\t][ \t]*|[ \t]{2,}|(?<=[ \t])(?=\d{1,3}(?:\.\d+)?[ \t]?%|\d{1,3}[ \t]*/[ \t]*\d|\d{1,3}[ \t]+(?-i:[A-DF])[+-]?[ \t]*$))"
    # The score's own label may stand before it: "Daniel Herrera - promedio 1.6", "Ava - GPA: 1.9".
    r"(?:(?:promedio|gpa|grade|score|nota|calificaci[óo]n|puntaje)[ \t]*:?[ \t]*)?(?P<score>\d{1,3}(?:\.\d+)?[ \t]?%?(?:[ \t]+(?-i:[A-DF])[+-]?)?|\d{1,3}[ \t]*/[ \t]*\d{1,3}|(?-i:[A-DF])[+-]?)"
    # A short note in brackets after the score: "Brandon T. - 201 (12th %ile)".
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*$",
    re.M,
)
# Words that say a list's numbers are scores or records (the lines just before it, or the subject).
_SCORE_CONTEXT = re.compile(
    r"\b(?:scores?|quiz(?:zes)?|tests?|grades?|points|percent|absences|tardies|reading\s+levels?|gpas?|honor\s+roll|assessment|"
    r"benchmark|exam|midterm|final|unit|rubric|fluency|wpm|lexile|calificaciones|notas|puntajes?|ausencias|"
    r"map|rit|%ile|percentiles?|nwea|i-?ready|retakes?|elpac|caaspp|sbac|dibels|fitnessgram|bmi|gradebook|promedios?)\b",
    re.I,
)


def _score_rows(ctx: Context, low: str) -> list[Disclosure]:
    """A list of people with a score each (two at least), with no header row, under or
    about a record word ("period 3 quiz 7" then "Noah Fitch - 8/10" lines)."""
    text = ctx.text
    if text.count("\n") < 2:
        return []
    # Only short lines that end in a digit, "%", ")" or a letter grade can be rows: the
    # full pattern runs on those, and only where two of them follow each other.
    rows: list[re.Match[str]] = []
    pos, streak = 0, []
    for line in text.split("\n"):
        end = len(line.rstrip())
        if 0 < end <= 80 and (line[end - 1].isdigit() or line[end - 1] in "%)" or line[end - 1] in "ABCDF+-"):
            streak.append(pos)
        else:
            if len(streak) >= 2:
                rows.extend(m for p in streak if (m := _SCORE_ROW.match(text, p)) is not None)
            streak = []
        pos += len(line) + 1
    if len(streak) >= 2:
        rows.extend(m for p in streak if (m := _SCORE_ROW.match(text, p)) is not None)
    if len(rows) < 2:
        return []
    out: list[Disclosure] = []
    people = None
    run: list[re.Match[str]] = []
    for m in rows + [None]:
        if m is not None and run and text.count("\n", run[-1].end(), m.start()) <= 1:
            run.append(m)
            continue
        if len(run) >= 2:
            before = text[max(0, run[0].start() - 300) : run[0].start()]
            lists = name_lists()
            # The person detector runs only when a row starts with a listed name.
            may_name = any((w := row.group("name").split()[0].lower().rstrip(".,")) in lists.given or w in lists.surnames
                           for row in run)
            if may_name and (_SCORE_CONTEXT.search(before) or _SCORE_CONTEXT.search(ctx.draft.subject or "")):
                if people is None:
                    people = [r for r in _people(ctx) if r.kind in ("name", "possessive", "title", "recipient", "greeting")]
                # The row must start with the person ("Team Blue - 42" is not about a Blue).
                named = [(row, r) for row in run for r in people if r.start == row.start("name")]
                if named and len(named) < len(run):
                    # A list of people once one of its rows is a known name: the other
                    # rows' names are names too ("- Tran 48%", "- Okonkwo 52%").
                    known = {row.start() for row, _ in named}
                    named += [(row, PersonRef(row.start("name"), row.end("name"), "name", row.group("name")))
                              for row in run if row.start() not in known]
                if len(named) >= 2:
                    out.extend(Disclosure(Span(row.start("score"), row.end("score")), "grades and scores", r) for row, r in named[:5])
        run = [m] if m is not None else []
    return out


_CAP_THEN_NUMBER = re.compile(r"(?-i:[A-Z])[\w’'-]+[ \t]+\d")
# A score right after a name in running text: "Mateo Ríos 92, Camila Soto 71".
_SCORE_AFTER = re.compile(r"[ \t]+\(?(\d{1,3}(?:\.\d+)?[ \t]?%?)(?![\d/:.-]\d|\s*(?:am|pm|years?|años|minutes|min)\b)", re.I)


def _described_rosters(ctx: Context, low: str) -> list[Disclosure]:
    """A list of students or employees sent with the record fields it holds, as a sentence
    describes it ("Attached is the student roster: name, student ID, DOB ... for 212
    students"): the list is the record, whoever is on it (``records.toml [roster]``)."""
    if not any(w in low for w in _ROSTER_HINTS):
        return []
    text = ctx.text
    seen = -1
    for box in terms_regex("records.toml", "roster", "container_regex").finditer(text):
        a, b = sentence_at(text, box.start())
        if a <= seen:
            continue  # that sentence was read for an earlier list word
        seen = a
        nxt = _FIELDS_NEXT.match(text, b) if b < len(text) else None
        if nxt is not None:
            b = sentence_at(text, nxt.end() - 1)[1]  # "Columns: first name, ...": that sentence too
        if terms_regex("records.toml", "roster", "people_regex").search(text, a, b) is None:
            continue
        field = terms_regex("records.toml", "roster", "fields_regex").search(text, a, b)
        if field is None or terms_regex("records.toml", "roster", "negation_regex").search(text, a, b) is not None:
            continue
        if terms_regex("records.toml", "roster", "sending_regex").search(text, a, b) is None and not ctx.draft.attachments:
            continue
        return [Disclosure(Span(field.start(), field.end()), "a list of people with their records", None)]
    return []


# A next sentence that lists the fields of the list just named ("Columns: first name, ...").
_FIELDS_NEXT = re.compile(r"\s*(?:columns|fields|it\s+(?:has|includes|lists)|includes|i\s+(?:included|added|pulled)|columnas|campos|incluye)\b", re.I)
# Words one of which a described roster's sentence holds (a cheap first test; " row " for
# "each row has ...").
_ROSTER_HINTS = ("roster", "spreadsheet", "list", "csv", "export", "extract", "tabla", "excel", "hoja de c", " row ")


def _inline_scores(ctx: Context) -> list[Disclosure]:
    """Two names or more with a score each in one sentence about scores ("here are the
    group's grades: Mateo Ríos 92, Camila Soto 71 and Andrés Pineda 45")."""
    text = ctx.text
    # Cheap tests first: the person detector runs only for a sentence with two capitalised
    # words each followed by a number, and a word about scores in it or the subject.
    if len(_CAP_THEN_NUMBER.findall(text, 0, _LONG)) < 2:
        return []
    subject_says = _SCORE_CONTEXT.search(ctx.draft.subject or "") is not None
    spots = [(a, b) for a, b in sentence_bounds(text)
             if len(_CAP_THEN_NUMBER.findall(text, a, b)) >= 2 and (subject_says or _SCORE_CONTEXT.search(text, a, b))]
    if not spots:
        return []
    out: list[Disclosure] = []
    names = [r for r in _people(ctx) if r.kind in ("name", "possessive")]
    for a, b in spots:
        pairs = [(r, m) for r in names if a <= r.start < b and (m := _SCORE_AFTER.match(text, r.end)) is not None]
        if len(pairs) >= 2:
            out.extend(Disclosure(Span(m.start(1), m.end(1)), "grades and scores", r) for r, m in pairs[:5])
    return out


class StudentOrPersonnelRecords(Rule):
    """Confidential student or personnel records in an e-mail.

    What it does:
        Finds record phrases of each category (grades and scores, attendance, IEP/504/SST,
        discipline, health and medication, IDs and dates of birth, family, housing and
        welfare status such as homelessness, foster care, custody orders, free lunch or
        a family's immigration status, personnel evaluations and pay; English and
        Spanish) such as "was absent four times", "is failing", "was suspended for",
        "takes Keppra", "scored 2391", "is staying at the motel", and tables whose header
        row names a record ("Grade", "Absences", "IEP") and whose rows name people
        beside numbers or grades, or, in a table with no header row, a person's cell
        beside a cell that labels its own value ("Maria Lopez" | "Grade: D", "Score:
        42%": one row of the HTML), and a list of students or employees sent with the
        record fields it holds ("Attached is the roster: name, student ID, DOB ... for
        212 students"). A record counts when it is tied to a person: a name, a title, a
        role ("your son", "the new teacher"), a possessive, or a pronoun that refers to a
        person named in the previous sentence. "The class average was 82%" or
        "attendance is down this month" names nobody and is not flagged (nor does "a
        student" or "an employee"; nor an office the mail goes to, nor the names on a line
        that only greets), nor is "your
        child" in a notice that greets families as a group ("Dear families, if your
        student has asthma ..."), nor health words beside a school nurse named by title
        (the care she gives), nor a pay or evaluation record about the reader ("your new
        annual salary is ...") sent inside the District to that one person. A forwarded
        note (up to 3,000 characters) is read too: its records count when it came from a District address or when they
        are tied to a full name or a title. With no record in the text, an attached
        document or spreadsheet whose file name says it holds records
        ("Per3_gradebook_export.csv") is flagged, unless the file is named for its one
        reader ("Okafor_J_Transcript.pdf" to Jasmine Okafor); with none of these, the records model
        (``scripts/train_records.py``: a classifier of whole drafts learned from the
        labelled District tuning drafts) reads the draft, and a draft it reads as records
        is flagged when it names someone in particular (a name, a title, "your son"; not
        "a student", nor the reader greeted or the writer signing); it reads a forwarded
        note too, on the same terms as the phrases. An error when any recipient is outside
        the District's mail domains; a warning when all are inside. The hint names the
        person and the record it tied, the file, or the person and the words that
        weighed most in the model's reading.

    Why:
        Pupil and personnel records are confidential by law (FERPA, Education Code) and
        may be shared only on District-approved secured connections, by authorized
        people, with authorized people.

    Example:
        To a gmail address: "Jaylen was absent four times this month and is failing
        math."

    Policy:
        BP 1114, Social Media Protocol, items 3–4: "Never share confidential or
        privileged information about students or personnel (e.g., grades, attendance
        records, or other pupil/personnel record information)." and "Confidential or
        privileged information about students or personnel … may be shared only on
        District-approved secured connections by authorized individuals to authorized
        persons."

    Fix:
        None: use the District's secured systems (e.g. the student information system)
        instead of e-mail.
    """

    code = "CF101"
    name = "student-or-personnel-records"
    title = "Student or personnel records"
    severity = Severity.ERROR
    citation = "BP 1114, Social Media Protocol 3–4"

    def check(self, ctx: Context) -> Iterable[Hint]:
        found = find_disclosures(ctx)
        if not found:
            hints = list(self._forwarded(ctx)) or list(self._attached(ctx)) or list(self._read_by_model(ctx))
            yield from hints
            return
        text = ctx.text
        spans = {d.record for d in found}
        # The person's own words too, unless a linked pronoun stands in for someone named elsewhere.
        spans.update(Span(d.person.start, d.person.end) for d in found if d.person is not None and (d.person.kind != "pronoun" or d.person.antecedent is None))
        why = []
        for d in found:
            if d.person is None:
                item = f"{d.category}: \u201c{_quote(text[d.record.start:d.record.end])}\u201d"
            else:
                who = d.person.resolved().text
                item = f"{who} ({d.category}: \u201c{_quote(text[d.record.start:d.record.end])}\u201d)"
            if item not in why:
                why.append(item)
        detail = "; ".join(why[:3]) + (f"; and {len(why) - 3} more" if len(why) > 3 else "")
        ordered = sorted(spans)[:12]
        if ctx.any_external:
            yield self.hint(ctx, f"Student or personnel record details are going outside the District ({detail}): use a secured District system instead.", spans=ordered)
        else:
            yield self.hint(ctx, f"This contains student or personnel record details ({detail}): share them only with people authorized to see them.", spans=ordered, severity=Severity.WARNING)


    def _read_by_model(self, ctx: Context) -> Iterable[Hint]:
        """The records model's reading when no phrase found a record (``_model_records``)."""
        read = _model_records(ctx)
        if read is not None:
            who, words, r = read
            text = ctx.text
            spans = sorted({Span(who.start, who.end), *(Span(a, b) for t in r.top_terms for a, b in t.spans[:1] if b <= len(text))})[:8]
            yield self._model_hint(ctx, read, "This reads", spans)

    def _model_hint(self, ctx: Context, read, what: str, spans) -> Hint:
        """The hint for a model reading: the person and the words that weighed most."""
        who, words, _ = read
        said = ", ".join(f"\u201c{w}\u201d" for w in words) or "its wording"
        if ctx.any_external:
            return self.hint(ctx, f"{what} like student or personnel record details about {who.text} (most telling: {said}), going "
                                  "outside the District: use a secured District system instead.", spans=list(spans))
        return self.hint(ctx, f"{what} like student or personnel record details about {who.text} (most telling: {said}): share "
                              "them only with people authorized to see them.", spans=list(spans), severity=Severity.WARNING)

    def _attached(self, ctx: Context) -> Iterable[Hint]:
        """An attached file whose name says it holds student or personnel records."""
        a = record_attachment(ctx)
        if a is None:
            return
        if ctx.any_external:
            yield self.hint(ctx, f"The attached {a} looks like student or personnel records (its name) and is going outside the District: use a secured District system instead.",
                            field="attachments")
        else:
            yield self.hint(ctx, f"The attached {a} looks like student or personnel records (its name): share it only with people authorized to see it.",
                            field="attachments", severity=Severity.WARNING)

    def _forwarded(self, ctx: Context) -> Iterable[Hint]:
        """A forward sends the forwarded message on: records in it go to the new recipients."""
        sub = _forwarded_note(ctx)
        if sub is None:
            return
        quoted = ctx.content.quoted_text
        # A record of the District's (the note came from a District address), or tied to
        # a full name or a title: not a place or a word a news story uses as a name.
        from_district = any(ctx.policy.is_internal(a) for a in _ADDRESS.findall(quoted))
        found = [d for d in find_disclosures(sub) if from_district or (d.person is not None and _full_name(d.person.resolved()))]
        if not found:
            # Records in words no phrase lists: the records model reads the forwarded note,
            # about someone named in full or by title (or anyone, from a District address).
            read = _model_records(sub)
            if read is not None and (from_district or _full_name(read[0])):
                yield self._model_hint(ctx, read, "The forwarded message reads", spans=())
            return
        why = []
        for d in found:
            what = f"{d.category}: \u201c{_quote(quoted[d.record.start:d.record.end])}\u201d"
            item = what if d.person is None else f"{d.person.resolved().text} ({what})"
            if item not in why:
                why.append(item)
        detail = "; ".join(why[:3]) + (f"; and {len(why) - 3} more" if len(why) > 3 else "")
        if ctx.any_external:
            yield self.hint(ctx, f"The forwarded message holds student or personnel record details that are going outside the District ({detail}): use a secured District system instead.")
        else:
            yield self.hint(ctx, f"The forwarded message holds student or personnel record details ({detail}): forward them only to people authorized to see them.", severity=Severity.WARNING)


def _model_records(ctx: Context):
    """(person, words, score) when the records model (``assistant.core.records_model``)
    reads ``ctx.text`` as records: the draft reads so, at least two of its terms say so,
    and it names someone in particular (``_model_subject``). The words are those that
    weighed most, less people's names. Else None."""
    from assistant.core import records_model
    from assistant.core.personal import document

    text = ctx.text
    if len(text) < _MODEL_MIN_CHARS:
        return None
    model = records_model.load_model()
    doc = document(text, strip_prefixes(ctx.draft.subject or ""))
    if model.decision(doc) < model.threshold:
        return None  # most mail: the decision alone, not the words that weighed most (twice the cost)
    r = model.score(doc)
    if len(r.top_terms) < 2:
        return None
    who = next((p for p in _people(ctx) if _model_subject(ctx, p)), None)
    if who is None:
        return None
    lists = name_lists()
    words = [t.term for t in r.top_terms if not all(w in lists.given or w in lists.surnames for w in t.term.split(" "))][:3]
    return who, words, r


def _model_subject(ctx: Context, ref: PersonRef) -> bool:
    """Someone a record read by the model can be about: a name, a possessive, a title, or
    the reader's child ("your son", "su hija"); not "a student", "the nurse" or "her
    mother" (no one in particular), the reader addressed at the start of a line ("Mr.
    Delgado, here is ..."), a forwarded message's From: or To: line, nor the writer signing."""
    text = ctx.text
    if ref.kind == "role":
        return ref.text.split(" ", 1)[0].lower() in _OWNER_WORDS
    if ref.kind not in ("name", "possessive", "title"):
        return False
    line_start = text.rfind("\n", 0, ref.start) + 1
    if _GREETING_BEFORE.match(text[line_start:ref.start]) and text[ref.end:ref.end + 1] in (",", ":"):
        return False  # a vocative opening its line ("Mr. Delgado,", "Estimada familia Herrera:")
    if _HEADER_LINE.match(text, line_start, ref.start):
        return False  # a forwarded message's From:/To: line names who wrote and read it
    sender = (ctx.draft.sender.name or "").lower().split() if ctx.draft.sender else []
    # The writer signing with a title ("Ms. Ferraro" from Nicole Ferraro): the title is not a name.
    said = [w for w in ref.text.lower().replace(".", " ").split() if w not in TITLES_ABBR | TITLES_WORD]
    return not (sender and said and all(w in sender for w in said))


# The reader's child or relative ("your son", "su hija"): someone in particular. ("his
# mom" is someone's only when that someone is named, and then the name is found.)
_OWNER_WORDS = frozenset("your su sus tu".split())
# What may stand before the reader's name at the start of a greeting line.
_GREETING_BEFORE = re.compile(
    rf"[ \t]*(?:{_GREETING_WORDS}[ \t,]+)?(?:(?:the|la)[ \t]+)?(?:family|familia)?[ \t]*\Z", re.I)
_HEADER_LINE = re.compile(r"[ \t>]*(?:from|to|cc|bcc|sent|date|subject|de|para|enviado|fecha|asunto)[ \t]*:", re.I)
# A shorter text is a line or two: too little for the records model to read.
_MODEL_MIN_CHARS = 40
_QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
# The longest forwarded message CF101 reads: a thread about a student is a few short
# notes; a forwarded news story or newsletter (longer) talks about public figures.
_FORWARD_CHARS = 3000


def record_attachment(ctx: Context) -> str | None:
    """The name of an attached file (a document or a spreadsheet) that says it holds
    records ("Per3_gradebook_export.csv"), from ``records.toml`` [attachments]."""
    data = _data("records.toml").get("attachments", {})
    words, exts = frozenset(data.get("words", ())), frozenset(data.get("extensions", ()))
    process = frozenset(data.get("not_record_words", ()))
    for a in ctx.draft.attachments:
        name = a.filename or ""
        stem, _, ext = name.rpartition(".")
        if not stem or ext.lower() not in exts:
            continue
        parts = {w.lower() for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", stem) if w}
        if parts & words and not parts & process and not _named_for_reader(ctx, parts):
            return name
    return None


def _named_for_reader(ctx: Context, parts: set[str]) -> bool:
    """Whether a file's name is the one reader's own ("Okafor_J_Transcript.pdf" to Jasmine
    Okafor): their surname and their given name or its initial. A parent shares the
    surname, not the given name, so their child's file is still someone else's record."""
    readers = ctx.draft.all_recipients
    if len(readers) != 1:
        return False
    named = recipient_names(_recipients(ctx))
    if len(named) != 1 or len(named[0]) < 2:
        return False
    given, surname = named[0][0].lower(), named[0][-1].lower()
    return surname in parts and (given in parts or given[:1] in parts)


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _full_name(ref: PersonRef) -> bool:
    """A title and a name ("Mr. Lee"), or two words or more ("Ava Lindqvist")."""
    return ref.kind == "title" or (ref.kind in ("name", "possessive") and len(ref.text.split()) >= 2)


def _is_forward(ctx: Context) -> bool:
    """A forward by compose type, or a new message over a forwarded block ("Original Message")."""
    return ctx.draft.compose_type is ComposeType.FORWARD or (
        ctx.draft.compose_type is ComposeType.NEW and ctx.content.quote_marker == "separator"
    )


def _forwarded_note(ctx: Context) -> Context | None:
    """The short note a forward sends on, as a check context whose text is the forwarded
    text read as if written now, its "> " marks blanked (same offsets); None for no
    forward, or one longer than _FORWARD_CHARS (an article or a newsletter, not a
    colleague's note)."""
    if not _is_forward(ctx):
        return None
    quoted = ctx.content.quoted_text
    if not quoted.strip() or len(quoted) > _FORWARD_CHARS:
        return None
    sub = Context(ctx.draft, ctx.policy)
    sub.__dict__["text"] = _QUOTE_MARKS.sub(lambda m: " " * len(m.group(0)), quoted)
    return sub


# --------------------------------------------------------------------------- CF102 media


@lru_cache(maxsize=1)
def _media_terms() -> _Lazy:
    t = _data("terms.toml")["media"]
    return _Lazy(
        words=lambda: phrase_rx(t["words"]),
        not_people=lambda: phrase_rx(t["not_people"]),
        not_people_said=lambda: _alternation(t.get("not_people_regex", ()) or ["(?!x)x"]),
        people_shown=lambda: _alternation(t.get("people_shown_regex", ()) or ["(?!x)x"]),
        self_shot=lambda: _alternation(t.get("self_shot_regex", ()) or ["(?!x)x"]),
        sent=lambda: _alternation(t.get("sent_regex", ()) or ["(?!x)x"]),
        published=lambda: _alternation(t.get("publish_regex", ()) or ["(?!x)x"]),
        sent_students=lambda: phrase_rx(t.get("sent_student_cues", ()) or ["(?!x)x"]),
        sent_student_words=lambda: frozenset(w.split()[-1].lower() for w in t.get("sent_student_cues", ())),
        allowed=lambda: phrase_rx(t["allowed"]),
        students=lambda: re.compile(
            phrase_rx(t["student_cues"]).pattern + "|(?-i:" + phrase_rx(t["student_cues_lowercase"]).pattern + ")", re.I),
        # Asking for or holding the parents' consent is what item 3 asks for, not a breach.
        consent=lambda: _alternation([*t.get("consent_regex", ()), *t.get("consent_given_regex", ())] or ["(?!x)x"]),
        consent_given=lambda: _alternation(t.get("consent_given_regex", ()) or ["(?!x)x"]),
        word_set=lambda: frozenset(w.lower() for w in t["words"]),
        logo_names=lambda: re.compile("|".join(t["logo_file_regex"]), re.I),
        carrier_extensions=lambda: frozenset(t.get("carrier_extensions", ())),
        carrier_forms=lambda: re.compile(r"(?:^|[\W_])(?:" + "|".join(t.get("carrier_forms", ()) or ["(?!x)x"]) + r")", re.I),
        carrier_words=lambda: re.compile(r"(?:^|[\W_])(?:" + "|".join(t.get("carrier_words", ()) or ["(?!x)x"]) + r")(?=$|[\W_\d])", re.I),
        inline_photo_bytes=lambda: int(t["inline_photo_bytes"]),
    )


def media_attachments(ctx: Context) -> list:
    """Image and video attachments, less signature logos.

    An inline image (a ``content_id`` the body shows) counts only when it is photo-sized
    and not named like a logo: signature logos and letterheads are small inline images,
    and a pasted photo is hundreds of kilobytes.
    """
    mt = _media_terms()
    out = []
    for a in ctx.draft.attachments:
        name = a.filename or ""
        if not (a.is_image or a.is_video):
            # A zip or a slideshow named for the photos it carries ("gr5_slideshow_photos.zip").
            ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            stem = name.rsplit(".", 1)[0]
            if ext in mt["carrier_extensions"] and mt["carrier_words"].search(stem) and not mt["carrier_forms"].search(stem):
                out.append(a)
            continue
        if mt["logo_names"].search(a.filename or ""):
            continue
        if (a.inline or a.content_id) and a.size < mt["inline_photo_bytes"]:
            continue
        out.append(a)
    return out


def _things_shown(ctx: Context, media: list) -> bool:
    """Whether the message says its pictures show things or no students: a phrase of
    ``not_people`` anywhere ("bachelor party", "sin alumnos"); a single thing's word in the
    subject, a file name, or a sentence that speaks of the pictures or the attachment, or
    the one after ("Attached is a photo of the projector. It's broken."). Elsewhere a
    thing's word is about something else ("backing these up before my laptop gets
    reimaged")."""
    mt = _media_terms()
    about = " ".join([ctx.draft.subject or ""] + [a.filename or "" for a in media])
    if mt["not_people"].search(about):
        return True
    text = ctx.text
    for m in mt["not_people"].finditer(text):
        if " " in m.group(0).strip():
            return True
        if _OWN_TOOL.search(text, max(0, m.start() - 30), m.start()):
            continue  # "edit the video on my own laptop": where the work is done, not what is shown
        a, b = sentence_at(text, m.start())
        lo = sentence_at(text, a - 1)[0] if a > 0 else a
        if mt["words"].search(text, lo, b) or mt["sent"].search(text, lo, b):
            return True
    return False


# The writer's own device before a thing's word ("on my own laptop", "from my phone").
_OWN_TOOL = re.compile(r"\b(?:on|from|to|with|using|onto)\s+(?:my|our)\s+(?:own\s+|personal\s+|home\s+|work\s+)?\Z", re.I)


class IdentifyingStudentMedia(Rule):
    """Photos or videos of students going outside the District.

    What it does:
        Flags, when any recipient is outside the District, (1) image or video
        attachments, unless the message says they show things rather than people (a
        damaged delivery, a flyer, a logo: a thing's word in the subject, a file name or
        the sentences about the pictures, not "before my laptop gets reimaged" or "edit
        the video on my own laptop") and not
        counting signature logos (small inline images or files named like a logo); or
        (2) a named student (a person the
        detector finds by name) in the same sentence as "photo", "picture", "video"
        (English or Spanish), with no attachment needed; a child whose school record the
        message gives is a student when the pictures are handed over ("here is the video
        of Isabella Ortiz ... Her comparison score was 8"). Photos said to show no student
        ("there are no students in the photos"), or sent with the families' consent
        said to be given ("all four families signed the District media release"), or
        with a request that no one photograph the students, pass, and so do a blank
        permission form and a picture of the writer sent because the reader asked for it
        ("here's the one you asked for", "took this in the staff bathroom") or showing a
        skill ("a video of me modeling the tongue position") when no one is named beside
        it; a name given after an adult's role ("our school nurse, Sharon Liu") is staff;
        a file said to show someone's face is of people whatever else it shows ("the
        screenshot ... you can see the other boy's face"), and so is one whose people are
        named ("That's Marco Villanueva under the hood", "You can see Samira in the third
        row", "Salen trabajando Estefany Cruz ..."), pictures
        "of the three boys", a group shot or a student's injury, unless the message says
        no student is in them. Students' photos said to be
        attached or sent count too when the checker was not given the files ("attached
        are 38 photos from Friday's commencement showing our graduates"), and so do
        students' pictures handed on with an invitation to post or share them further
        ("about 180 pictures of the kids. Feel free to download and post them to the
        parents' Facebook group", a public link "compártanlo con sus familiares").

    Why:
        Identifying student information, names, photos and videos may not be published
        without the written, informed consent of the parent or guardian and the principal.

    Example:
        "Attached are photos of Sofia Alvarez and Ethan Brooks at the science museum for
        the newspaper article." to a newspaper's address.

    Policy:
        BP 1114, Social Media Protocol, item 3: "Never post any identifying student
        information including names, videos and photographs on any school-based, personal
        or professional online forum or social networking website, without the written,
        informed consent of the child's parent/legal guardian and the principal."

    Fix:
        None: check you have written consent, or share through a District-approved
        platform.
    """

    code = "CF102"
    name = "identifying-student-media"
    title = "Identifiable student photos or videos"
    severity = Severity.WARNING
    citation = "BP 1114, Social Media Protocol 3"

    def check(self, ctx: Context) -> Iterable[Hint]:
        if not ctx.any_external:
            return
        text = ctx.text
        mt = _media_terms()
        named = self._named_with_media(ctx)
        media = media_attachments(ctx)
        if media and not named and mt["consent_given"].search(text):
            return  # "All four families signed the media release": what item 3 asks for
        if media:
            about = " ".join([ctx.draft.subject or "", text] + [a.filename or "" for a in media])
            said_none = mt["not_people_said"].search(about)
            # The writer's own picture, asked for by the reader, when the message names nobody.
            shot = mt["self_shot"].search(text)
            # ... unless someone is named beside it ("the pic you asked for, me and Kayla").
            if shot is not None:
                sa, sb = sentence_at(text, shot.start())
                self_shot = not any(p.kind == "name" and sa <= p.start < sb for p in _people(ctx))
            else:
                self_shot = False
            things = said_none or self_shot or _things_shown(ctx, media)
            # Who is shown ("left to right: ...") outweighs a thing's word, not "no kids in them".
            if named or not things or (mt["people_shown"].search(about) and not said_none):
                files = ", ".join(a.filename or a.content_type for a in media[:3])
                who = f" showing {', '.join(dict.fromkeys(n for n, _ in named if n))}" if named else ""
                yield self.hint(
                    ctx,
                    f"Photos or videos ({files}){who} are going outside the District: make sure you have written consent from the parents and the principal.",
                    spans=sorted(s for _, s in named)[:8],
                    field="attachments",
                )
                return
        if not named and not media:
            said = self._photos_said_sent(ctx) or self._photos_passed_on(ctx)
            if said is not None:
                yield self.hint(ctx, "Photos or videos of students are going outside the District: make sure you have written consent from the parents and the principal.",
                                spans=[said])
                return
        if named:
            names = ", ".join(dict.fromkeys(n for n, _ in named if n))
            yield self.hint(
                ctx,
                f"A student's name ({names}) with photos or videos is going outside the District: make sure you have written consent.",
                spans=sorted(s for _, s in named)[:8],
            )

    @staticmethod
    def _photos_said_sent(ctx: Context) -> Span | None:
        """A sentence that says students' photos are attached or sent ("attached are 38
        photos from Friday's commencement showing our graduates"), with no file the
        checker was given: its media word, or None."""
        text = ctx.text
        mt = _media_terms()
        if folded(text) is not None and not (tokens(text)[2] & mt["word_set"]):
            return None
        # Most mail names no students: a look-up of its words first (the last word of a
        # two-word cue stands for it), then one search for "attached", before any sentence.
        if folded(text) is not None and not (tokens(text)[2] & mt["sent_student_words"]):
            return None
        if mt["sent"].search(text) is None:
            return None
        for m in mt["words"].finditer(text):
            a, b = sentence_at(text, m.start())
            if m.group(0).isupper() or mt["allowed"].search(text, a, b) or not mt["sent"].search(text, a, b):
                continue
            if mt["not_people"].search(text, a, b) or mt["not_people_said"].search(text, a, b) or mt["consent"].search(text, a, b):
                continue
            if any(not _NO_BEFORE.search(text, a, k.start()) for k in mt["sent_students"].finditer(text, a, b)):
                return Span(m.start(), m.end())
        return None

    @staticmethod
    def _photos_passed_on(ctx: Context) -> Span | None:
        """Students' pictures handed on with an invitation to share or post them ("about
        180 pictures of the kids. Feel free to download and post them to the parents'
        Facebook group", a public link "compártanlo con sus familiares"): the media word
        of a sentence that, with its neighbours, says who is in them (a student cue or a
        name) and invites the sharing, or None."""
        text = ctx.text
        mt = _media_terms()
        if folded(text) is not None and not (tokens(text)[2] & mt["word_set"]):
            return None
        if mt["published"].search(text) is None:
            return None
        bounds = sentence_bounds_list(text)
        if not bounds:
            return None
        starts = [a for a, _ in bounds]
        for m in mt["words"].finditer(text):
            if m.group(0).isupper() or mt["allowed"].search(text, *sentence_at(text, m.start())):
                continue
            k = max(0, bisect_right(starts, m.start()) - 1)  # the sentence the word is in
            lo, hi = bounds[max(0, k - 1)][0], bounds[min(len(bounds) - 1, k + 1)][1]
            if mt["published"].search(text, lo, hi) is None:
                continue
            if mt["not_people"].search(text, lo, hi) or mt["not_people_said"].search(text, lo, hi) or mt["consent"].search(text, lo, hi):
                continue
            cue = any(not _NO_BEFORE.search(text, lo, c.start()) for c in mt["students"].finditer(text, lo, hi))
            if cue or any(r.kind == "name" for r in people_in(ctx, lo, hi)):
                return Span(m.start(), m.end())
        return None

    @staticmethod
    def _named_with_media(ctx: Context) -> list[tuple[str, Span]]:
        """(name, span) of people named in a sentence that speaks of photos or videos,
        when that sentence, the one before or the one after says they are students."""
        text = ctx.text
        mt = _media_terms()
        if folded(text) is not None and not (tokens(text)[2] & mt["word_set"]):
            return []
        words = [m.span() for m in mt["words"].finditer(text) if not m.group(0).isupper()]
        if not words:
            return []
        allowed = [m.span() for m in mt["allowed"].finditer(text)]
        words = [(a, b) for a, b in words if not any(s <= a < e for s, e in allowed)]
        if not words:
            return []
        named = [r for lo, hi in windows(text, [a for a, _ in words], around=1) for r in people_in(ctx, lo, hi) if r.kind in ("name", "possessive")
                 and not _STAFF_BEFORE.search(text, max(0, r.start - 40), r.start)]
        if not named:
            return []
        bounds = sentence_bounds_list(text)
        out: list[tuple[str, Span]] = []
        for k, (sa, sb) in enumerate(bounds):
            if not any(sa <= w[0] < sb for w in words):
                continue
            here = [r for r in named if sa <= r.start < sb]
            if not here and k + 1 < len(bounds):
                # "Here's the picture from Friday. That's Aaliyah Brooks and Jonathan Pham ..."
                na, nb = bounds[k + 1]
                here = [r for r in named if na <= r.start < nb and _SHOWN_NEXT.match(text, na, nb)]
            if not here:
                continue
            lo = bounds[max(0, k - 1)][0]
            hi = bounds[min(len(bounds) - 1, k + 1)][1]
            if not any(not _NO_BEFORE.search(text, lo, m.start()) for m in mt["students"].finditer(text, lo, hi)) \
                    and not mt["students"].search(ctx.draft.subject or "") \
                    and not (_handed_over(ctx, sa, sb) and any(_has_student_record(ctx, r) for r in here)):
                continue  # no student cue ("there are no students in the photos" is none)
            if mt["consent"].search(text, lo, hi):
                continue  # "May I include Nora's photo? Please sign the release"
            out.extend((r.text.removesuffix("'s").removesuffix("’s"), Span(r.start, r.end)) for r in here)
            out.extend(("", Span(a, b)) for a, b in words if sa <= a < sb)
        return out


# A name given after the adult's role ("a Q&A with our school nurse, Sharon Liu"): staff.
_STAFF_BEFORE = re.compile(
    r"\b(?:nurse|teacher|principal|counselor|coach|librarian|psychologist|secretary|custodian|director|coordinator|"
    r"superintendent|officer|author|illustrator|speaker|presenter|enfermera|enfermero|maestra|maestro|directora|"
    r"consejera|consejero)\s*,?\s*\Z", re.I)

# The sentence after the one about the pictures says who is in them: "That's Aaliyah
# Brooks ...", "You can see Samira in the third row", "Salen trabajando Estefany Cruz ...".
# (dev29: "Ahí sale tu Fernanda con ...", "En la primera fila están Mateo, Ian ...", "In the
# front row are ...".)
_SHOWN_NEXT = re.compile(
    r"\s*(?:(?:ah[íi]|aqu[íi]|all[íi]|there|here)\s+|(?:in\s+the\s+(?:front|back|first|second|top|bottom)\s+row|"
    r"en\s+la\s+(?:primera|segunda|última|ultima)\s+fila|de\s+izquierda\s+a\s+derecha|(?:from\s+)?left\s+to\s+right)\s*,?\s*)?"
    r"(?:that['’]s|this\s+is|these\s+are|those\s+are|es|son|you\s+(?:can|will|['’]ll)\s+see|"
    r"(?:se\s+)?ven?|salen|sale|aparecen|aparece|est[áa]n?|are|is)\b", re.I)

# Student records (not an employee's): the person they are tied to is a student.
_STUDENT_RECORDS = frozenset({"grades and scores", "attendance", "IEP, 504 or SST", "discipline"})


def _handed_over(ctx: Context, a: int, b: int) -> bool:
    """Whether the pictures are sent: files attached, or the sentence ``text[a:b]`` hands
    them over ("here is the video of ...", "attached", a link), not only speaks of them
    ("photos in health file", "posted the edited picture of Destiny")."""
    return bool(media_attachments(ctx)) or _media_terms()["sent"].search(ctx.text, a, b) is not None \
        or _HANDED.search(ctx.text, a, b) is not None


_HANDED = re.compile(r"\b(?:here\s+is|here['’]s|aqu[íi]\s+(?:est[áa]|va)|link|enlace)\b", re.I)


def _has_student_record(ctx: Context, person: PersonRef) -> bool:
    """Whether the message ties a student record to ``person`` ("the video of Isabella
    Ortiz during the ADOS-2 session ... Her comparison score was 8"): then they are a
    student, though no word says so."""
    def surname(text: str) -> str:
        return (text.removesuffix("'s").removesuffix("’s").split() or [""])[-1].lower()

    return any(d.person is not None and d.category in _STUDENT_RECORDS and surname(d.person.resolved().text) == surname(person.text)
               for d in find_disclosures(ctx))


# A cue said not to be there: "no students", "not any kids", "sin alumnos".
# "no students", and "of the paintings, not of the students" ("no de los estudiantes").
_NO_BEFORE = re.compile(r"\b(?:no|not\s+any|without|sin|ning[úu]n|(?:no|not)\s+(?:de|of)\s+(?:los|las|the))\s+\Z", re.I)


# --------------------------------------------------------------------------- CF201 conduct


_DET = r"(?:that|this|the|those|these|my|our|your|his|her|their|ese|esa|este|esta|esos|esas|estos|estas|el|la|su|mi|tu)"
_MODS = (r"(?:(?:such|so|really|just|totally|completely|complete|a|an|the|most|being|like|such\s+a|total|real|little|big|straight\s+up|literally|basically|"
         r"biggest|absolute|pure|utter|puro|pura|fucking|freaking|damn|pathological|spoiled|lazy|un|una|muy|el|la|más|mas|bien|tan|todo|toda|"
         r"un\s+completo|una\s+completa|unos|unas|anything\s+but|walking|nothing\s+but|nada\s+m[áa]s\s+que)\s+){0,4}")
_COPULA = r"(?:is|are|was|were|'s|’s|'re|’re|seems|seemed|acts\s+like|sounds\s+like|looks\s+like|remains|es|era|son|fue|está|esta|parece)"


def _heads(phrases_: Iterable[str]) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    by_head: dict[str, set[str]] = {}
    short = set()
    for p in phrases_:
        toks = _TOKEN.findall(p.lower().replace("’", "'"))
        if not toks:
            continue
        # The longest token ("joke" of "a joke", "cause" of "lost cause"), one mail is not
        # full of when there is one ("inmate" of "future inmate"): one of the text's tokens
        # starts with it (every token of a phrase starts a token of the text).
        key = max(toks, key=lambda t: (t not in _EVERYDAY and t not in _NEVER_KEYS and t not in _COMMON, len(t)))
        if len(key) < 3:
            short.add(key)
        else:
            by_head.setdefault(key[:3], set()).add(key)
    return {k: tuple(v) for k, v in by_head.items()}, frozenset(short)


# An insult ends a word, not the first half of a compound: "the psycho-educational report".
_WHOLE = r"\b(?!-\w)"


def _alt(xs: Iterable[str]) -> str:
    return "|".join(re.escape(x) for x in sorted(set(xs), key=len, reverse=True))


@lru_cache(maxsize=1)
def _conduct() -> _Lazy:
    """CF201's words (sets, built at once: the cheap first test) and patterns (compiled on first use)."""
    d = _data("conduct.toml")["derogatory"]
    predicates = set(d["predicates"]) | set(d["person_nouns"]) | set(d["adjectives"])
    adjectives = set(d["adjectives"]) | set(d["attributive_only"])
    words = frozenset(w for x in predicates | adjectives for w in _key_words(x))
    return _Lazy(
        # person + copula + modifiers + insult: "the teacher is an idiot", "la secretaria nueva es una inútil".
        # Between the person and the verb: an aside in commas, one word ("nueva", "really"),
        # a complement ("de música", "from the office") or a short relative clause ("we had today").
        predicate=lambda: re.compile(
            rf"\s*(?:,\s*)?(?:[^.!?;\n]{{0,40}}?,\s*|(?:de|del|from|in|at|on|of)\s+(?:la\s+|el\s+|los\s+|las\s+|the\s+|this\s+|that\s+|my\s+|our\s+|his\s+|her\s+|their\s+)?(?:[\w’'-]+\s+){{1,4}}?|"
            rf"(?:who|that|we|I|you|they|que)\s+(?:[\w’'-]+\s+){{0,4}}|[\w’'-]+\s+)?{_COPULA}\s+{_MODS}"
            # Insulting adjectives in a row before the insult: "a spineless, useless clown".
            # ("bien lambiscona y bien pendeja": a modifier may follow the "and" too).
            rf"(?:(?:{_alt(adjectives)}),?\s+(?:(?:and|y)\s+(?:bien\s+|muy\s+|tan\s+|so\s+|really\s+|frankly\s+)?)?){{0,3}}(?P<insult>{_alt(predicates)}){_WHOLE}", re.I),
        # The predicates' insults by the first three letters of their first token, and the
        # first tokens shorter than three letters (``_insult_may_start``).
        insult_heads=lambda: _heads(predicates),
        # determiner or "what a"/"you" + modifiers + a person insult: "that creep", "you idiot", "what a clown".
        addressed=lambda: re.compile(
            rf"\b(?:{_DET}|some|what\s+an?|such\s+an?|you|qué|que|of|for|(?:is|was|(?<=\w)['’]s)\s+an?|are|two|three|pack\s+of|bunch\s+of)\s+{_MODS}(?:(?:{_alt(adjectives)}),?\s+(?:little\s+)?){{0,3}}"
            # After "is a" / "what a", any one word may stand before the insult too:
            # "she is a manipulative little drama queen", "what a spoiled little brat".
            rf"(?:(?<=\ba\s)[a-z]+\s+(?:little\s+)?|(?<=\ban\s)[a-z]+\s+(?:little\s+)?"
            # ... and one hyphenated compound after any opener: "that pencil-pushing clown".
            rf"|[a-z]+-[a-z]+(?:-[a-z]+)?\s+(?:little\s+)?)?"
            rf"(?P<insult>{_alt(d['person_nouns'])}){_WHOLE}", re.I),
        # A sentence that opens with an insult noun and stops there: "Total psycho.",
        # "Filthy little degenerate, and ..." (the nouns insult a person and mean nothing else).
        fragment=lambda: re.compile(
            rf"(?:^|(?<=[.!?\n]))[ \t\"“]*(?:(?:total|complete|absolute|real|such\s+a|what\s+a|an?|two|three|one)\s+)?"
            rf"(?:(?:{_alt(d['adjectives'])}),?\s+){{0,3}}(?:(?:little|old|big)\s+)?(?P<insult>{_alt(d['person_nouns'])}){_WHOLE}"
            rf"(?=\s*(?:[.,;!?…]|$)|\s+(?:and|in|who|with|if|y|que)\b)", re.I | re.M),
        # A name (any capitalised word) or "la nueva"/"el otro" + copula + a word that only
        # insults a person: "that Ivey is a spineless coward", "la nueva es bien pendeja";
        # and Spanish without a subject: "..., es una inútil".
        named=lambda: re.compile(
            rf"(?:\b(?-i:[A-Z])[a-z’'-]+|\b(?:la|el)\s+(?:nueva|nuevo|otra|otro))\s+{_COPULA}\s+{_MODS}"
            rf"(?:(?:{_alt(adjectives)}),?\s+(?:and\s+|y\s+)?){{0,3}}(?P<insult>{_alt(d['person_nouns'])}){_WHOLE}"
            rf"|\b(?:es|eres|era|son)\s+(?:un|una|unos|unas)\s+(?:complet[oa]\s+|verdader[oa]\s+)?(?P<es>{_alt(d['person_nouns'])}){_WHOLE}",
            re.I),
        # "a" + insult adjective + role: "a washed-up teacher", "a lazy student" (not the milder
        # attributive-only words: "a crazy busy parent night").
        attributive_a=lambda: re.compile(
            rf"\b(?:a|an)\s+(?:\w+\s+)?(?P<insult>{_alt(d['adjectives'])})\s+(?:\w+\s+)?(?:{_alt(d['roles'])})\b", re.I),
        # determiner + insult adjective + (a word) + role: "that lazy custodian", "his stupid face".
        attributive=lambda: re.compile(
            rf"\b{_DET}\s+(?:\w+\s+)?(?P<insult>{_alt(adjectives)})\s+(?:\w+\s+)?(?:{_alt(d['roles'])})\b", re.I),
        # determiner + up to three words + role noun: a person reference the detector may not list ("my attendance clerk").
        role=lambda: re.compile(rf"\b{_DET}\s+(?:[\w-]+\s+){{0,3}}?(?:{_alt(d['roles'])})\b", re.I),
        # Whom a sexual remark is about: a role after any article ("a booster mom", "al nuevo
        # maestro"), or the newcomer ("the new VP", "la nueva de la cocina").
        sexual_target=lambda: re.compile(
            rf"\b(?:{_DET}|al|del|an|a(?!\s+(?:la|el)\b)|un|una)\s+(?:[\w-]+\s+){{0,3}}?(?:{_alt(d['roles'])})\b|\b(?:el|la|al)\s+nuev[oa]\b|\bthe\s+new\s+\w+", re.I),
        pressed=lambda: _alternation(d.get("pressed_advance_regex", ()) or ["(?!x)x"]),
        bias=lambda: _alternation(d["bias_regex"]),
        bias_split=lambda: split_phrases(d["bias_regex"]),
        allowed=lambda: phrase_rx(d["allowed"]),
        allowed_regex=lambda: _alternation(d.get("allowed_regex", ()) or ["(?!x)x"]),
        # Tokens without which no insult pattern can match (the words of every entry).
        words=lambda: words,
        # The tokens of the person nouns and of the adjectives: a shape built on one of
        # them is tried only when one is in the text.
        noun_words=lambda: frozenset(w for x in d["person_nouns"] for w in _words_of(x)) - _COMMON,
        adjective_words=lambda: frozenset(w for x in adjectives for w in _words_of(x)) - _COMMON,
        bias_words=lambda: frozenset(d["bias_triggers"]),
        joke=lambda: _joke_pattern(d["joke_frames_regex"], d["joke_butts"]),
    )


def _joke_pattern(frames: list[str], butts: list[str]) -> re.Pattern[str]:
    """The joke frames, each with ``{butt}`` spelled out as the alternation of the butts."""
    butt = "(?:" + "|".join(butts) + r")(?!\w)"
    return re.compile("|".join("(?:" + f.replace("{butt}", butt) + ")" for f in frames), re.I)


def _key_words(entry: str) -> list[str]:
    """The words of an insult entry that open its search window (``_conduct().words``):
    not the function words, and in a phrase not the everyday words mail is full of when
    a rarer one is there ("old bag" opens at "bag", "affirmative action hire" at
    "affirmative"): each window costs a pass of the patterns and the person detector."""
    ws = [w for w in _words_of(entry) if w not in _NEVER_KEYS]
    rare = [w for w in ws if w not in _EVERYDAY]
    return rare or ws


def _words_of(entry: str) -> list[str]:
    """The lower-case words of an entry, a hyphenated one by its parts as the tokenizer
    splits it ("brain-dead" is "brain" and "dead", "two-faced" is "faced"), leaving out
    parts mail is full of ("good-for-nothing" stays whole: its parts would open a window
    in most drafts)."""
    out: list[str] = []
    for w in entry.lower().replace("’", "'").split():
        parts = [p for p in w.split("-") if p and p not in _HYPHEN_COMMON] if "-" in w else [w]
        out += parts or [w]
    return out


# Parts of hyphenated insults too common to look for alone ("two-faced", "good-for-nothing").
_HYPHEN_COMMON = frozenset(("a", "an", "the", "for", "no", "good", "nothing", "two", "sorry", "brown", "kiss", "battle", "up", "in", "of"))


_NEVER_KEYS = frozenset(("a", "an", "the", "of", "little", "complete", "lost", "white", "waste"))
# Words of multi-word entries that one message in a hundred or more of the Enron inboxes
# (../shared/corpora) holds: a window there is a pass of the patterns for nothing.
_EVERYDAY = frozenset(("as", "up", "time", "desk", "old", "action", "hire", "window", "space", "gold", "hot", "air",
                       "weight", "miss", "camel", "cause", "walking", "seat", "rock", "dead", "total", "such", "mouth",
                       "juvenile", "job", "head", "man", "show", "future", "piece"))
# Words of multi-word entries that say nothing alone ("waste of space", "bag of hot air").
_COMMON = frozenset(("a", "an", "the", "of", "up", "as", "little", "old", "hot", "air", "bag", "time", "space", "skin"))
# Which token set each insult shape needs (``derogatory_spans``).
_SHAPE_WORDS = {"addressed": "noun_words", "fragment": "noun_words", "named": "noun_words",
                "attributive": "adjective_words", "attributive_a": "adjective_words"}


_CAP_WORD_BEFORE = re.compile(r"(?-i:[A-Z])[\w'’-]*\s+$")
_CAP_WORD_AFTER = re.compile(r"\s+(?-i:[A-Z])")


def _in_name(text: str, span: Span) -> bool:
    """A capitalised word inside a run of capitalised words: a surname ("Dick Van Dyke")."""
    if not text[span.start : span.start + 1].isupper():
        return False
    return bool(_CAP_WORD_BEFORE.search(text, max(0, span.start - 30), span.start)) or bool(
        _CAP_WORD_AFTER.match(text, span.end)
    )


def _insult_may_start(present: frozenset[str]) -> bool:
    """Whether a predicate's insult can be in a text whose lower-cased tokens are ``present``.

    The insult of a predicate starts after whitespace and ends at a word boundary, so
    each of its tokens is a token of the text, or starts one with an apostrophe after it
    ("idiot's"; "joke" of "a joke"); when the key token of no insult is, no person
    reference needs to be found for the predicates. Looked up by the first three letters
    (a dict probe per distinct token)."""
    by_head, short = _conduct()["insult_heads"]
    for tok in present:
        if tok[:1] in short or tok[:2] in short:
            return True
        for first in by_head.get(tok[:3], ()):
            if tok == first or tok.startswith(first + "'"):
                return True
    return False


_CAP_WORD = re.compile(r"\b(?-i:[A-Z])[a-z’'-]+\b")
# Capitalised words that are names in the lists but never the person insulted here.
NOT_A_NAME = frozenset("the this that my our your his her their honestly oh well so and but i we you he she they it".split())
_PRO_DROP = re.compile(r"(?-i:Es|Era|Son|Eran|Fue)\s")

_PRONOUN_TARGET = re.compile(r"\b(?:you|he|she|they|él|ella|ellos|usted)\b", re.I)
# A role with no article that opens a sentence, as people write of someone just named:
# "Kid's a lost cause", "Guy is a joke".
_BARE_ROLE = re.compile(r"\b(?:Kid|Guy|Girl|Boy|Lady|Dude|Woman|Man)(?=['’]s\s|\s+is\s)")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n]\s{0,2})\Z")  # searched in the few characters before a word


def _token_windows(text: str, toks, spans, words: set[str], plain: bool) -> list[tuple[int, int]]:
    """The whole of a short text (or one without a ``folded`` form, ``plain`` false); in a
    long one, the sentences around ``words``."""
    if len(text) <= _LONG or not plain:
        return [(0, len(text))]
    spots = []
    for w in words:
        i = -1
        try:
            while True:
                i = toks.index(w, i + 1)
                spots.append(spans[i][0])
        except ValueError:
            pass
    return windows(text, spots, around=1)


def derogatory_spans(ctx: Context) -> list[tuple[Span, str]]:
    """(span, target) of derogatory language aimed at a person, slurs and bias."""
    text = ctx.text
    c = _conduct()
    found: list[tuple[Span, str]] = []
    found += [(s, "slur") for s in phrases("harassing", "slurs").spans(text) if not _in_name(text, s)]
    found += [(Span(m.start(), m.end()), m.group(0).split()[0]) for m in HarassingOrDerogatory.aimed_matches(text)]
    toks, spans, present = tokens(text)
    low = folded(text)
    ascii_text = low is not None  # the token tests below are exact
    bias_hits = present & c["bias_words"]
    if bias_hits or not ascii_text:
        bias_split = c["bias_split"]
        for lo, hi in _token_windows(text, toks, spans, bias_hits, ascii_text):
            if low is not None and bias_split is not None:
                # The patterns one by one where they can be, as their alternation finds them.
                found += [(Span(a, b), "a group") for a, b, _ in alternation_matches(bias_split, text, low, lo, hi)]
            else:
                found += [(Span(m.start(), m.end()), "a group") for m in c["bias"].finditer(text, lo, hi)]
    hits = present & c["words"]
    if not hits and ascii_text:
        return _keep_derogatory(text, found)
    targets: list[tuple[int, int, str]] = []
    may_insult = not ascii_text or _insult_may_start(present)
    for lo, hi in _token_windows(text, toks, spans, hits, ascii_text):
        for rx in ("addressed", "attributive", "attributive_a", "fragment", "named"):
            if ascii_text and not (present & c[_SHAPE_WORDS[rx]]):
                continue  # the shape's insult word is not in the text
            for m in c[rx].finditer(text, lo, hi):
                # A fragment from its insult: an opening quote before it makes it someone's words.
                a = m.start("insult") if rx == "fragment" else m.start()
                found.append((Span(a, m.end()), text[a:m.end()]))
        if not may_insult:
            continue  # no predicate can match: the person detector (the costly part) is not run
        # Person references: the detector's, plus role phrases and "you"/"he"/"she".
        targets += [(r.start, r.end, r.text) for r in people_in(ctx, lo, hi)]
        targets += [(m.start(), m.end(), m.group(0)) for m in c["role"].finditer(text, lo, hi)]
        targets += [(m.start(), m.end(), m.group(0)) for m in _PRONOUN_TARGET.finditer(text, lo, hi)]
        targets += [(m.start(), m.end(), m.group(0)) for m in _BARE_ROLE.finditer(text, lo, hi)
                    if _SENTENCE_START.search(text, max(0, m.start() - 3), m.start())]
        # A surname or given name on its own, which the detector leaves alone without a
        # cue ("Pratt from the district office is ..."): the insult after it is the cue.
        lists = name_lists()
        targets += [(m.start(), m.end(), m.group(0)) for m in _CAP_WORD.finditer(text, lo, hi)
                    if (k := m.group(0).lower()) not in NOT_A_NAME and (k in lists.surnames or k in lists.given)]
    if targets:
        # Spanish drops the subject: "Otra vez esa señora. Es una mentirosa." The verb that
        # opens a sentence after one naming a person stands for that person.
        bounds = sentence_bounds(text)
        for k in range(1, len(bounds)):
            a = bounds[k][0]
            a += len(text[a : a + 8]) - len(text[a : a + 8].lstrip())
            pa = bounds[k - 1][0]
            if _PRO_DROP.match(text, a) and any(pa <= t[0] < a for t in targets):
                targets.append((a, a, text[a : a + 2]))
    seen_ends: set[int] = set()
    for a, b, who in sorted(targets):
        if b in seen_ends:
            continue
        seen_ends.add(b)
        m = c["predicate"].match(text, b, min(len(text), b + 160))
        if m:
            found.append((Span(a, m.end()), who))
    return _keep_derogatory(text, found)


def _keep_derogatory(text: str, found: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Drop allowed idioms, reported or quoted words and titles."""
    if not found:
        return []
    c = _conduct()
    allowed = [Span(*m.span()) for m in c["allowed"].finditer(text)] + [Span(*m.span()) for m in c["allowed_regex"].finditer(text)]
    out = []
    for span, who in found:
        if any(al.start <= span.start < al.end or span.start <= al.start < span.end for al in allowed):
            continue
        if reported(text, span.start) or _in_quotes(text, span.start):
            continue
        words = text[span.start : span.end].split()
        if who != "slur" and len(words) > 1 and all(w[:1].isupper() for w in words):
            continue  # a title ("The Fat Guy"), not a sentence about someone
        out.append((span, who))
    return out


class HarassingOrDerogatory(Rule):
    """Harassing, derogatory or bullying language about a person.

    What it does:
        Flags slurs; insults said of any person reference, staff roles included ("the
        teacher is an idiot", "that principal is useless", "my attendance clerk is a
        brainless twit", "Kevin Ramos, es un vago"); insults used as a person reference
        ("that creep", "you idiot", "what a clown"); insulting adjectives on a role ("that
        lazy custodian", "the fat kid"); and prejudice about a group ("those immigrant
        kids can't learn anything"). With no insult, it flags sexual remarks about a
        colleague or a student: explicit words (those of CF301, or sentences the conduct
        model reads as clearly sexual) about a third person ("her", "him", "me la
        imagino") where a school role or a person ("the new attendance clerk", "the new
        PE aide") is named in that sentence or the two before; a parent (item 7 names
        students and employees), the characters of a joke, a limerick or a story pasted in
        quotes, and the writer's own story ("we went at it", "me and the new aide ...
        hooked up") are not colleagues, and where a parent or a family's lawyer is spoken of
        in the sentences before, the colleague must be named in the remark's own
        sentence. Sexual words (CF301's) to a District address with words that press them
        on the reader (secrecy, a refusal brushed aside, the reader's evaluation) are
        harassment too. Words and idioms are data (``conduct.toml``, ``terms.toml``).
        Reported or quoted words ("a student reported being called …"), insults about
        things ("this form is useless"),
        self-deprecation ("I felt like an idiot") and the writer's own story ("he had me
        …") are not flagged. The hint quotes the words and who they target. Where neither
        finds anything, the insults model (``scripts/train_insults.py``, learned from
        drafts of many writers) reads each sentence and pair of sentences of five words or
        more that points at a person (a pronoun, a title or a role noun: ``conduct.toml
        [model]``); its hint quotes the sentence and the words that weighed most. A threat
        (CF202) aimed at a student or an employee is flagged here too, as item 7 names
        threatening language: a school role in its sentence ("if that kid ... again"), the
        reader when every recipient is in the District ("park in my spot again and I'll
        slash your tires"), or a person named; not a parent, a referee, a vendor or a
        building (``conduct.toml [threat_target]``). Its hint says whom the threat is aimed at.
        A forward sends the forwarded note on: slurs in a short one (a joke chain) are
        flagged; an insult in it is most often abuse the sender received and passes on
        for help, and is not. A joke (EM902) whose butt is a people, a faith, a sex, a
        disability or a colleague by name ("How many Mexicans does it take ...") is flagged,
        in the sender's text or in what a forward sends on.

    Why:
        Such comments about a student or employee are prohibited, whatever the channel,
        and are grounds for discipline.

    Example:
        "Honestly, the teacher is an idiot."

    Policy:
        BP 1114, Social Media Protocol, item 7: "Posting inappropriate threatening,
        harassing, racist, biased, derogatory, disparaging or bullying comments toward or
        about any student or employee … is prohibited and will subject an employee to
        discipline."

    Fix:
        None: rewrite it, describing behaviour and facts, not the person.
    """

    code = "CF201"
    name = "harassing-or-derogatory"
    title = "Harassing or derogatory language"
    severity = Severity.ERROR
    citation = "BP 1114, Social Media Protocol 7"

    _aimed: re.Pattern[str] | None = None

    @classmethod
    def aimed(cls) -> re.Pattern[str]:
        if cls._aimed is None:
            t = _data("terms.toml")["harassing"]
            targets = "|".join(re.escape(x) for x in sorted(t["targets"], key=len, reverse=True))
            insults = "|".join(re.escape(x) for x in sorted(t["insults"], key=len, reverse=True))
            cls._aimed = re.compile(
                rf"\b(?:{targets})\s+(?:is|are|was|were|'s|’s|'re|’re|seems|acts)\s+"
                rf"(?:(?:such|so|really|just|totally|completely|a|an|the|most|being|like)\s+){{0,3}}"
                rf"(?:{insults})\b",
                re.I,
            )
        return cls._aimed

    # Where a verb of aimed() follows whitespace, on lower-cased ASCII text.
    _VERB = re.compile(r"(?:is|are|was|were|'s|'re|seems|acts)(?=\s)")

    @classmethod
    def aimed_matches(cls, text: str) -> list[re.Match[str]]:
        """``aimed().finditer(text)``, without trying the pattern at every position.

        A match is a target, whitespace, then a verb. On text with a ``folded`` form (where
        lower-casing is exactly the pattern's case folding) the pattern is tried only where a target
        ends right before whitespace and a verb: every position where it can match, so
        the matches, taken left to right without overlap, are finditer's.
        """
        rx = cls.aimed()
        low = folded(text)
        if low is None:
            return list(rx.finditer(text))
        targets = {x.lower().replace("’", "'") for x in _data("terms.toml")["harassing"]["targets"]}
        lengths = sorted({len(x) for x in targets})
        starts: set[int] = set()
        for m in cls._VERB.finditer(low):
            w = m.start()
            if w == 0 or not low[w - 1].isspace():
                continue
            while w > 0 and low[w - 1].isspace():
                w -= 1
            starts.update(w - n for n in lengths if n <= w and low[w - n : w] in targets)
        out: list[re.Match[str]] = []
        pos = 0
        for p in sorted(starts):
            if p < pos:
                continue
            found = rx.match(text, p)
            if found:
                out.append(found)
                pos = found.end()
        return out

    def check(self, ctx: Context) -> Iterable[Hint]:
        found = derogatory_spans(ctx)
        if not found:
            remarks = (list(self._sexual_remarks(ctx)) or list(self._pressed_advance(ctx)) or list(self._threatening(ctx))
                       or list(self._forwarded(ctx)) or list(self._group_jokes(ctx)))
            yield from remarks or self._read_by_model(ctx)
            return
        text = ctx.text
        spans: list[Span] = []
        for s in sorted({s for s, _ in found}, key=lambda s: (s.start, -s.end)):
            if spans and s.start < spans[-1].end:
                if s.end > spans[-1].end:
                    spans[-1] = Span(spans[-1].start, s.end)
                continue  # overlapping matches of one insult: one span
            spans.append(s)
        words = list(dict.fromkeys(f"\u201c{_quote(text[s.start:s.end])}\u201d" for s in spans))
        yield self.hint(
            ctx,
            f"This is derogatory about a person ({', '.join(words[:3])}): describe behaviour and facts instead.",
            spans=spans[:10],
        )

    def _forwarded(self, ctx: Context) -> Iterable[Hint]:
        """A forward sends the forwarded message on ("FW: You might be a SPED teacher
        if..."): slurs in a short forwarded note are the sender's to answer
        for. A long forward (a news story, a newsletter) reports what others said."""
        sub = _forwarded_note(ctx)
        if sub is None:
            return
        # Slurs only: a forwarded insult is most often abuse the sender received ("you are
        # the most incompetent teacher") and passes to someone who can act on it.
        found = [(s, who) for s, who in derogatory_spans(sub) if who == "slur"]
        if found:
            words = list(dict.fromkeys(f"\u201c{_quote(sub.text[s.start:s.end].strip())}\u201d" for s, _ in found))
            yield self.hint(
                ctx,
                f"The forwarded message holds slurs ({', '.join(words[:3])}): "
                "passing it on is sending it; do not forward it.",
            )

    def _group_jokes(self, ctx: Context) -> Iterable[Hint]:
        """A joke (EM902's verdict) whose butt is a people, a faith, a sex, a disability
        or a colleague by name ("How many Mexicans does it take ...", "¿Por qué las mujeres
        ...?"): the joke is the stereotype. Read in the sender's text and, in a forward, in
        what it sends on (``conduct.toml joke_frames_regex``)."""
        from assistant.rules.personal_use import ChainLetterHoaxOrJoke  # it imports this module

        if ChainLetterHoaxOrJoke.verdict(ctx) is None:
            return
        rx = _conduct()["joke"]
        m = rx.search(ctx.text)
        found = m or (rx.search(ctx.content.quoted_text[:50000]) if _is_forward(ctx) else None)
        if found is None:
            return
        words = f"\u201c{_quote(found.group(0).strip())}\u201d"
        yield self.hint(
            ctx,
            f"This joke makes a people, a faith, a sex, a disability or a colleague its butt ({words}): "
            "such jokes are derogatory; do not send them.",
            spans=[Span(m.start(), m.end())] if m else [],
        )

    def _threatening(self, ctx: Context) -> Iterable[Hint]:
        """A threat (CF202's patterns, or a clear reading of the conduct model) aimed at a
        student or an employee (``threatened_insider``): item 7 names threatening language
        toward them, besides item 8's threat. A weak model reading is CF202's alone."""
        spans = sorted({s for s, _ in threats(ctx)})
        if not spans:
            r = model_reading(ctx, "CF202")
            if r is None or r.span is None or r.score - r.threshold < _CLEAR:
                return
            spans = [Span(*r.span)]
        who = threatened_insider(ctx, spans)
        if who is not None:
            longest = max(spans, key=lambda s: s.end - s.start)  # the threat itself, not its "one more time"
            words = f"\u201c{_quote(ctx.text[longest.start:longest.end].strip())}\u201d"
            yield self.hint(
                ctx,
                f"This threatens a student or employee ({words}, aimed at {who}): threatening language "
                "toward them is prohibited besides being a threat; remove it.",
                spans=spans[:10],
            )

    def _read_by_model(self, ctx: Context) -> Iterable[Hint]:
        """The insults model (``Context.insults``), where no pattern found a put-down: a
        sentence that points at a person and reads as demeaning. A draft with a threat gets
        no reading here: the threat is what it says (``_threatening``)."""
        if threats(ctx) or model_reading(ctx, "CF202") is not None:
            return
        r = model_reading(ctx, self.code)
        if r is not None:
            yield model_hint(self, ctx, r, "This reads as demeaning about a person", ": describe behaviour and facts instead.")

    def _pressed_advance(self, ctx: Context) -> Iterable[Hint]:
        """Sexual words (CF301's) to a District address with words that press them on the
        reader: secrecy ("nobody has to know"), a refusal brushed aside ("I know you said
        to stop") or the reader's work tied to it ("your evaluation"). That is harassment
        of a colleague or a student, besides CF301 (``conduct.toml pressed_advance_regex``).
        Sexual mail without such words is CF301's alone: writers label it so."""
        if not any(r.address and ctx.policy.is_internal(r.address) for r in ctx.draft.to):
            return
        text = ctx.text
        if not explicit_spans(text):
            r = model_reading(ctx, "CF301")  # CF301 reads it too: cached
            if r is None or r.span is None:
                return
        m = next((m for m in _conduct()["pressed"].finditer(text)
                  if not _in_quotes(text, m.start()) and not reported(text, m.start())), None)
        if m is None:
            return
        yield self.hint(
            ctx,
            f"This presses sexual attention on a colleague or a student (\u201c{_quote(m.group(0))}\u201d): that is "
            "harassment besides explicit content; remove it.",
            spans=[Span(m.start(), m.end())],
        )

    def _sexual_remarks(self, ctx: Context) -> Iterable[Hint]:
        """Explicit words said about a colleague or a student ("the new attendance clerk ...
        I'd bend her over the copier"): a school role named in the sentence or the two
        before, and a third person in the sentence. Sexual harassment, besides CF301.
        Words to the reader ("you"), quoted or forwarded passages, jokes and stories about
        people who are not colleagues, and the writer's own story ("he had me ...") are
        not."""
        text = ctx.text
        spans = list(explicit_spans(text))
        r = model_reading(ctx, "CF301")
        if r is not None and r.span is not None and r.score - r.threshold >= _CLEAR:
            spans.append(Span(*r.span))  # a clear reading only: a second rule rests on it
        if not spans:
            return
        if _JOKE.search(text):
            return  # a joke's characters ("a nun, a stripper and a gym teacher walk into a bar")
        bounds = sentence_bounds(text)
        starts = [x for x, _ in bounds]
        role = _conduct()["sexual_target"]
        for sp in spans:
            line = text[text.rfind("\n", 0, sp.start) + 1 : sp.start]
            if _in_quotes(text, sp.start) or line.lstrip()[:1] == ">" or _open_quote(line):
                continue
            k = max(0, bisect_right(starts, sp.start) - 1)
            a, b = bounds[k]
            b = max(b, bounds[max(k, bisect_right(starts, sp.end - 1) - 1)][1])
            who = _THIRD_PERSON.search(text, a, b) or _THIRD_PERSON_ES.search(text, a, b)
            lo = bounds[max(0, k - 2)][0]
            # (start, end) of whom it is about: a role phrase, else a person the detector finds.
            # A parent is not a student or employee (item 7; the writers of dev12 and dev13).
            outsider = _threat_target_words()["remark_outsiders"]
            if outsider.search(text, lo, a):
                # An outsider set the scene ("la mamá de la niña nueva ... está como quiere"):
                # a student or colleague in the remark's own sentence is needed.
                lo = a
            colleague = next((m.span() for m in role.finditer(text, lo, b)
                              if not _NOT_THE_TARGET.match(m.group(0)) and not outsider.search(m.group(0))), None) or next(
                ((p.start, p.end) for p in people_in(ctx, lo, b)
                 if p.kind in ("name", "possessive", "title", "role") and not _NOT_THE_TARGET.match(p.text)
                 and not outsider.search(p.text)
                 and not (p.kind == "possessive" and outsider.match(text[p.end : p.end + 24].lstrip()))), None)  # "Liam's mom"
            if who is not None and colleague is not None and not _WRITER_AS_OBJECT.search(text, a, b):
                yield self.hint(
                    ctx,
                    f"This makes sexual remarks about a person (\u201c{_quote(text[sp.start:sp.end])}\u201d, about "
                    f"\u201c{text[colleague[0]:colleague[1]]}\u201d): that is harassment; remove it.",
                    spans=sorted({sp, Span(*colleague), Span(who.start(), who.end())}),
                )
                return


def _open_quote(line: str) -> bool:
    """Whether a paragraph's text up to a point is inside a quoted passage of several
    sentences (a story's chapter pasted in quotes: its characters are not colleagues)."""
    return line.count('"') % 2 == 1 or line.count("“") > line.count("”")


# A third person in a sentence with explicit words; the writer as the one acted on.
_THIRD_PERSON = re.compile(r"\b(?:her|him|she|he|she['’]s|he['’]s|ella|él)\b", re.I)
_THIRD_PERSON_ES = re.compile(
    r"\b(?:me|se|te|yo|le)\s+(?:la|lo)\b|\best[aá]\s+(?:bien\s+|muy\s+)?(?:buen[oa]|buen[ií]sim[oa]|buenot[oa]|ric[oa]|riqu[ií]sim[oa])\b", re.I)


# How far past its threshold the conduct model's CF301 score must be for CF201 to use it
# (a borderline reading of an Enron travel letter about "pants" stays CF301's alone).
_CLEAR = 1.5
_JOKE = re.compile(r"\bwalks?\s+into\s+a\s+bar\b|\bjokes?\b|\bpunch\s?line\b|\bchistes?\b|\blimericks?\b|\bthere\s+once\s+was\s+an?\b", re.I)
# A relative of the third person ("her sister's") or a body part ("her mouth"): not a colleague.
_NOT_THE_TARGET = re.compile(r"(?:her|his|their|su)\s+\w+['’]s?$|\w+\s+(?:face|mouth|head)$", re.I)
_WRITER_AS_OBJECT = re.compile(r"\bwe\s+(?:did\s+it|went\s+at\s+it|hooked\s+up|made\s+out)\b|"
                               r"\bme\s+and\s+[^.!?\n]{1,40}?\s+(?:[\w,]+\s+){0,8}?(?:did\s+it|went\s+at\s+it|hooked\s+up|made\s+out)\b|"
                               r"\b(?:he|she)\s+(?:\w+\s+)?(?:had|took|kissed|pinned|pushed|held|grabbed|touched)\s+me\b", re.I)


# --------------------------------------------------------------------------- CF202 threats


@lru_cache(maxsize=1)
def _threat_parts() -> _Lazy:
    """CF202's word sets (built at once) and patterns (compiled on first use)."""
    t = _data("conduct.toml")["threats"]
    # First words of harm verbs, outcomes and weapons: without one, no intent is a threat.
    # (an outcome verb needs its outcome, a weapon verb its weapon: those words stand for them)
    harm_words = frozenset(x.split()[0] for x in t["harm_verbs"] + t["weapons"]) | frozenset(t.get("outcome_words", ()))
    return _Lazy(
        intent=lambda: _alternation(t["intent_regex"]),
        harm=lambda: phrase_rx(t["harm_verbs"]),
        outcome_verbs=lambda: phrase_rx(t["outcome_verbs"]),
        targets=lambda: _alternation(t["targets_regex"]),
        outcomes=lambda: _alternation(t["outcomes_regex"]),
        enclitic=lambda: _alternation(t["enclitic_regex"]),
        weapons=lambda: phrase_rx(t["weapons"]),
        weapon_verbs=lambda: phrase_rx(t["weapon_verbs"]),
        # "with a bat", "con un cuchillo": a weapon the writer will have, whatever the verb.
        with_weapon=lambda: re.compile(
            t.get("with_weapon_regex", "(?!x)x") + r"(?:" + "|".join(
                r"\s+".join(map(re.escape, w.split())) for w in sorted(t["weapons"], key=len, reverse=True)) + r")\b", re.I),
        standalone=lambda: Phrases(t["standalone"]),
        # Threats that stand alone but vary in their words ("I know where you park").
        standalone_regex=lambda: _alternation(_standalone_sources(t) or ["(?!x)x"]),
        # A condition on someone's behaviour and the writer's answer to it ("if he ... again, I'll be waiting").
        conditional=lambda: _alternation(t.get("conditional_regex", ()) or ["(?!x)x"]),
        # The same two for ``alternation_matches`` (each tried only where its words are).
        standalone_split=lambda: split_phrases(_standalone_sources(t)),
        ultimatum=lambda: _alternation(t.get("ultimatum_regex", ()) or ["(?!x)x"]),
        consequence=lambda: _alternation(t.get("consequence_regex", ()) or ["(?!x)x"]),
        consequence_split=lambda: split_phrases(t.get("consequence_regex", ())),
        veiled=lambda: _alternation(t.get("veiled_regex", ()) or ["(?!x)x"]),
        loose_intent=lambda: _alternation(t.get("threat_intent_regex", ()) or ["(?!x)x"]),
        loose_harm_split=lambda: split_phrases(t.get("threat_harm_regex", ())),
        loose_harm=lambda: _alternation(t.get("threat_harm_regex", ()) or ["(?!x)x"]),
        conditional_split=lambda: split_phrases(t.get("conditional_regex", ())),
        allowed=lambda: phrase_rx(t["allowed"]),
        feared=lambda: phrase_rx(t.get("feared", ()) or ["(?!x)x"]),
        allowed_after=lambda: _alternation(t["allowed_after_regex"]),
        harm_words=lambda: harm_words,
        standalone_words=lambda: frozenset(x.split()[0].replace("’", "'") for x in t["standalone"]),
        # Lower-case words one of which every standalone or conditional pattern contains.
        regex_triggers=lambda: tuple(t.get("standalone_triggers", ())),
        enclitic_hints=lambda: tuple(t["enclitic_triggers"]),
    )


def _standalone_sources(t: dict) -> list[str]:
    """``standalone_regex`` with ``{first_person}`` spelled out: the writer's "I'll" /
    "I'm going to" / "I'm ...ing" is written once in the data, not in every entry."""
    first = t.get("first_person_regex", "")
    return [r.replace("{first_person}", first) for r in t.get("standalone_regex", ())]


_WORD = re.compile(r"[\w'’-]+")
_NEGATED = re.compile(r"\s+(?:not|never|no)\b", re.I)


def _window(text: str, start: int, words: int) -> int:
    """End offset of the next ``words`` words after ``start``, within the sentence."""
    end = sentence_at(text, start)[1] if start < len(text) else len(text)
    pos = start
    for i, m in enumerate(_WORD.finditer(text, start, end)):
        pos = m.end()
        if i + 1 >= words:
            break
    return pos


def threat_spans(text: str) -> list[tuple[Span, str]]:
    """(span, why) of threats: first-person intent + harm + a person or property."""
    t = _threat_parts()
    out: list[tuple[Span, str]] = []
    present = tokens(text)[2]
    fold = folded(text)
    ascii_text = fold is not None  # the token and trigger tests below are exact
    for a, b, _ in t["standalone"].matches(text):
        # Not first person: reporting it ("a student said he would ...") is not making it;
        # nor a hazard feared ("I'm afraid someone is going to get hurt if it gives way").
        if not reported(text, a) and not any(m.start() <= a < m.end() for m in t["feared"].finditer(text, max(0, a - 20), b)):
            out.append((Span(a, b), text[a:b]))
    low = fold if fold is not None else text.lower()
    if not ascii_text or any(_trigger_at(low, w, 0) >= 0 for w in t["regex_triggers"]):
        for rx, split in (("standalone_regex", "standalone_split"), ("conditional", "conditional_split")):
            # Reported or quoted threats are dropped below (quotes, "he said ...").
            phrases_ = t[split] if fold is not None else None
            if phrases_ is not None:
                out.extend((Span(a, b), text[a:b]) for a, b, _ in alternation_matches(phrases_, text, fold, 0, len(text)))
            else:
                out.extend((Span(m.start(), m.end()), m.group(0)) for m in t[rx].finditer(text))
    if any(h in low for h in t["enclitic_hints"]):
        for m in t["enclitic"].finditer(text):
            if not reported(text, m.start()):  # "alguien escribió que la iba a esperar para golpearla"
                out.append((Span(m.start(), m.end()), m.group(0)))
    harm = present & t["harm_words"]
    intents = []
    if harm or not ascii_text:
        toks, spans, _ = tokens(text)
        for lo, hi in _token_windows(text, toks, spans, harm, ascii_text):
            intents.extend(t["intent"].finditer(text, lo, hi))
    for im in intents:
        i_end = im.end()
        if _NEGATED.match(text, i_end):
            continue  # "I will not hurt you", "I'm never going to"
        w_end = _window(text, i_end, 8)
        span = None
        idiom_from = None  # where an idiom may start to excuse it: anywhere in the span, but past an outcome's verb
        for vm in t["harm"].finditer(text, i_end, w_end):
            vb = vm.end()
            after = text[vb : _window(text, vb, 6)]
            tm = t["targets"].search(after)
            if tm is None:
                tm = t["outcomes"].search(after)
            if tm is None or tm.start() > 25:
                continue
            if t["allowed_after"].match(after[tm.end():]):
                continue
            span = Span(im.start(), vb + tm.end())
            break
        if span is None:
            for vm in t["outcome_verbs"].finditer(text, i_end, w_end):
                vb = vm.end()
                om = t["outcomes"].search(text, vb, _window(text, vb, 7))
                if om is not None:
                    # The outcome is the harm: "dar un" before "un balazo" is no idiom.
                    span, idiom_from = Span(im.start(), om.end()), om.start()
                    break
        if span is None:
            for vm in t["weapon_verbs"].finditer(text, i_end, w_end):
                wm = t["weapons"].search(text, vm.end(), _window(text, vm.end(), 4))
                if wm is not None:
                    span = Span(im.start(), wm.end())
                    break
        if span is None:
            # "I'm going to wait for him in the parking lot with a bat": intent, then the
            # weapon the writer will have, in the same clause.
            wm = t["with_weapon"].search(text, i_end, _window(text, i_end, 14))
            # A person aimed at between them ("wait for him ... with a bat"), not "cut the cake with a knife".
            if wm is not None and not re.search(r"[,;:]", text[i_end : wm.start()]) and t["targets"].search(text, i_end, wm.start()):
                span = Span(im.start(), wm.end())
        if span is None:
            continue
        words = text[span.start : span.end]
        if t["allowed"].search(text, idiom_from if idiom_from is not None else span.start, _window(text, span.end, 3)):
            continue  # an idiom ("beat them at trivia", "shoot you an email")
        out.append((span, words))
    out.extend(_veiled_threats(text, fold, t))
    out.extend(_loose_threats(text, fold, t))
    kept = []
    for span, why in out:
        before = text[sentence_at(text, span.start)[0] : span.start]
        if _in_quotes(text, span.start) or _INTRODUCED.search(before):
            continue  # someone else's words, reported
        kept.append((span, why))
    return kept


def _unreported(text: str, fold: str | None, split: SplitPhrases | None, rx: re.Pattern[str]) -> list[tuple[int, int]]:
    """Matches of a phrase list (``alternation_matches`` where the text folds, else the
    one regex) that are not someone else's reported words."""
    if fold is not None and split is not None:
        found = [(a, b) for a, b, _ in alternation_matches(split, text, fold, 0, len(text))]
    else:
        found = [m.span() for m in rx.finditer(text)]
    return [(a, b) for a, b in found if not reported(text, a)]  # "he said if I report him again I'll get hurt"


def _around(text: str, a: int) -> tuple[int, int]:
    """The sentence holding ``a`` and the ones on either side ("Do that again. You'll need
    a nurse." "... your cart on fire. Not joking.")."""
    lo, hi = sentence_at(text, a)
    if lo > 0:
        lo = sentence_at(text, lo - 1)[0]
    if hi < len(text):
        hi = sentence_at(text, hi)[1]
    return lo, hi


def _beside(found: list[tuple[int, int]], a: int, b: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Another match of ``found`` in [lo, hi) that does not overlap (a, b)."""
    return next(((c, d) for c, d in found if lo <= c < hi and not (c < b and a < d)), None)


def _veiled_threats(text: str, fold: str | None, t: _Lazy) -> list[tuple[Span, str]]:
    """Veiled threats: a consequence that means harm (``consequence_regex``) with an
    ultimatum or warning (``ultimatum_regex``) or a second consequence in its sentence or
    the ones on either side, or a ``veiled_regex`` in its sentence. The consequences are
    looked for first, where their words are: most mail has none."""
    found = _unreported(text, fold, t["consequence_split"], t["consequence"])
    out = []
    for a, b in found:
        veiled = t["veiled"].search(text, *sentence_at(text, a)) is not None
        lo, hi = _around(text, a)
        um = None if veiled else t["ultimatum"].search(text, lo, hi)
        if veiled or um is not None or _beside(found, a, b, lo, hi) is not None:
            if um is not None:
                out.append((Span(um.start(), um.end()), text[um.start():um.end()]))
            out.append((Span(a, b), text[a:b]))
    return out


def _loose_threats(text: str, fold: str | None, t: _Lazy) -> list[tuple[Span, str]]:
    """Harm in words of violence or damage (``threat_harm_regex``, looked for first, where
    its words are) with the writer's intent or an ultimatum (``threat_intent_regex``,
    ``ultimatum_regex``), or a second harm, in its sentence or the ones on either side;
    never when reported or an idiom."""
    found = _unreported(text, fold, t["loose_harm_split"], t["loose_harm"])
    out = []
    for a, b in found:
        lo, hi = _around(text, a)
        if any(not (a <= m.start() and m.end() <= b) for m in t["allowed"].finditer(text, max(lo, a - 20), min(hi, b + 20))):
            continue  # an idiom around it ("dejar la" inside "dejar la cara" is the harm itself)
        im = t["loose_intent"].search(text, lo, hi) or t["ultimatum"].search(text, lo, hi)
        # Two kinds of harm side by side need no intent: "deserves whatever it gets. A few
        # bricks through those windows would send a message."
        why = im.span() if im is not None else _beside(found, a, b, lo, hi)
        if why is not None:
            out += [(Span(*why), text[why[0]:why[1]]), (Span(a, b), text[a:b])]
    return out


# Each model code's gate (data/conduct.toml [model]): a sentence holding none of these
# words is not read for that code.
MODEL_GATES = {"CF202": "threat_gate_regex", "CF301": "explicit_gate_regex"}


@lru_cache(maxsize=None)
def model_gates() -> dict[str, Callable[[str], tuple[int, ...]]]:
    """Each model code's gate: where its words start in a text. The phrase engine
    finds them (as ``finditer`` of the alternation would), trying a word only where
    its letters are: one big regex tried at every word cost more than the model."""
    return {code: _gate(key) for code, key in MODEL_GATES.items()}


_GATE_WORD = re.compile(r"[\w'’]+")


@lru_cache(maxsize=None)
def person_words() -> frozenset[str]:
    """The words that point at a person, lower case: ``[model] person_words`` (pronouns
    and titles) and ``[derogatory] roles`` (a two-word role by its last word)."""
    data = terms("conduct.toml")
    return frozenset(w.lower().replace("’", "'").split()[-1] for w in (*data["model"]["person_words"], *data["derogatory"]["roles"]))


@lru_cache(maxsize=None)
def person_gate() -> Callable[[str], tuple[int, ...]]:
    """Where CF201's learned reader reads: a word of ``person_words``, whole, in any
    case. They are everywhere in mail, so the gate looks each word up in a set rather
    than trying phrases at every word."""
    words = person_words()

    @lru_cache(maxsize=4)
    def starts(text: str) -> tuple[int, ...]:
        return tuple(m.start() for m in _GATE_WORD.finditer(text) if m.group().lower().replace("’", "'") in words)

    return starts


def _gate(key: str) -> Callable[[str], tuple[int, ...]]:
    split = split_phrases(terms("conduct.toml")["model"][key])

    # Remembered for the last texts: the rule asks whether the draft holds a gate word
    # at all, then the model reads where they are.
    @lru_cache(maxsize=4)
    def starts(text: str) -> tuple[int, ...]:
        fold = folded(text)
        if fold is not None and split is not None:
            return tuple(a for a, _, _ in alternation_matches(split, text, fold, 0, len(text)))
        # Text the engine cannot fold: the one regex, compiled only then.
        return tuple(m.start() for m in terms_regex("conduct.toml", "model", key).finditer(text))

    return starts


def threats(ctx: Context) -> list[tuple[Span, str]]:
    """``threat_spans`` of the draft's text, found once per check (CF202 and EM901 ask)."""
    found = ctx.__dict__.get("_cf_threats")
    if found is None:
        found = ctx.__dict__["_cf_threats"] = threat_spans(ctx.text)
    return found


@lru_cache(maxsize=1)
def _threat_target_words() -> _Lazy:
    t = _data("conduct.toml")["threat_target"]
    return _Lazy(insiders=lambda: phrase_rx(t["students_and_staff"]), outsiders=lambda: phrase_rx(t["outsiders"]),
                 reader=lambda: phrase_rx(t["reader"]),
                 remark_outsiders=lambda: phrase_rx(t["outsiders"] + t["remark_outsiders"]))


def threatened_insider(ctx: Context, spans: Iterable[Span]) -> str | None:
    """Whom a threat is aimed at, quoted, when that is a student or an employee; None for a
    parent, a referee, a vendor, property, or no one said. In the threat's sentence an
    outsider word ("that ref", "if that guy yells at my students again") rules it out, and
    a student or staff word ("if that kid ... again", "al subdirector") is the target; then
    an outsider in the two sentences before (three for a threat at "him", "her", "them")
    sets the scene ("the dad came by again"); then the reader ("you", not in an oath such
    as "te lo juro", and unless the threat is at a third person: in the District when
    every recipient is, else a parent or a vendor); then a student or staff word before;
    then a person named there, in mail that stays in the District (not a thing's name:
    "that white Tesla"). A threat at "you" in
    mail to an outsider is at that outsider, whoever else its sentence names ("come near my
    house or the kids again and I will shoot you")."""
    w = _threat_target_words()
    text = ctx.text
    for span in spans:
        a, b = sentence_at(text, span.start)
        b = max(b, span.end)
        # A threat at "him", "her" or "them" is at someone spoken of, not the reader: the
        # scene is looked for one sentence further back ("the Petrakis dad ... screaming at
        # the girls ... I am DONE. I will put him through that fence").
        third = _THIRD_OBJECT.search(text, span.start, span.end) is not None
        lo = a
        for _ in range(3 if third else 2):
            if lo > 0:
                lo = sentence_at(text, lo - 1)[0]
        if w["outsiders"].search(text, a, b) is not None:
            continue  # "if that guy yells at my students again, he'll leave in an ambulance"
        if ctx.any_external and not third and _SECOND_OBJECT.search(text, span.start, span.end):
            continue  # "come near my house or the kids again and I will shoot you": the outside reader
        inside = _insider(w["insiders"], text, a, b, ctx.any_external)
        if inside is not None:
            return f"\u201c{inside.group(0)}\u201d"
        if w["outsiders"].search(text, lo, a) is not None:
            continue
        reader = (None if third else _reader(w["reader"], text, a, b)) or _insider(w["insiders"], text, lo, a, ctx.any_external) \
            or (None if third else _reader(w["reader"], text, lo, a))
        if reader is not None and reader.re is w["insiders"]:
            return f"\u201c{reader.group(0)}\u201d"
        if ctx.any_external:
            continue  # the reader, or a person named, in mail to a parent or a vendor
        if reader is not None:
            return "the reader, who is in the District"
        named = next((p for p in people_in(ctx, lo, b) if p.kind in ("name", "title") and not _NOT_A_PERSON.search(text, max(0, p.start - 80), p.start)
                      and not text[p.end : p.end + 2].strip().isdigit()), None)
        if named is not None:
            return f"\u201c{named.text}\u201d"
    return None


def _reader(rx: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The first word for the reader in ``text[lo:hi]`` that is not inside an oath to them."""
    oaths = [m.span() for m in _OATH.finditer(text, lo, hi)]
    return next((m for m in rx.finditer(text, lo, hi) if not any(a <= m.start() < b for a, b in oaths)), None)


def _insider(rx: re.Pattern[str], text: str, lo: int, hi: int, external: bool) -> re.Match[str] | None:
    """The first student or staff word in ``text[lo:hi]`` that is not someone's own: "one
    of my kids" are the writer's students to protect, and in mail to an outsider "where
    your kids go" are the reader's children; neither is whom the threat is at."""
    owned = _OWNED_OUT if external else _OWNED
    for m in rx.finditer(text, lo, hi):
        if owned.search(text, max(lo, m.start() - 12), m.start()) is None:
            return m
    return None


_OWNED = re.compile(r"\b(?:my|our|mis|nuestr[oa]s)\s+$", re.I)
_OWNED_OUT = re.compile(r"\b(?:my|our|your|mis|tus|sus|nuestr[oa]s)\s+$", re.I)
_THIRD_OBJECT = re.compile(r"\b(?:him|her|them)\b", re.I)
# An oath to the reader is not the reader threatened: "le parto la madre, te lo juro". (Not
# "I promise you'll be leaving on a stretcher": that "you" is the target.)
_OATH = re.compile(r"\b(?:te|te\s+lo|se\s+lo)\s+juro\b", re.I)
_SECOND_OBJECT = re.compile(r"\b(?:you|u|te|usted)\b", re.I)
# A name after a determiner or a place word is a thing's ("that white Tesla", "his Lexus",
# "the office on Willow Pass"), and one before a number a label ("Per 2").
# ("her son Kyle" and "the new kid Kyle" are people: a word for one between stays one.)
_NOT_A_PERSON = re.compile(
    r"\b(?:that|this|his|her|your|my|the|an?|on|su|mi|tu|el|la)\s+"
    r"(?:(?!(?:son|daughter|kid|student|boy|girl|brother|sister|friend|coworker|hijo|hija|niño|niña)\s)\w+\s+)?\Z", re.I)


def model_reading(ctx: Context, code: str):
    """The conduct model's reading for ``code`` when it flags (``assistant.core.conduct``;
    for CF201 the insults model, ``Context.insults``), else None. Like the patterns, it passes words someone else said: the unit's most
    telling word inside a quotation or a report ("he told me ...") is theirs; and for
    CF301 a draft that names a sex-education or policy context anywhere."""
    r = ctx.insults if code == "CF201" else ctx.conduct.get(code)
    if r is None or not r.flagged or not r.words:
        return None
    if code == "CF301" and _explicit()["allowed"].search(ctx.text):
        return None  # a puberty lesson's notice to families: the patterns' contexts, anywhere in the draft
    if code == "CF202" and r.span is not None and _threat_parts()["feared"].search(ctx.text, *r.span):
        return None  # a hazard feared in the sentence read ("I'm afraid someone is going to get hurt")
    if r.span is not None:
        a, b = r.span
        word = re.search(r"(?i)\b" + re.escape(r.words[0].split(" ")[0]), ctx.text[a:b])
        if word is not None and reported(ctx.text, a + word.start()):
            return None
    return r


def model_hint(rule: Rule, ctx: Context, r, says: str, then: str) -> Hint:
    """A hint from the model: the sentence it read and the words that weighed most."""
    listed = ", ".join(f"\u201c{w}\u201d" for w in r.words)
    if r.span is None:
        return rule.hint(ctx, f"{says} (the subject; most telling: {listed}){then}", field="subject")
    a, b = r.span
    return rule.hint(ctx, f"{says} (\u201c{_quote(ctx.text[a:b].strip())}\u201d; most telling: {listed}){then}", spans=[Span(a, b)])


class Threat(Rule):
    """Threats of violence or harm.

    What it does:
        Flags first-person intent ("I will", "I'm going to", "I'll", "keep it up and",
        "or else", "voy a", "te voy a") followed by a verb of violence aimed at a person
        or their property ("slash his tires and hurt him", "break your jaw"), by an
        outcome ("put you in the hospital", "dar una golpiza") or by a weapon ("bring my
        gun"); and threats that stand alone ("watch your back", "you'll be sorry").
        Idioms are allowed (an allow-list as data: "killed it", "shoot you an email",
        "this deadline is killing me", "blow up balloons", "break a leg"), and so is
        reporting someone else's threat in quotes. The hint quotes the words. Where no
        pattern matches, the conduct model (``assistant.core.conduct``, learned from
        drafts of many writers) reads each sentence and pair of sentences that holds a
        word of harm or menace (``conduct.toml [model]``); its hint quotes the sentence
        and the words that weighed most.

    Why:
        Threats are taken seriously and may lead to law-enforcement intervention and a
        formal threat assessment, even when meant as a joke.

    Example:
        "I am going to slash his tires and hurt him."

    Policy:
        BP 1114, Social Media Protocol, item 8: "Threats are taken seriously and are
        subject to law enforcement intervention, including but not limited to, formal
        threat assessments."

    Fix:
        None: remove it. If you are reporting a threat, say so plainly and contact your
        administrator.
    """

    code = "CF202"
    name = "threat"
    title = "Threat of harm"
    severity = Severity.ERROR
    citation = "BP 1114, Social Media Protocol 8"

    def check(self, ctx: Context) -> Iterable[Hint]:
        found = threats(ctx)
        if not found:
            # The learned reader: threats worded as no pattern expects.
            r = model_reading(ctx, self.code)
            if r is not None:
                yield model_hint(self, ctx, r, "This may read as a threat",
                                 ": remove it, or if you are reporting someone else's threat, say so plainly.")
            return
        spans = sorted({s for s, _ in found})
        words = list(dict.fromkeys(f"\u201c{_quote(w)}\u201d" for _, w in sorted(found, key=lambda f: f[0])))
        yield self.hint(
            ctx,
            f"This reads as a threat ({', '.join(words[:3])}): remove it (threats can lead to a formal threat assessment).",
            spans=spans[:10],
        )


@lru_cache(maxsize=1)
def _explicit() -> _Lazy:
    """CF301's phrases (token lists), and its patterns compiled on first use."""
    t = _data("terms.toml")["explicit"]
    cues = t.get("cue_regex", ())
    return _Lazy(
        terms=lambda: Phrases(t["terms"]),
        allowed=lambda: Phrases(t["allowed_contexts"]),
        draft_contexts=lambda: phrase_rx(t.get("draft_contexts", ()) or ["(?!x)x"]),
        strong=lambda: _alternation(t.get("strong_regex", ()) or ["(?!x)x"]),
        # One group per cue, so a match tells which cue it is (m.lastindex): two different cues are needed.
        cues=lambda: re.compile("|".join(f"({p})" for p in cues) or "(?!x)x", re.I),
        incident=lambda: _alternation(t.get("incident_regex", ()) or ["(?!x)x"]),
        triggers=lambda: frozenset(t.get("triggers", ())),
        strong_split=lambda: split_phrases(t.get("strong_regex", ())),
        cue_split=lambda: split_phrases(cues),
        adult_host=lambda: re.compile(t.get("adult_host_regex", "(?!x)x"), re.I),
    )


# A link's host: what follows a scheme (written "hxxp" too, as people defang links) or "www.".
_HOST_AT = re.compile(r"[^/\s<>\"'?#]+")
_SCHEMES = ("http", "https", "hxxp", "hxxps")


def _adult_links(text: str) -> list[Span]:
    """Links whose host name says they lead to an adult site (terms.toml adult_host_regex).
    Found by str.find of "://" and "www." (a scan of the whole text by one regex cost
    more than the rest of CF301 on long mail)."""
    starts: list[tuple[int, int]] = []  # (link start, host start)
    for mark, skip in (("://", 3), ("www.", 4)):
        i = text.find(mark)
        while i >= 0:
            if mark == "www.":
                if i == 0 or not text[i - 1].isalnum() and text[i - 1] != "/":
                    starts.append((i, i + skip))
            else:
                scheme = text[max(0, i - 5) : i].lower()
                for sch in _SCHEMES:
                    if scheme.endswith(sch):
                        starts.append((i - len(sch), i + skip))
                        break
            i = text.find(mark, i + skip)
    if not starts:
        return []
    host = _explicit()["adult_host"]
    out = []
    for a, h in starts:
        m = _HOST_AT.match(text, h)
        if m and host.search(m.group(0)):
            out.append(Span(a, m.end()))
    return out


@lru_cache(maxsize=16)
def explicit_spans(text: str) -> tuple[Span, ...]:
    """Explicit words: a phrase of the list or a strong pattern, or two different milder
    cues ("naked" and "in my bed"), outside sex-education contexts and reports of an incident.
    Quoted words count: a joke that quotes them still sends them. (Cached: CF201 asks too.)"""
    e = _explicit()
    strong = [Span(a, b) for a, b, _ in e["terms"].matches(text)] + _adult_links(text)
    cues: dict[int, Span] = {}
    toks, spans, present = tokens(text)
    low = folded(text)
    ascii_text = low is not None  # the token test below is exact
    hits = present & e["triggers"]
    if hits or not ascii_text:
        strong_split, cue_split = e["strong_split"], e["cue_split"]
        for lo, hi in _token_windows(text, toks, spans, hits, ascii_text):
            if low is not None and strong_split is not None:
                strong += [Span(a, b) for a, b, _ in alternation_matches(strong_split, text, low, lo, hi)]
            else:
                strong += [Span(*m.span()) for m in e["strong"].finditer(text, lo, hi)]
            if low is not None and cue_split is not None:
                # The cues one by one where they can be, as the alternation of groups finds them.
                cue_matches = [(a, b, i + 1) for a, b, i in alternation_matches(cue_split, text, low, lo, hi)]
            else:
                cue_matches = [(m.start(), m.end(), m.lastindex) for m in e["cues"].finditer(text, lo, hi)]
            for a, b, which in cue_matches:
                if which is not None and not _explicit_excused(text, a):
                    cues.setdefault(which, Span(a, b))
    found = [s for s in strong if not _explicit_excused(text, s.start)]
    if len(cues) >= 2:
        found += cues.values()
    if found and e["draft_contexts"].search(text):
        return ()  # a policy notice or an awareness lesson names what it warns against
    return tuple(sorted(set(found)))


def explicit_attachment(ctx: Context) -> str | None:
    """The file name of an attached image or video that its name says is explicit
    ("me_nude_mirror.jpg"), or that a milder name word ("hot_girl_bikini.gif") and one
    explicit cue in the text make so; None otherwise."""
    media = [a for a in ctx.draft.attachments if (a.is_image or a.is_video) and a.filename]
    if not media:
        return None
    t = _data("terms.toml")["explicit"]
    strong, mild = frozenset(t.get("attachment_words", ())), frozenset(t.get("attachment_mild_words", ()))
    for a in media:
        words = frozenset(w for w in re.split(r"[^a-záéíóúñ]+", a.filename.lower()) if w)
        if words & strong:
            return a.filename
        if words & mild and _explicit_cue(ctx.text):
            return a.filename
    return None


def _explicit_cue(text: str) -> bool:
    """Whether one explicit cue (of the two ``explicit_spans`` needs) is in ``text``."""
    return any(m.lastindex is not None and not _explicit_excused(text, m.start()) for m in _explicit()["cues"].finditer(text[:20000]))


def _explicit_excused(text: str, pos: int) -> bool:
    """A health lesson, a policy, or a report of what students did ("were reported for sharing nude photos")."""
    e = _explicit()
    a, b = sentence_at(text, pos)
    sentence = text[a:b]
    return e["allowed"].search(sentence) or e["incident"].search(sentence) is not None


class ExplicitContent(Rule):
    """Sexual or explicit content.

    What it does:
        Flags sexually explicit words and phrases and links whose host names an adult
        site ("hotcamsxxx-live.com", defanged "hxxp" links too), except in sex-education,
        Title IX and harassment-policy contexts and reports of what students did ("were
        reported for sharing nude photos"), and anywhere in a draft that names Title IX, an
        awareness month, online safety or BP 1114 (a notice that lists what it warns
        against). It also flags an attached image or video whose file name is
        explicit ("me_nude_mirror.jpg"), or whose name holds a milder word
        ("bikini") when the text has an explicit cue too, and explicit words in a
        forwarded message (a forward sends them on), or a short forwarded note (jokes, a
        chain) that the conduct model reads clearly as sexual. Where none of these finds
        anything, the conduct model reads each sentence and pair of sentences that
        holds a word of the body or of sex, as for threats (CF202).

    Why:
        No sexting or explicit content of any kind may be sent on District equipment,
        including its mail servers.

    Example:
        "lol send me the pics from last night, the naked pics too".

    Policy:
        BP 1114, Telephone and Mobile Phone Protocol, item C: "No sexting of any kind
        can be done on District-owned equipment, including servers."

    Fix:
        None: remove it.
    """

    code = "CF301"
    name = "explicit-content"
    title = "Explicit content"
    severity = Severity.ERROR
    citation = "BP 1114, Telephone and Mobile Phone Protocol C"

    def check(self, ctx: Context) -> Iterable[Hint]:
        spans = explicit_spans(ctx.text)
        if spans:
            yield self.hint(ctx, "This contains explicit content, which is not allowed on District mail.", spans=spans[:10])
            return
        named = explicit_attachment(ctx)
        if named:
            yield self.hint(ctx, f"The attached {named} looks explicit (its name, and the words with it), which is not allowed on District mail.",
                            field="attachments")
            return
        # A forward sends the forwarded text on: it is what the author is sending too.
        if ctx.draft.compose_type is ComposeType.FORWARD or (
            ctx.draft.compose_type is ComposeType.NEW and ctx.content.quote_marker == "separator"
        ):
            if explicit_spans(ctx.content.quoted_text[:20000]):
                yield self.hint(ctx, "The forwarded message contains explicit content, which is not allowed on District mail.")
                return
            # A short forwarded note (jokes, a chain) read by the model too, a clear reading
            # only: its double meanings ("the only thing getting laid is the lesson plan")
            # are sent on; a teachers' joke list ("a wild Friday night") is not read so.
            sub = _forwarded_note(ctx)
            r = model_reading(sub, self.code) if sub is not None else None
            if r is not None and r.score - r.threshold >= _CLEAR:
                yield self.hint(ctx, "The forwarded message may be sexual content (most telling: "
                                + ", ".join(f"\u201c{w}\u201d" for w in r.words) + "), which is not allowed on District mail.")
                return
        # The learned reader: sexual content worded as no pattern expects.
        r = model_reading(ctx, self.code)
        if r is not None:
            yield model_hint(self, ctx, r, "This may be sexual content", ", which is not allowed on District mail.")
