"""Finding the phrases of the rule data quickly: which patterns a text can match at all
(their literal strings, read from the parsed patterns) and where, so that a rule tries a
few patterns at a few places instead of a large alternation at every character.

Pure functions of the text and the shipped patterns; the rules in ``confidentiality``
and ``personal_use`` use them. ``folded`` gives the lower-case form with the same
offsets that every search here runs on. ``occurrences`` reads a folded text once for
every literal string the rules look for (one Aho-Corasick pass, ahocorasick-rs), so
that a rule never looks for a string the text does not hold; what is kept between
calls (the strings watched, the last texts read) only saves work, every answer is
the one ``str.find`` or ``re`` gives.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from functools import lru_cache
from re import _constants as _re_c, _parser as _re_parser  # to read the phrases' literal words
from typing import Iterable, Iterator

import ahocorasick_rs  # a thousand strings found in one pass over a text (Rust's aho-corasick)


def _alternation(patterns: Iterable[str], flags: int = re.I) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


# Characters that case-insensitive matching takes for an ASCII letter although their
# lower case is not that letter (found by trying every code point): a text holding
# one is never narrowed by a lower-case search.
_FOLD_UNSAFE = frozenset("İıſ")
# Same-length replacements that make a lower-case search see what the patterns see:
# either apostrophe, and any space character where a pattern has ``\s``.
_FOLD_MAP = str.maketrans({"’": "'", **{c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                                       "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\x85\x1c\x1d\x1e\x1f"}})


@lru_cache(maxsize=8)
def folded(text: str) -> str | None:
    """``text`` lower-cased for the cheap word tests that decide which patterns to run,
    with the same offsets; None when no such form exists (then every pattern runs).

    ASCII text is simply lower-cased (what the tests always did). Other text must keep
    one character per character and hold none of ``_FOLD_UNSAFE``; its curly
    apostrophes and non-ASCII spaces are mapped as the patterns treat them."""
    low = text.lower()
    if text.isascii():
        return low
    if len(low) != len(text) or not _FOLD_UNSAFE.isdisjoint(low):
        return None
    return low.translate(_FOLD_MAP)


# Strings shorter than this are not indexed ("m", "on" are in nearly every text: the
# first ``str.find`` finds them at once).
_MIN_INDEXED = 3


class _Watched:
    """The literal strings that ``occurrences`` indexes, and the automaton that finds them
    all in one pass. The phrases' strings are added when their ``SplitPhrases`` is
    built, a pattern's when ``can_match`` first sees it, triggers when
    ``triggers_found`` or ``_trigger_at`` first look for them (or any through
    ``watch``). A new string is indexed from the next automaton, rebuilt (~1 ms for a
    thousand strings) once enough wait or some texts later: until then it is found
    with ``str.find``, as one outside the index always is."""

    def __init__(self) -> None:
        self.strings: set[str] = set()
        self.pending = 0
        self.since = 0  # texts indexed since the last build
        self.automaton: ahocorasick_rs.AhoCorasick | None = None
        self.covered: frozenset[str] = frozenset()
        self.lock = threading.Lock()

    def add(self, strings: Iterable[str]) -> None:
        new = [w for w in strings if len(w) >= _MIN_INDEXED and w not in self.strings]
        if new:
            with self.lock:
                before = len(self.strings)
                self.strings.update(new)
                self.pending += len(self.strings) - before

    def current(self) -> tuple[ahocorasick_rs.AhoCorasick | None, frozenset[str]]:
        """The automaton and the strings it finds, rebuilt first when many strings wait
        (a sixteenth of those indexed) or any have waited for 64 texts."""
        self.since += 1
        if self.pending and (self.pending * 16 >= len(self.covered) or self.since >= 64):
            with self.lock:
                covered = frozenset(self.strings)
                self.pending = 0
            self.automaton = ahocorasick_rs.AhoCorasick(sorted(covered))
            self.covered, self.since = covered, 0
        return self.automaton, self.covered


_WATCHED = _Watched()


def watch(strings: Iterable[str]) -> None:
    """Have ``occurrences`` index ``strings`` (lower case, as ``folded`` text holds them):
    the rules call it with the literal strings they look for, so that a text is read
    once for all of them."""
    _WATCHED.add(strings)


class Occurrences:
    """Which watched strings one ``folded`` text holds, found in one Aho-Corasick pass
    (overlapping matches: a string inside another is found too). A string it holds
    is then looked for with ``str.find`` where a search needs its places; one it
    does not is never looked for. Each query answers as the ``str.find`` it replaces."""

    __slots__ = ("low", "found", "covered")

    def __init__(self, low: str) -> None:
        automaton, covered = _WATCHED.current()
        self.low, self.covered = low, covered
        self.found = frozenset(automaton.find_matches_as_strings(low, overlapping=True)) if automaton is not None and low else frozenset()

    def absent(self, w: str) -> bool:
        """True when ``w`` is not in the text for sure (indexed, not found); False when
        it is, or when it is not indexed (it is watched from then on)."""
        if w in self.found:
            return False
        if w in self.covered:
            return True
        if len(w) >= _MIN_INDEXED:
            _WATCHED.add((w,))
        return False

    def present(self, words: frozenset[str], lo: int, hi: int) -> set[str]:
        """The strings ``w`` of ``words`` with ``low.find(w, lo, hi) >= 0``."""
        out = set(self.found & words)  # those anywhere in the text
        low = self.low
        n = len(low)
        if out and (lo != 0 or hi < n):
            out = {w for w in out if low.find(w, lo, hi) >= 0}
        known = _OUTSIDE.get(words)
        if known is None or known[0] is not self.covered:
            known = _OUTSIDE[words] = (self.covered, words - self.covered)
            _WATCHED.add(known[1])
        outside = known[1]
        if outside:
            out.update(w for w in outside if low.find(w, lo, hi) >= 0)
        return out


# Per set of words asked about, the index's strings it was last compared with and the
# words outside them (looked for with ``str.find``).
_OUTSIDE: dict[frozenset[str], tuple[frozenset[str], frozenset[str]]] = {}


def occurrences(low: str) -> Occurrences:
    """The ``Occurrences`` of ``low`` (a ``folded`` text), read once for all the rules.
    The last one asked for is kept at hand: the rules ask about one text many times."""
    global _last_index
    index = _last_index
    if index.low is not low:
        index = _last_index = _occurrences(low)
    return index


@lru_cache(maxsize=8)
def _occurrences(low: str) -> Occurrences:
    return Occurrences(low)


_last_index = Occurrences("")


def forget_texts() -> None:
    """Drop the folded texts and their indexes kept so far (benchmarks time each text
    from scratch); the watched strings and their automaton stay."""
    global _last_index
    folded.cache_clear()
    _occurrences.cache_clear()
    _last_index = Occurrences("")


def find_all(low: str, w: str) -> Iterator[int]:
    """Every offset where ``w`` starts in ``low``, in order (overlapping ones too), as a
    ``low.find(w, i + 1)`` loop gives them; none at once when the index says ``w`` is
    not in the text."""
    if occurrences(low).absent(w):
        return
    i = low.find(w)
    while i >= 0:
        yield i
        i = low.find(w, i + 1)


def can_match(rx: re.Pattern[str], low: str | None, lo: int = 0, hi: int | None = None) -> bool:
    """False when ``rx`` cannot match in ``text[lo:hi]`` because none of its
    ``required_strings`` is in ``low[lo:hi]`` (``low`` is ``folded(text)``); True when
    one is, or when that cannot be told (no folded form, a pattern without required
    strings). A cheap test before a ``finditer`` of a large pattern over a window."""
    if low is None:
        return True
    needs = _pattern_needs(rx)
    if needs is None:
        return True
    return bool(occurrences(low).present(needs, lo, len(low) if hi is None else hi))


# By the pattern's id (a compiled pattern hashes its whole code): (pattern, its strings).
_NEEDS_OF: dict[int, tuple[re.Pattern[str], frozenset[str] | None]] = {}


def _pattern_needs(rx: re.Pattern[str]) -> frozenset[str] | None:
    """``required_strings`` of a compiled pattern (kept in the data cache, as the phrases'
    are, unless it is verbose: a verbose pattern is parsed with its flags each run)."""
    known = _NEEDS_OF.get(id(rx))
    if known is not None and known[0] is rx:
        return known[1]
    if rx.flags & re.X:
        needs = required_strings(rx.pattern, rx.flags)
    else:
        needs = phrase_strings((rx.pattern,))[0][0]
    if needs is not None:
        watch(needs)
    _NEEDS_OF[id(rx)] = (rx, needs)
    return needs


def triggers_found(low: str, triggers: tuple[str, ...]) -> frozenset[str]:
    """The triggers ``t`` of ``triggers`` with ``_trigger_at(low, t, 0) >= 0``: those whose
    string the index holds are tried only when the text has it (one set intersection
    for all), the others (short ones) with ``str.find``."""
    found = _TRIGGER_SETS.get(id(triggers))
    if found is None or found.triggers is not triggers:
        found = _TRIGGER_SETS[id(triggers)] = _TriggerSet(triggers)
    index = occurrences(low)
    out = [t for t in found.short if _trigger_at(low, t, 0) >= 0]
    for core in index.found & found.cores:
        out.extend(t for t in found.by_core[core] if _trigger_at(low, t, 0) >= 0)
    if found.covered is not index.covered:
        found.covered, found.outside = index.covered, found.cores - index.covered
    for core in found.outside:  # strings the index of this text does not hold (yet)
        out.extend(t for t in found.by_core[core] if _trigger_at(low, t, 0) >= 0)
    return frozenset(out)


class _TriggerSet:
    """A tuple of triggers by their string (without the trailing space that means "ends
    a word") when it is long enough to be indexed, and the shorter ones."""

    __slots__ = ("triggers", "by_core", "cores", "short", "covered", "outside")

    def __init__(self, triggers: tuple[str, ...]) -> None:
        by_core: dict[str, list[str]] = {}
        short = []
        for t in triggers:
            core = t.rstrip(" ") if t.endswith(" ") else t
            if len(core) >= _MIN_INDEXED:
                by_core.setdefault(core, []).append(t)
            else:
                short.append(t)
        watch(by_core)
        self.triggers, self.short = triggers, tuple(short)
        self.by_core = {c: tuple(ts) for c, ts in by_core.items()}
        self.cores = frozenset(by_core)
        self.covered: frozenset[str] | None = None  # the index's strings that ``outside`` was taken against
        self.outside: frozenset[str] = self.cores


# By the id of the triggers' tuple (kept in the entry, so the id stays its own).
_TRIGGER_SETS: dict[int, _TriggerSet] = {}


# A phrase whose leading strings occur more often than this in a text scans it instead.
_MAX_STARTS = 40


def _starts(low: str, words: frozenset[str], lo: int, hi: int) -> list[int] | None:
    """Sorted offsets in [lo, hi) where one of ``words`` starts in ``low``; None when there
    are more than ``_MAX_STARTS`` (a regex scan is then cheaper). Words the text's
    ``occurrences`` rule out are not looked for."""
    out: set[int] = set()
    absent = occurrences(low).absent
    for w in words:
        if absent(w):
            continue
        i = low.find(w, lo, hi)
        while i >= 0:
            out.add(i)
            if len(out) > _MAX_STARTS:
                return None
            i = low.find(w, i + 1, hi)
    return sorted(out)


class SplitPhrases:
    """Patterns of an alternation for ``alternation_matches``: each with its
    ``leading_strings`` (None: it may start anywhere, or with a single letter, which
    starts everywhere), and those without, scanned as one alternation. A pattern is compiled
    when a text first holds one of its strings (most texts reach few of them)."""

    __slots__ = ("sources", "leads", "scanned", "needs", "lead_needs", "needed_by", "scan_needed_by", "_compiled", "_scan", "_words")

    def __init__(self, sources: tuple[str, ...], leads: tuple[frozenset[str] | None, ...], needs: tuple[frozenset[str], ...]):
        self.sources, self.leads, self.needs = sources, leads, needs  # needs: per phrase, its ``required_strings``
        watch(w for group in (*leads, *needs) if group for w in group)
        self.scanned = tuple(i for i, lead in enumerate(leads) if lead is None)
        # The required strings of the phrases with leading strings, looked for together,
        # and the phrases each one is required by (led ones; scanned ones).
        self.lead_needs = frozenset(w for i, lead in enumerate(leads) if lead is not None for w in needs[i])
        self.needed_by = _needed_by((i for i, lead in enumerate(leads) if lead is not None), needs)
        self.scan_needed_by = _needed_by(self.scanned, needs)
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._scan: re.Pattern[str] | None = None
        self._words: frozenset[str] | None = None  # the scanned phrases' required strings

    def rx(self, i: int) -> re.Pattern[str]:
        """Phrase ``i`` compiled alone."""
        found = self._compiled.get(i)
        if found is None:
            found = self._compiled[i] = re.compile(self.sources[i], re.I)
        return found

    @property
    def scan(self) -> re.Pattern[str]:
        """The phrases without leading strings as one alternation."""
        if self._scan is None:
            self._scan = _alternation(self.sources[i] for i in self.scanned)
        return self._scan

    def live(self, low: str, lo: int, hi: int) -> list[int]:
        """The scanned phrases one of whose required strings is in ``low[lo:hi]``.

        The strings are read from the text's ``occurrences`` (one Aho-Corasick pass for
        all the rules), not by a regex alternation of them, which tries it at every
        character."""
        if not self.scanned:
            return []
        if self._words is None:
            self._words = frozenset(w for i in self.scanned for w in self.needs[i])
        present = occurrences(low).present(self._words, lo, hi)
        return sorted({i for w in present for i in self.scan_needed_by[w]})


def _needed_by(phrases: Iterable[int], needs: tuple[frozenset[str], ...]) -> dict[str, tuple[int, ...]]:
    """Each required string and the phrases (of ``phrases``) that require it."""
    out: dict[str, list[int]] = {}
    for i in phrases:
        for w in needs[i]:
            out.setdefault(w, []).append(i)
    return {w: tuple(ids) for w, ids in out.items()}


# The cache entry's name, and the version of what required_strings and leading_strings
# return, hashed with the patterns' text (the key): bump the version when they change
# (2: sets of single characters; 3: a letter or two joined to the group after them).
_STRINGS_CACHE = "cf-phrase-strings-v1"
_STRINGS_VERSION = 3


@lru_cache(maxsize=None)
def phrase_strings(sources: tuple[str, ...]) -> tuple[tuple[frozenset[str] | None, frozenset[str] | None], ...]:
    """Per pattern, its (``required_strings``, ``leading_strings``). They depend only on
    the shipped patterns, and reading them parses each pattern (``re._parser``, ~0.1 ms
    a pattern): kept in the data cache (``datafile.parsed``) by a checksum of the
    patterns, so a process start reads them in one file."""
    from assistant.policy.datafile import parsed

    def build():
        return tuple((required_strings(p), leading_strings(p)) for p in sources)

    raw = "\x00".join((f"v{_STRINGS_VERSION}", *sources)).encode("utf-8", "surrogatepass")
    return parsed(_STRINGS_CACHE, raw, build, tuple)


def split_phrases(sources: Iterable[str]) -> SplitPhrases | None:
    """The patterns as ``SplitPhrases``; None when one has no ``required_strings`` (it
    might match an empty string: run the alternation itself then)."""
    sources = tuple(sources)
    strings = phrase_strings(sources)
    if any(need is None for need, _ in strings):
        return None
    # Two-letter words ("is", "on") start a phrase often, yet seldom more than
    # ``_MAX_STARTS`` times in a window: trying the phrase there beats a regex scan (CF202
    # a quarter quicker on the Enron inboxes). A single letter starts everywhere.
    leads = tuple(lead if lead is not None and min(map(len, lead)) > 1 else None for _, lead in strings)
    return SplitPhrases(sources, leads, tuple(need for need, _ in strings))


def alternation_matches(split: SplitPhrases, text: str, low: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(start, end, index of the phrase) of the matches that the alternation of
    ``split`` (from ``split_phrases``) finds in ``text[lo:hi]`` with ``finditer``,
    trying only the phrases that can match and only where they can.

    A phrase that starts with one of some literal strings ("scored", "is absent") is
    tried only where one of them starts in ``low`` (``folded(text)``), and not at all
    when none does; the other phrases are scanned for together (one regex), and a
    phrase whose strings start too often scans the window alone. A phrase that cannot match anywhere never decides a match
    of the alternation, so the matches are found from the phrases that can: the next
    one starts where the first of them next matches, and is that of the first phrase
    (in order) matching there. Every phrase holds a required string, so no match is empty."""
    kept, scans = [], []
    # A phrase none of whose required strings is in the window cannot match there (most
    # start with a common word, "is" or "has", and need a rarer one). Phrases share
    # words ("is", "was", "absent"): each is looked for once per call.
    present = occurrences(low).present(split.lead_needs, lo, hi) if split.lead_needs else ()
    starts_of: dict[frozenset[str], list[int] | None] = {}
    needed_by = split.needed_by
    for i in sorted({i for w in present for i in needed_by[w]}):  # in order, as the alternation tries them
        lead = split.leads[i]
        starts = starts_of[lead] if lead in starts_of else starts_of.setdefault(lead, _starts(low, lead, lo, hi))
        if starts != []:
            rx = split.rx(i)
            kept.append((i, rx))
            scans.append(_PhraseScan(rx, starts, text, hi))
    if split.scanned:
        # Those that may start anywhere: the ones whose required strings are in the text,
        # scanned alone, or all of them at once when none can be left out.
        live = split.live(low, lo, hi)
        kept.extend((i, split.rx(i)) for i in live)
        kept.sort(key=lambda k: k[0])
        if live and len(live) == len(split.scanned):
            scans.append(_PhraseScan(split.scan, None, text, hi))
        else:
            scans.extend(_PhraseScan(split.rx(i), None, text, hi) for i in live)
    if not kept:
        return []
    out: list[tuple[int, int, int]] = []
    nxt = [sc.next(lo) for sc in scans]
    while True:
        starts = [m.start() for m in nxt if m is not None]
        if not starts:
            return out
        p = min(starts)
        i, m = next((i, found) for i, rx in kept if (found := rx.match(text, p, hi)) is not None)
        out.append((m.start(), m.end(), i))
        pos = m.end()
        nxt = [n if n is None or n.start() >= pos else sc.next(pos) for sc, n in zip(scans, nxt)]


class _PhraseScan:
    """A phrase's next match from a position: a regex search, or a match tried at each
    place its leading strings start (every match starts at one of them)."""

    __slots__ = ("rx", "starts", "text", "hi")

    def __init__(self, rx: re.Pattern[str], starts: list[int] | None, text: str, hi: int):
        self.rx, self.starts, self.text, self.hi = rx, starts, text, hi

    def next(self, pos: int) -> re.Match[str] | None:
        if self.starts is None:
            return self.rx.search(self.text, pos, self.hi)
        for p in self.starts[bisect_left(self.starts, pos):]:
            m = self.rx.match(self.text, p, self.hi)
            if m is not None:
                return m
        return None


def leading_strings(pattern: str, flags: int = re.I) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` starts with (after its
    leading anchors and lookarounds), folded as ``folded`` folds text; None when a
    match may start otherwise (a class, a digit)."""
    try:
        tree = _re_parser.parse(pattern, flags)
    except (re.error, RecursionError, TypeError):
        return None
    items = list(tree)
    while items and items[0][0] in (_re_c.AT, _re_c.ASSERT, _re_c.ASSERT_NOT):
        items.pop(0)
    found = _leading(items)
    return frozenset(w.translate(_FOLD_MAP) for w in found) if found else None


def _leading(items: list) -> set[str] | None:
    run = ""
    for op, av in items:
        if op is _re_c.LITERAL:
            run += chr(av).lower()
            continue
        if run:
            # A group or an alternation right after a letter or two (the parser takes the
            # shared "m" out of "mg|milligrams"): the letters and each way it starts.
            more = _next_leads(op, av) if len(run) < _MIN_INDEXED else None
            return {run + m for m in more} if more else {run}
        if op is _re_c.SUBPATTERN:
            return _leading(list(av[-1]))
        if op is _re_c.BRANCH:
            alternatives = [_leading(list(b)) for b in av[1]]
            return set().union(*alternatives) if all(alternatives) else None
        if op in (_re_c.MAX_REPEAT, _re_c.MIN_REPEAT) and av[0] >= 1:
            return _leading(list(av[2]))
        return None
    return {run} if run else None


def required_strings(pattern: str, flags: int = re.I) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, read from the
    parsed pattern (a literal run; a group's or every alternative's own; a repeat of
    one or more), preferring the set whose shortest string is longest; None when the
    pattern has none (then it is always tried). A pattern with no such string but a
    set of single characters ("😈|🍆", ``[,;]``) gives those characters. Curly
    apostrophes are folded as ``folded`` folds the text."""
    try:
        tree = _re_parser.parse(pattern, flags)
    except (re.error, RecursionError, TypeError):
        return None
    found = _required(list(tree)) or _required(list(tree), chars=True)
    return frozenset(w.translate(_FOLD_MAP) for w in found) if found else None


def _required(items: list, chars: bool = False) -> set[str] | None:
    options: list[set[str] | None] = []
    run = ""
    for op, av in items:
        if op is _re_c.LITERAL:
            run += chr(av).lower()
            continue
        if run:
            options.append({run})
            # A letter or two (found everywhere) and how a group or alternation right after
            # them starts ("mg" and "milligram" of "m" + "g|illigrams?", as the parser
            # writes "mg|milligrams?"). Longer letters are rare enough alone.
            more = _next_leads(op, av) if len(run) < _MIN_INDEXED else None
            if more:
                options.append({run + m for m in more})
            run = ""
        if op is _re_c.SUBPATTERN:
            options.append(_required(list(av[-1]), chars))
        elif op is _re_c.BRANCH:
            alternatives = [_required(list(b), chars) for b in av[1]]
            if all(alternatives):
                options.append(set().union(*alternatives))
        elif op in (_re_c.MAX_REPEAT, _re_c.MIN_REPEAT) and av[0] >= 1:
            options.append(_required(list(av[2]), chars))
        elif chars and op is _re_c.IN and all(kind is _re_c.LITERAL for kind, _ in av):
            options.append({chr(c).lower() for _, c in av})  # one of these characters
        # Anything else (classes, anchors, lookarounds) requires no string.
    if run:
        options.append({run})
    usable = [o for o in options if o]
    # Prefer strings that are not everyday words (any set works; a rare one rules out more).
    return max(usable, key=lambda o: (o.isdisjoint(_EVERYDAY), min(map(len, o)), -len(o))) if usable else None


# Items that hold a pattern of their own: a group, an alternation, a repeat.
_GROUPING = (_re_c.SUBPATTERN, _re_c.BRANCH, _re_c.MAX_REPEAT, _re_c.MIN_REPEAT)


def _next_leads(op, av) -> set[str] | None:
    """How the item ``(op, av)`` that follows a run of letters starts: its
    ``leading_strings``, or the letters of a set of them ("ab|ac" is parsed "a[bc]")."""
    if op in _GROUPING:
        return _leading([(op, av)])
    if op is _re_c.IN and all(kind is _re_c.LITERAL for kind, _ in av):
        return {chr(c).lower() for _, c in av}
    return None

# Words in nearly every text: a phrase required to hold one of them is tried in nearly every text.
_EVERYDAY = frozenset("""
    a an the and or but for with from into onto of on in at to by as is are was were be been being has had have
    his her their our my your its he she they we you i it this that these those there here not no do did does
    will would can could should may might must so if then than when what who which all any some one two
    el la los las un una de del en y o con por para que es su sus se lo le
    """.split())


def _trigger_at(low: str, trigger: str, start: int) -> int:
    """Where ``trigger`` next occurs in ``low`` from ``start`` at the start of a word ("par"
    is not in "part" when written "par ": a trailing space means the word ends there); -1
    when nowhere. A trigger starting with a digit or a sign may follow any character."""
    parsed = _TRIGGERS.get(trigger)
    if parsed is None:
        whole = trigger.endswith(" ")
        parsed = _TRIGGERS[trigger] = (trigger.rstrip(" ") if whole else trigger, whole)
    core, whole = parsed
    index = _last_index
    if index.low is not low:
        index = occurrences(low)
    if core not in index.found:
        if core in index.covered:
            return -1  # not in the text
        if len(core) >= _MIN_INDEXED:
            _WATCHED.add((core,))
    i = low.find(core, start)
    while i >= 0:
        if _word_at(low, core, i, whole):
            return i
        i = low.find(core, i + 1)
    return -1


# Each trigger as (its string, whether it must end a word).
_TRIGGERS: dict[str, tuple[str, bool]] = {}


def _word_at(low: str, core: str, i: int, whole: bool) -> bool:
    """Whether ``core`` at ``i`` starts a word (or starts with no letter), and ends one when ``whole``."""
    j = i + len(core)
    return (i == 0 or not core[0].isalpha() or not low[i - 1].isalpha()) and (not whole or j >= len(low) or not low[j].isalpha())
