"""BP 1114, Email Protocol I (formatting: colours, fonts, backgrounds, capitals) as rules: EM801-EM804."""

from __future__ import annotations

import re
from typing import Iterable

from assistant.core.lazy_re import lazy
from assistant.core.model import Applicability, Hint, Severity, Span
from assistant.rules.base import Context, Rule, strip_prefixes


class TooManyColors(Rule):
    """Many text or highlight colours.

    What it does:
        Counts distinct text and highlight colours in the new text of an HTML message,
        ignoring black and greys and link colours, and flags more than the threshold (2).

    Why:
        Not every mail program shows colours the same way, and colourful text is hard to
        read and looks unprofessional.

    Example:
        A newsletter-style note in red, green, purple and orange.

    Policy:
        BP 1114, Email Protocol I: "Watch formatting. Do not overuse colors or graphics
        in your message, because not everyone uses an email program that can display
        the." (sic)

    Fix:
        Unsafe (previewed first): remove the colours.
    """

    code = "EM801"
    name = "too-many-colors"
    title = "Too many text colors"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol I"
    fix = "colors"
    applicability = Applicability.UNSAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        colors = ctx.content.style.colors
        if len(colors) > ctx.policy.threshold("max_colors"):
            yield self.hint(ctx, f"{len(colors)} colours are used ({', '.join(colors[:5])}): keep to plain text colour.")


class NonStandardFont(Rule):
    """A non-standard font, or too many fonts.

    What it does:
        Flags font families outside the District's list (Calibri, Aptos, Arial,
        Helvetica, Times New Roman, Georgia, Verdana, Tahoma, Segoe UI, Cambria and the
        generic families), or more than two families in the new text.

    Why:
        Decorative fonts are replaced or garbled on other devices and are hard to read.

    Example:
        A message in Comic Sans MS or Papyrus.

    Policy:
        BP 1114, Email Protocol I: "Examples of these include 'cute' pictures,
        non-standard fonts and colorful page backgrounds."

    Fix:
        Unsafe (previewed first): use the default font.
    """

    code = "EM802"
    name = "non-standard-font"
    title = "Font outside the District list"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol I"
    fix = "fonts"
    applicability = Applicability.UNSAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        fonts = ctx.content.style.fonts
        allowed = ctx.policy.allowed_fonts
        odd = [f for f in fonts if f.lower() not in allowed]
        families = {f.lower() for f in fonts}
        if odd:
            yield self.hint(ctx, f"{', '.join(odd[:3])} is not a standard font: use the default font.")
        elif len(families) > ctx.policy.threshold("max_font_families"):
            yield self.hint(ctx, f"{len(families)} fonts are mixed: use one font.")


_CLIPART = lazy(r"clip-?art|smiley|emoji|emoticon|animated|sparkle|glitter|divider|border|balloon|confetti|clipart", re.I)


class BackgroundOrDecoration(Rule):
    """Page backgrounds, animated GIFs or decorative pictures.

    What it does:
        Flags a page, table or block background colour or image, animated GIFs, and
        clip-art style pictures outside the signature in the new text of an HTML message.
        Ordinary photos and images in the signature are not flagged.

    Why:
        Backgrounds and decorations make messages hard to read on other devices, large
        to download, and look unprofessional.

    Example:
        A message on a yellow stationery background with a dancing-turkey GIF.

    Policy:
        BP 1114, Email Protocol I: "Examples of these include 'cute' pictures,
        non-standard fonts and colorful page backgrounds."

    Fix:
        Unsafe (previewed first): remove backgrounds (pictures are left for you to remove).
    """

    code = "EM803"
    name = "background-or-decoration"
    title = "Background or decoration"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol I"
    fix = "background"
    applicability = Applicability.UNSAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        style = ctx.content.style
        what = list(style.backgrounds)
        for img in style.images:
            tiny = (img.width or 99) <= 2 and (img.height or 99) <= 2  # tracking pixels
            name = f"{img.src} {img.alt}"
            if tiny:
                continue
            if img.src.lower().split("?")[0].endswith(".gif") or "image/gif" in img.src.lower():
                what.append("an animated GIF" if not img.in_signature else "a GIF in the signature")
            elif not img.in_signature and _CLIPART.search(name):
                what.append("a decorative picture")
        if what:
            yield self.hint(ctx, f"Remove decorations: {', '.join(dict.fromkeys(what))}.", fix=bool(style.backgrounds))


# A line with this many counted words is prose and enters EM804's ratio (rosters and
# key: VALUE lines do not).
_PROSE_WORDS = 5


