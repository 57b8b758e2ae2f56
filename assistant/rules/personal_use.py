"""BP 1114, Email Protocol J and K (personal mail, chain letters and jokes) as rules: EM901, EM902."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from assistant.core import personal
from assistant.core.model import ComposeType, Hint, Severity, Span
from assistant.rules.base import Context, Rule, phrases, strip_prefixes, terms, terms_regex
from assistant.rules.recipients import is_reply
from assistant.rules.confidentiality import threats
from assistant.rules.phrase_scan import alternation_matches, folded, phrase_strings, split_phrases

DATA = "email_protocol.toml"


def personal_min_score() -> float:
    """EM901's operating point on the model's decision function (``[personal]`` in the data file)."""
    return float(terms(DATA)["personal"]["min_score"])


def personal_min_terms() -> int:
    """How many n-grams must push towards "personal" (``[personal]`` in the data file)."""
    return int(terms(DATA)["personal"]["min_terms"])


class PersonalContent(Rule):
    """Personal mail sent from the District account.

    What it does:
        Scores your new text and subject with the shipped personal-mail model (TF-IDF
        word and word-pair weights with logistic regression, trained by
        ``scripts/train_personal.py`` on labelled Enron mail, District-style examples
        and the tuning drafts of the labelled District sets) and flags the message when the score reaches the rule's operating
        point, which is stricter than the model's own threshold, and at least two words
        or word pairs point that way: a wrong hint costs more than a missed one. Below
        that score, a cue word of the data file (``[personal] cue_regex``) flags the
        message on its own: selling your own things ("selling my couch", "or best
        offer", "OBO", "vendo mi carro"), an endearment or a relative that opens the
        message ("hey babe", "honey", "mi amor", "Tía, aquí le mando"), your own
        wedding or fiancé(e) ("our wedding", "nuestra boda"), a repair estimate for your own car ("quote for my truck's
        bumper"), a room of your home to rent ("se renta un cuarto"), a sitter for
        your own children ("busco una niñera"), a side business or a party-plan sale
        ("I also work as a licensed realtor", "your Mary Kay order came in"), money
        paid to you by a payment app ("Venmo me before tip-off", "acepto efectivo o
        Zelle"), an answer to a private seller's ad ("vi su anuncio ... en Craigslist"),
        a litter of puppies for sale, and "Love you" on a line of its own; a new
        message's subject may say it alone ("Pedidos de Herbalife", "¡Voten por mi
        sobrina!", ``[personal] subject_cue_regex``). Chain
        letters and jokes are EM902's and threats CF202's, not this rule's; a class's news
        to its families ("Dear families, ... our class on the hay ride") is District
        business whatever its words, and so is a request for leave ("two personal days
        for my daughter's quinceañera"). The hint names the words that weighed most, or
        the cue, and marks them in the text.

    Why:
        District e-mail is for District business, and District mail is not private.

    Example:
        "Are you and your husband still coming to the BBQ this weekend? I'm selling my
        old couch too if you want it." (while "The students did great at the winter
        concert." to families is District business).

    Policy:
        BP 1114, Email Protocol J: "Direct personal email to your home email account.
        District email resources are intended solely for District-related business."

    Fix:
        None: send it from your home account.
    """

    code = "EM901"
    name = "personal-content"
    title = "Personal mail"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol J"

    def check(self, ctx: Context) -> Iterable[Hint]:
        # The text and subject as the model was trained on them (scripts/train_personal.py):
        # a forward whose own text is empty is judged by its subject.
        subject = strip_prefixes(ctx.draft.subject or "")
        if not subject and not ctx.text.strip():
            return
        if is_reply(ctx.draft) and len(ctx.text.split()) < 3:
            return  # "👍" to a thread: the subject is someone else's words
        # The decision alone first: most mail is not personal, and the words that
        # weighed most (sorted, with their places) cost twice as much to find.
        if personal.load_model().decision(personal.document(ctx.text, subject)) < personal_min_score():
            yield from self._by_cue(ctx)
            return
        r = personal.score(ctx.text, subject)
        if not r.is_personal or r.score < personal_min_score() or len(r.top_terms) < personal_min_terms():
            return
        if terms_regex(DATA, "personal", "class_business_regex").search(ctx.text):
            return  # a class's news to its families: District business
        if terms_regex(DATA, "personal", "leave_request_regex").search(ctx.text):
            return  # a request for leave, whatever the reason it gives: HR business
        if ChainLetterHoaxOrJoke.verdict(ctx) is not None:
            return  # one hint for one problem: EM902 says "don't send it"
        if threats(ctx):
            return  # a threat after Saturday's game is CF202's error; its words are not what makes it personal
        words = r.words[:3]
        spans = sorted({Span(a, b) for t in r.top_terms[:3] for a, b in t.spans if b <= len(ctx.text)})
        listed = ", ".join(f'"{w}"' for w in words)
        yield self.hint(ctx, f"This reads as personal mail (most telling: {listed}): send it from your home account.", spans=spans)


    def _by_cue(self, ctx: Context) -> Iterable[Hint]:
        """Personal mail that a cue of ``[personal] cue_regex`` marks on its own (the sale
        of one's couch "or best offer", "hey babe", "our wedding")."""
        found = _first_cue(ctx.text)
        if found is None:
            # The subject may say it alone ("Pedidos de Herbalife – promoción de noviembre").
            subject = ctx.draft.subject or ""
            hit = None if is_reply(ctx.draft) else terms_regex(DATA, "personal", "subject_cue_regex").search(subject)
            if hit is not None and ChainLetterHoaxOrJoke.verdict(ctx) is None:
                yield self.hint(ctx, f"This reads as personal mail (the subject: \u201c{hit.group(0)}\u201d): send it from your home account.",
                                field="subject")
            return
        if ChainLetterHoaxOrJoke.verdict(ctx) is not None:
            return
        a, b = found
        yield self.hint(ctx, f"This reads as personal mail (\u201c{ctx.text[a:b].strip()}\u201d): send it from your home account.",
                        spans=[Span(a, b)])


def _first_cue(text: str) -> tuple[int, int] | None:
    """The span of the first match of the ``[personal] cue_regex`` alternation, trying each
    cue only where its words are (``alternation_matches``): the one-regex scan costs ~10 ms
    on 100 KB."""
    low = folded(text)
    split = _personal_cue_phrases()
    if low is None or split is None:
        m = terms_regex(DATA, "personal", "cue_regex").search(text)
        return None if m is None else m.span()
    found = alternation_matches(split, text, low, 0, len(text))
    return found[0][:2] if found else None


@lru_cache(maxsize=1)
def _personal_cue_phrases():
    return split_phrases(terms(DATA)["personal"].get("cue_regex", ()))


_NUMBER = r"(?:\d{1,3}|five|seven|ten|twelve|fifteen|twenty|cinco|siete|diez|doce|quince|veinte)"


@lru_cache(maxsize=1)
def _counted_people() -> re.Pattern[str]:
    """ "to 10 people", "a 12 personas": sending on to a number of people."""
    nouns = "|".join(re.escape(n) for n in sorted(terms(DATA)["chain"]["counted_people"], key=len, reverse=True))
    # "up to 3 people" is how many, not whom to send it to.
    return re.compile(rf"(?<!\bup\s)\b(?:to|a|with)\s+(?:at\s+least\s+|al\s+menos\s+|like\s+|about\s+|around\s+)?{_NUMBER}\s+(?:{nouns})\b", re.I)


@lru_cache(maxsize=1)
def _riddles() -> tuple[re.Pattern[str], ...]:
    """Riddle-shaped jokes ("Why did the …? Because …"), from the data file."""
    return tuple(re.compile(r, re.I) for r in terms(DATA)["chain"]["riddles"])


@lru_cache(maxsize=1)
def _riddle_needs() -> tuple[frozenset[str] | None, ...]:
    """Per riddle, strings one of which each of its matches contains ("why did the")."""
    return tuple(need for need, _ in phrase_strings(tuple(terms(DATA)["chain"]["riddles"])))


def _riddle_spans(text: str) -> list[tuple[int, int]]:
    """Where riddles are in ``text``; a riddle none of whose required strings is in the
    text is not run (most mail asks no riddle)."""
    low = folded(text)
    out = []
    for rx, need in zip(_riddles(), _riddle_needs()):
        if low is None or need is None or any(w in low for w in need):
            out.extend(m.span() for m in rx.finditer(text))
    return out


@lru_cache(maxsize=1)
def _riddle_shapes() -> tuple[re.Pattern[str], ...]:
    """Joke shapes without a punchline's "!" (a riddle, "Top 10 signs", "you might be a
    ... if"), from the data file: two different ones make a joke list."""
    return tuple(re.compile(r, re.I) for r in terms(DATA)["chain"].get("riddle_shapes", ()))


@lru_cache(maxsize=1)
def _shape_phrases():
    return split_phrases(terms(DATA)["chain"].get("riddle_shapes", ()))


def _shapes(*texts: str) -> set[int]:
    """Which joke shapes occur in any of ``texts`` (their indexes)."""
    return {i for t in texts for _, _, i in _shape_matches(t)}


def _shape_matches(text: str) -> list[tuple[int, int, int]]:
    """(start, end, shape index) of the joke shapes in ``text``, each tried only where its
    words are (``alternation_matches``): most mail asks no riddle."""
    if not text:
        return []
    split = _shape_phrases()
    low = folded(text)
    if low is None or split is None:
        return [(m.start(), m.end(), i) for i, rx in enumerate(_riddle_shapes()) for m in rx.finditer(text)]
    return list(alternation_matches(split, text, low, 0, len(text)))


def _fact_check_lesson(text: str) -> bool:
    """A lesson that has students fact-check or debunk hoaxes ("a media literacy lesson
    where students fact-check real viral posts: 'forward this to 10 friends ...'")."""
    return bool(terms_regex(DATA, "chain", "teaching_regex").search(text) and terms_regex(DATA, "chain", "fact_check_regex").search(text))


# "a joke of an administrator" insults someone (CF201's); it tells no joke.
_JOKE_OF = re.compile(r"\s+(?:of|for)\s+an?\b", re.I)


def _laughter(text: str) -> list[tuple[int, int]]:
    """Where the text laughs: "lol", "jaja" (word lists) and crying-laughing emoji."""
    if not text:
        return []
    out = [(a, b) for a, b, _ in phrases("chain", "laughter", DATA).matches(text)]
    for e in terms(DATA)["chain"]["laughter_emoji"]:
        i = text.find(e)
        if i >= 0:
            out.append((i, i + len(e)))
    return out


@lru_cache(maxsize=1)
def _junk() -> tuple[re.Pattern[str], ...]:
    """Junk pitches ("make $500/week from home", "recruit 3 friends"), from the data file."""
    return tuple(re.compile(r, re.I) for r in terms(DATA)["chain"].get("junk_regex", ()))


def chain_markers(text: str) -> tuple[set[str], list[Span]]:
    """The distinct chain-letter markers in ``text`` and their spans."""
    if not text:
        return set(), []
    matches = phrases("chain", "phrases", DATA).matches(text)
    found = {p for _, _, p in matches}
    spans = [Span(a, b) for a, b, _ in matches]
    for m in _counted_people().finditer(text):
        found.add("to N people")
        spans.append(Span(m.start(), m.end()))
    # "$" is rare in mail and a junk pitch names an amount: the patterns run only then.
    for i, rx in enumerate(_junk() if "$" in text or "recru" in text.lower() or "invita" in text.lower() else ()):
        for m in rx.finditer(text):
            found.add(f"junk {i}")
            spans.append(Span(m.start(), m.end()))
    return found, sorted(spans)


def laughing_forward(ctx: Context, is_forward: bool, laugh: list[tuple[int, int]]) -> bool:
    """A forward whose own short note laughs ("lol", "😂😂 accurate"): what it sends on
    is a joke or a meme, whatever the forwarded part holds (often only a picture)."""
    if not (is_forward and laugh):
        return False
    return len(ctx.text.split()) <= int(terms(DATA)["chain"]["laughing_forward_max_words"])


def meme_forward(ctx: Context, is_forward: bool) -> bool:
    """A forward of a picture or clip named as a meme or a joke ("monday_dog_meme.jpg",
    an animated GIF): that is what goes on, whatever the note says."""
    if not is_forward:
        return False
    named = terms_regex(DATA, "chain", "meme_attachment_regex")
    return any((a.content_type or "").startswith(("image/", "video/")) and named.search(a.filename or "")
               for a in ctx.draft.attachments)


class ChainLetterHoaxOrJoke(Rule):
    """Chain letters, virus hoaxes, junk and jokes.

    What it does:
        Flags chain-letter and hoax phrasing ("forward this to 10 people", "do not open
        any email titled…", "this is not a hoax", "everyone in your address book",
        "reenvía este mensaje a 12 personas", "no rompas la cadena") when two such
        markers occur, and jokes (a phrase that announces one, such as "thought you
        might enjoy this" or "here's a joke", a riddle with its punchline ("Why did the
        teacher wear sunglasses? Because…"), or two joke markers such as "so true" and
        "chiste" in your own text and subject, three with the forwarded text; laughter
        such as "lol", "jaja" or 😂 counts once however often it occurs), and a forward
        whose own short note laughs ("😂😂 accurate": a meme or a joke goes on), or
        that sends a picture or clip named as a meme ("monday_dog_meme.jpg", a GIF); a
        request to pass it on with laughter or "for a laugh" beside it ("pass it around
        lol", "Forward to whoever needs a laugh") sends a joke on too. Junk
        pitches ("make $500/week from home", "recruit 3 friends") count as chain
        markers. A lesson that has students fact-check or debunk such posts quotes them
        and is not one, nor is mail to the Help Desk alone asking whether an alarm is
        real (what Protocol K asks for), nor a reminder that cites the policy ("BP 1114
        asks us not to send chain letters ...", the acceptable-use rules), nor a notice
        that a circulating message is a hoax and asks people not to send it on ("It is a
        hoax. Please don't forward it", "Es falsa. No reenviar la cadena"). For a
        forward, the forwarded message is what you are sending, so it is checked too:
        the one exception to "quoted history is never linted".

    Why:
        Chain mail and jokes waste everyone's time and clog District mail; virus alarms
        are almost always hoaxes and cause panic.

    Example:
        "FW: FW: Warning!! Do not open any email titled 'Happy Holidays' — forward this
        to everyone you know."

    Policy:
        BP 1114, Email Protocol K: "Don't send chain letters, virus warnings, junk mail,
        or jokes. Always check a reputable antivirus web site or the Technology and
        Information Services Department before sending out an alarm."

    Fix:
        None: don't send it; ask the Technology and Information Services Department
        about any virus alarm.
    """

    code = "EM902"
    name = "chain-letter-hoax-or-joke"
    title = "Chain letter, hoax or joke"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol K"

    @staticmethod
    def verdict(ctx: Context) -> tuple[str, list[Span]] | None:
        """("chain" | "joke", spans in the new text), or None; computed once per check."""
        cached = ctx.__dict__.get("_em902")
        if cached is None:
            cached = ctx.__dict__["_em902"] = (ChainLetterHoaxOrJoke._verdict(ctx),)
        return cached[0]

    @staticmethod
    def _verdict(ctx: Context) -> tuple[str, list[Span]] | None:
        text = ctx.text
        # A forward (by compose type, or a "Forwarded by"/"Original Message" block under
        # a new message) sends the forwarded text on: it is part of what is checked.
        is_forward = ctx.draft.compose_type is ComposeType.FORWARD or (
            ctx.draft.compose_type is ComposeType.NEW and ctx.content.quote_marker == "separator"
        )
        recipients = ctx.draft.all_recipients
        if recipients and all(terms_regex(DATA, "chain", "help_desk_address_regex").search(r.address or "") for r in recipients):
            return None  # asking the Help Desk whether an alarm is real is what Protocol K asks for
        forwarded = ctx.content.quoted_text[:50000] if is_forward else ""
        if not forwarded and terms_regex(DATA, "chain", "policy_reminder_regex").search(text):
            return None  # a reminder of Protocol K names what it asks people not to send
        own, spans = chain_markers(text)
        if len(own | chain_markers(forwarded)[0]) >= 2:
            if not forwarded and _fact_check_lesson(text):
                return None  # a lesson where students fact-check viral posts quotes them
            # "It is a hoax, don't forward it": stopping the chain, not passing it on (a
            # joke in it is still read below).
            if forwarded or not terms_regex(DATA, "chain", "hoax_notice_regex").search(text):
                return "chain", spans[:5]
        subject = ctx.draft.subject or ""
        jokes, strong = phrases("chain", "jokes", DATA), phrases("chain", "jokes_strong", DATA)
        joke_matches = [m for m in jokes.matches(text) if not _JOKE_OF.match(text, m[1])]
        laugh_matches = _laughter(text)
        riddle_matches = _riddle_spans(text)
        shape_matches = _shape_matches(text)
        in_text = ([(a, b) for a, b, _ in joke_matches + strong.matches(text)] + laugh_matches + riddle_matches
                   + [(a, b) for a, b, _ in shape_matches if b > a])
        own_jokes = {p for _, _, p in joke_matches} | jokes.found(subject)
        if laugh_matches or _laughter(subject):
            own_jokes.add("laughter")  # however much laughter, one marker
        passed = phrases("chain", "pass_on", DATA).matches(text)
        if passed and ("laughter" in own_jokes or any(p in terms(DATA)["chain"]["for_a_laugh"] for _, _, p in joke_matches)):
            # Laughter beside it, or "for a laugh": a joke sent on (a newsletter's "Pass it
            # on..." that mentions a joke in a story is not one).
            own_jokes.add("passed on")
            in_text += [(a, b) for a, b, _ in passed]
        shapes = {i for _, _, i in shape_matches} | _shapes(subject, forwarded)
        own_jokes |= {f"shape {i}" for i in shapes}
        # A long forwarded text says "joke" or "haha" in passing: it needs a third marker.
        weak = len(own_jokes) >= 2 or (
            bool(forwarded) and len(own_jokes | jokes.found(forwarded) | ({"laughter"} if _laughter(forwarded) else set())) >= 3
        )
        riddle = bool(riddle_matches) or any(r.search(subject) or (forwarded and r.search(forwarded)) for r in _riddles())
        # A forward that laughs in its subject ("FW: watch till the end 😂") sends a laugh on too.
        laughs = laugh_matches or [e for e in terms(DATA)["chain"]["laughter_emoji"] if e in subject]
        if weak or riddle or laughing_forward(ctx, is_forward, laughs) or meme_forward(ctx, is_forward) or strong.search(text) or strong.search(subject) or (forwarded and strong.search(forwarded)):
            if terms_regex(DATA, "chain", "teaching_regex").search(text):
                return None  # jokes as schoolwork: a lesson, announcements
            return "joke", sorted({Span(a, b) for a, b in in_text})[:5]
        return None

    def check(self, ctx: Context) -> Iterable[Hint]:
        found = self.verdict(ctx)
        if found is None:
            return
        kind, spans = found
        if kind == "chain":
            yield self.hint(ctx, f"This looks like a chain letter or hoax: don't forward it; ask the {ctx.policy.help_desk} about any virus alarm.", spans=spans)
        else:
            yield self.hint(ctx, "Jokes are not District business: don't send them from District mail.", spans=spans)