class AllCaps(Rule):
    """Text in ALL CAPITAL LETTERS.

    What it does:
        Flags a subject written in capitals, a run of four or more all-caps words on one
        line, or a body where more than 30 % of the words of its sentences (lines of five
        or more words, so rosters and "KEY: VALUE" tables do not count) are in capitals. Known acronyms (IEP,
        ELA, MDUSD, CAASPP, PTA, K-12, … configurable) and words of three letters or
        fewer do not count.

    Why:
        Capitals read as shouting.

    Example:
        "PLEASE RETURN ALL LIBRARY BOOKS BY FRIDAY".

    Policy:
        BP 1114, Email Protocol I: "Also, using all CAPITAL LETTERS in an email appears
        to be shouting."

    Fix:
        Unsafe (previewed first): sentence case, acronyms kept.
    """

    code = "EM804"
    name = "all-caps"
    title = "Written in ALL CAPS"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol I"
    fix = "caps"
    applicability = Applicability.UNSAFE

    # Words of four or more letters: shorter tokens never count (RULES.md).
    # Tokens glued to digits or underscores (TRANS_TYPE, SC_ID) are codes, not words.
    # "[IMAGE]" placeholders are not words either.
    _LONG_WORD = re.compile(r"(?<![\w\[])[^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w\]])")

    # A short capitalised word right before or after a run, on the same line ("THE" in
    # "THE FIELD TRIP FORMS"): not counted, but part of what is shouted.
    _SHORT_BEFORE = lazy(r"(?<![\w\[])([^\W\d_]{1,3})[ \t]+$")
    _SHORT_AFTER = lazy(r"^[ \t]+([^\W\d_]{1,3})(?![\w\]])")

    @classmethod
    def _widen(cls, text: str, start: int, end: int, acronyms: frozenset[str]) -> Span:
        """The run's span grown over adjacent all-caps short words that are not acronyms."""
        while m := cls._SHORT_BEFORE.search(text, max(0, start - 16), start):
            w = m.group(1)
            if not w.isupper() or w in acronyms:
                break
            start = m.start(1)
        while m := cls._SHORT_AFTER.match(text[end : end + 16]):
            w = m.group(1)
            if not w.isupper() or w in acronyms:
                break
            end += m.end(1)
        return Span(start, end)

    # A shouted word has four characters or more, letters at both ends, no two
    # separators in a row and no lower-case a-z: a text without such a run of four has
    # none, and looking for one costs a fraction of the walk over every word (0.5 ms
    # against 7 on 100,000 characters). Three-letter acronyms (IEP, PTA) do not count.
    # ASCII text has a simpler and quicker pattern.
    _CAPS_RUN = lazy(r"[^\W\d_a-z](?:[^\W\d_a-z]|['’-](?=[^\W\d_a-z])){3}")
    _CAPS_RUN_ASCII = re.compile(r"[A-Z](?:[A-Z]|['-](?=[A-Z])){3}")

    @staticmethod
    def _is_acronym(w: str, acronyms: frozenset[str]) -> bool:
        return w in acronyms or w.rstrip("S").rstrip("'’") in acronyms

    @classmethod
    def shouted_words(cls, text: str, acronyms: frozenset[str]) -> tuple[list[re.Match[str]], int]:
        """(matches of the words that count, how many of them are shouted) in order."""
        counted = []
        shouted = 0
        for m in cls._LONG_WORD.finditer(text):
            w = m.group()
            if len(w) <= 3:
                continue
            if w.isupper():
                if cls._is_acronym(w, acronyms):
                    continue
                shouted += 1
            counted.append(m)
        return counted, shouted

    @classmethod
    def may_shout(cls, text: str) -> bool:
        """False when ``text`` has no shouted word (``shouted_words`` would count none)."""
        return (cls._CAPS_RUN_ASCII if text.isascii() else cls._CAPS_RUN).search(text) is not None

    @classmethod
    def shouted_count(cls, text: str, acronyms: frozenset[str]) -> int:
        """``shouted_words(text, acronyms)[1]``, reading only the lines that hold a run of
        capitals (``caps_lines``)."""
        return sum(line[3] for line in cls.caps_lines(text, acronyms))

    @classmethod
    def caps_lines(cls, text: str, acronyms: frozenset[str]) -> list[tuple[int, int, int, int]]:
        """(start, end, counted words, shouted words) of each line that holds a run of
        capitals (``may_shout`` of the line), in order, as ``_walk`` counts them: a
        shouted word never crosses a line break, and a line without such a run has none
        (its counted words are all its words of four letters or more)."""
        caps = cls._CAPS_RUN_ASCII if text.isascii() else cls._CAPS_RUN
        find, is_acronym = cls._LONG_WORD.findall, cls._is_acronym
        out = []
        pos, size = 0, len(text)
        while (m := caps.search(text, pos)) is not None:
            a = text.rfind("\n", 0, m.start()) + 1
            b = text.find("\n", m.end())
            if b < 0:
                b = size
            # The line alone (its end is a break or the text's, as the word pattern sees it).
            counted = [w for w in find(text, a, b) if len(w) > 3 and not (w.isupper() and is_acronym(w, acronyms))]
            out.append((a, b, len(counted), sum(1 for w in counted if w.isupper())))
            pos = b + 1
        return out

    def check(self, ctx: Context) -> Iterable[Hint]:
        acr = ctx.policy.acronyms
        subject = strip_prefixes(ctx.draft.subject or "")
        words_, shouted_ = self.shouted_words(subject, acr)
        if words_ and shouted_ == len(words_) and subject.upper() == subject:
            yield self.hint(ctx, "The subject is in capitals, which reads as shouting: use sentence case.", field="subject")
        text = ctx.text
        ratio, min_words = ctx.policy.threshold("caps_ratio"), ctx.policy.threshold("caps_min_words")
        need = ctx.policy.threshold("caps_run")
        if ratio >= 0:
            if not self.may_shout(text):
                return  # nothing shouted and a zero ratio: the per-line walk below would find nothing
            lines = self.caps_lines(text, acr)
            if not self._may_hint(lines, need, ratio, min_words):
                return
            runs, total, shouted = self._runs_and_share(text, acr, lines, need, ratio, min_words)
        else:
            runs, total, shouted = self._walk(text, acr, need)
        ratio_hit = total >= min_words and shouted / total > ratio
        if runs or ratio_hit:
            pct = round(100 * shouted / total) if total else 0
            msg = (
                f"{pct} % of your words are in capitals, which reads as shouting: use sentence case."
                if ratio_hit
                else "Words in capitals read as shouting: use sentence case."
            )
            yield self.hint(ctx, msg, spans=runs)

    @staticmethod
    def _may_hint(lines: list[tuple[int, int]], need: float, ratio: float, min_words: float) -> bool:
        """False when the lines with capitals (``caps_lines``; the others have no shouted
        word, only words that lower the ratio) can give neither a run of ``need`` shouted
        words nor a share of shouted words above ``ratio`` (over ``min_words`` words at
        least): then ``_walk`` would find nothing to flag (a signature's "ENRON")."""
        if any(shouted >= need for *_, shouted in lines):
            return True  # a run may be there
        prose = [(counted, shouted) for _, _, counted, shouted in lines if counted >= _PROSE_WORDS]
        shouted = sum(s for _, s in prose)
        floor = max(sum(c for c, _ in prose), min_words)  # the fewest words the ratio can be over
        return shouted > 0 and (floor <= 0 or shouted / floor > ratio)

    @classmethod
    def _runs_and_share(
        cls, text: str, acr: frozenset[str], lines: list[tuple[int, int, int, int]], need: float, ratio: float, min_words: float
    ) -> tuple[list[Span], int, int]:
        """What ``_walk`` gives for a ``ratio`` of zero or more, from ``caps_lines``: the
        runs are on the lines with capitals; the other lines only add counted words to
        the prose total, which is counted until the share is out of reach (then the
        total is a part, the share does not matter: no percentage is shown)."""
        runs = [span for a, b, _, shouted in lines if shouted >= need for span in cls._line_runs(text, a, b, acr, need)]
        prose = [(counted, shouted) for _, _, counted, shouted in lines if counted >= _PROSE_WORDS]
        total, shouted = sum(c for c, _ in prose), sum(s for _, s in prose)
        if not shouted:
            return runs, total, 0
        skip = {a for a, *_ in lines}
        find, longer = cls._LONG_WORD.findall, (3).__lt__
        a, size = 0, len(text)
        while a <= size and not (total > 0 and total >= min_words and shouted / total <= ratio):
            b = text.find("\n", a)
            if b < 0:
                b = size
            if a not in skip:
                counted = sum(map(longer, map(len, find(text, a, b))))  # no capitals: every long word
                if counted >= _PROSE_WORDS:
                    total += counted
            a = b + 1
        return runs, total, shouted

    @classmethod
    def _walk(cls, text: str, acr: frozenset[str], need: float) -> tuple[list[Span], int, int]:
        """(runs of ``need`` or more shouted words, widened; counted words of the prose
        lines; how many of those are shouted), line by line: a run never crosses a line
        break (rosters, key: VALUE tables), and only prose lines (five or more counted
        words) enter the ratio. Counted words are those of ``shouted_words``."""
        runs: list[Span] = []
        total = shouted = 0
        find, is_acronym = cls._LONG_WORD.findall, cls._is_acronym
        a, size = 0, len(text)
        while a <= size:
            b = text.find("\n", a)
            if b < 0:
                b = size
            counted = [w for w in find(text, a, b) if len(w) > 3 and not (w.isupper() and is_acronym(w, acr))]
            if counted:
                up = sum(1 for w in counted if w.isupper())
                if len(counted) >= _PROSE_WORDS:
                    total += len(counted)
                    shouted += up
                if up >= need:
                    runs += cls._line_runs(text, a, b, acr, need)
            a = b + 1
        return runs, total, shouted

    @classmethod
    def _line_runs(cls, text: str, a: int, b: int, acr: frozenset[str], need: float) -> list[Span]:
        """The runs of ``need`` or more shouted words on the line ``text[a:b]``, widened."""
        out: list[Span] = []
        run: list[re.Match[str]] = []
        for m in cls._LONG_WORD.finditer(text, a, b):
            w = m.group()
            if len(w) <= 3:
                continue
            if not w.isupper():
                if len(run) >= need:
                    out.append(cls._widen(text, run[0].start(), run[-1].end(), acr))
                run.clear()
            elif not cls._is_acronym(w, acr):
                run.append(m)
        if len(run) >= need:
            out.append(cls._widen(text, run[0].start(), run[-1].end(), acr))
        return out
